// `tessera rotate` reads the person's recipes (<data dir>/recipes/*.json) as logins do: on a
// site whose change page no link leads to, the failure advice says to add a recipe with
// flows.changePassword.url; once that recipe is in the folder, the same command rotates, and
// TESSERA_RECIPES=off switches it off again. In-process CLI, real Chromium, a real fixture site.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { start as startUnlinked, UNLINKED_CHANGE_PATH } from '../../fixtures/sites/change-password-unlinked/server';
import { type CliSandbox, jsonError, jsonValue, sandboxWithVault } from '../../support/cli-harness';

interface RotateError {
  code: string;
  results?: { state: string; failure?: { code: string; advice: string } }[];
}

describe('tessera rotate with a user change-password recipe', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  let recipesDir: string;
  let site: Awaited<ReturnType<typeof startUnlinked>>;
  let id: string;
  const run = (args: string[], input?: string) => sandbox.run(['--json', ...args], { env, ...(input === undefined ? {} : { input }) });

  beforeAll(async () => {
    let vault: string;
    ({ sandbox, env, vault } = await sandboxWithVault());
    recipesDir = join(dirname(vault), 'recipes');
    site = await startUnlinked();
    sandbox.secret(FIXTURE_PASSWORD);
    ({ id } = jsonValue<{ id: string }>(await run(['account', 'add', '--name', 'Hidden Door', '--url', site.url, '--username', FIXTURE_USERNAME, '--password-stdin'], FIXTURE_PASSWORD)));
  }, 120_000);
  afterAll(async () => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
    await site.close();
  });

  const writeRecipe = () => {
    mkdirSync(recipesDir, { recursive: true });
    writeFileSync(join(recipesDir, 'hidden-door.json'), JSON.stringify({
      name: 'Hidden Door',
      version: 1,
      match: { hosts: [new URL(site.url).hostname] },
      flows: { changePassword: { url: UNLINKED_CHANGE_PATH } },
    }));
  };

  it('without a recipe: no change page is found, and the advice names flows.changePassword.url', async () => {
    const error = jsonError(await run(['rotate', id, '--yes'])) as RotateError;
    expect(error.code).toBe('ROTATION_FAILED');
    expect(error.results?.[0]?.failure?.code).toBe('no_change_page');
    expect(error.results?.[0]?.failure?.advice).toContain('flows.changePassword.url');
    expect(site.state.changes).toBe(0);
  });

  it('with TESSERA_RECIPES=off the recipe in the folder is not read', async () => {
    writeRecipe();
    // The in-process CLI shares this process's environment, where the recipe loader reads the switch.
    process.env['TESSERA_RECIPES'] = 'off';
    try {
      const error = jsonError(await run(['rotate', id, '--yes'])) as RotateError;
      expect(error.results?.[0]?.failure?.code).toBe('no_change_page');
      expect(site.state.changes).toBe(0);
    } finally {
      delete process.env['TESSERA_RECIPES'];
    }
  });

  it('with the recipe the advice asked for, the same command rotates; the vault and the site agree', async () => {
    writeRecipe();
    const value = jsonValue<{ results: { accountId: string; state: string }[] }>(await run(['rotate', id, '--yes']));
    expect(value.results).toEqual([expect.objectContaining({ accountId: id, state: 'COMMITTED' })]);
    const shown = jsonValue<{ password: string }>(await run(['account', 'show', id, '--reveal']));
    sandbox.secret(shown.password);
    expect(shown.password).not.toBe(FIXTURE_PASSWORD);
    expect(site.state.passwords.get(FIXTURE_USERNAME)).toBe(shown.password);
  });

  it('a broken recipe file stops the rotation before the site is touched, naming the file', async () => {
    writeFileSync(join(recipesDir, 'broken.json'), JSON.stringify({ name: 'Broken', version: 1, match: { hosts: ['x.test'] }, flows: { changePassword: { url: 'settings', script: 'x' } } }));
    const attempts = site.state.loginAttempts;
    const result = await run(['rotate', id, '--yes']);
    expect(result.code).not.toBe(0);
    expect(JSON.stringify(JSON.parse(result.stdout))).toContain('broken.json');
    expect(site.state.loginAttempts).toBe(attempts);
  });
});
