// Loads the recipes that apply on this machine: the bundled ones and every *.json in the
// person's recipes folder (<dataDir>/recipes). A broken file is a RECIPE_INVALID error that
// names it, never silently skipped: a recipe someone relies on must not quietly stop working.
// TESSERA_RECIPES=off switches both off: the real-app suite proves the generic engine alone.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { TesseraError } from '../../main/errors';
import { BUNDLED_RECIPES } from './bundled';
import type { LoadedRecipe } from './recipe-matching';
import { parseRecipe, validateRecipe } from './recipe-validation';

export const USER_RECIPES_FOLDER = 'recipes';

export function userRecipesDir(dataDir: string): string {
  return path.join(dataDir, USER_RECIPES_FOLDER);
}

export function loadBundledRecipes(): LoadedRecipe[] {
  return BUNDLED_RECIPES.map(({ file, json }) => ({ recipe: validateRecipe(file, json), file, origin: 'bundled' as const }));
}

/** The person's recipes, in file-name order; a missing folder holds none. */
export async function loadUserRecipes(dir: string): Promise<LoadedRecipe[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new TesseraError('RECIPE_INVALID', `The recipes folder ${dir} cannot be read (${(error as Error).message}). Check its permissions.`, { file: dir, path: '$' });
  }
  const loaded: LoadedRecipe[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    loaded.push({ recipe: parseRecipe(file, await readFile(file, 'utf8')), file, origin: 'user' });
  }
  return loaded;
}

export const RECIPES_SWITCH = 'TESSERA_RECIPES';

/** Pure: whether the environment switches recipes off (`TESSERA_RECIPES=off`). */
export function recipesSwitchedOff(env: Readonly<Record<string, string | undefined>>): boolean {
  return env[RECIPES_SWITCH]?.trim().toLowerCase() === 'off';
}

export async function loadRecipes(dataDir: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<LoadedRecipe[]> {
  if (recipesSwitchedOff(env)) return [];
  return [...(await loadUserRecipes(userRecipesDir(dataDir))), ...loadBundledRecipes()];
}
