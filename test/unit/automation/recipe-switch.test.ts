// TESSERA_RECIPES=off: the real-app suite runs the generic engine alone, without the bundled
// recipes or the person's recipes folder.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRecipes, recipesSwitchedOff, userRecipesDir } from '../../../automation/recipes/recipe-loader';

const dataDir = mkdtempSync(join(tmpdir(), 'tessera-recipes-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the recipes switch', () => {
  it.each<[Record<string, string | undefined>, boolean]>([
    [{}, false],
    [{ TESSERA_RECIPES: 'on' }, false],
    [{ TESSERA_RECIPES: 'off' }, true],
    [{ TESSERA_RECIPES: ' OFF ' }, true],
  ])('%j switches recipes off: %s', (env, off) => {
    expect(recipesSwitchedOff(env)).toBe(off);
  });

  it('loads bundled and user recipes normally, none when switched off', async () => {
    mkdirSync(userRecipesDir(dataDir), { recursive: true });
    writeFileSync(join(userRecipesDir(dataDir), 'broken.json'), '{ "name": ');
    await expect(loadRecipes(dataDir, {})).rejects.toMatchObject({ code: 'RECIPE_INVALID' });
    expect(await loadRecipes(dataDir, { TESSERA_RECIPES: 'off' })).toEqual([]);
    rmSync(join(userRecipesDir(dataDir), 'broken.json'));
    expect((await loadRecipes(dataDir, {})).map((entry) => entry.origin)).toContain('bundled');
  });
});
