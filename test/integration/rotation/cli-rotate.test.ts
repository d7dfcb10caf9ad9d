// `tessera rotate`, `jobs` and `approve` through the CLI (in-process, runCli) against a fixture site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { start as startClassic } from '../../fixtures/sites/change-password-classic/server';
import { start as startLoginOnly } from '../../fixtures/sites/classic-form/server';
import { type CliSandbox, jsonError, jsonValue, sandboxWithVault } from '../../support/cli-harness';

describe('tessera rotate', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  let site: Awaited<ReturnType<typeof startClassic>>;
  let id: string;
  const run = (args: string[], input?: string) => sandbox.run(['--json', ...args], { env, ...(input === undefined ? {} : { input }) });

  beforeAll(async () => {
    ({ sandbox, env } = await sandboxWithVault());
    site = await startClassic();
    sandbox.secret(FIXTURE_PASSWORD);
    ({ id } = jsonValue<{ id: string }>(await run(['account', 'add', '--name', 'Classic', '--url', site.url, '--username', FIXTURE_USERNAME, '--password-stdin'], FIXTURE_PASSWORD)));
  }, 120_000);
  afterAll(async () => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
    await site.close();
  });

  it('refuses to rotate from a script without --yes (no terminal to confirm on)', async () => {
    const result = await run(['rotate', 'Classic']);
    expect(result.code).toBe(2);
    expect(jsonError(result).code).toBe('USAGE');
    expect(site.state.changes).toBe(0);
  });

  it('rotates with --yes and reports the final state; the vault and the site agree', async () => {
    const value = jsonValue<{ results: { accountId: string; state: string }[] }>(await run(['rotate', 'Classic', '--yes']));
    expect(value.results).toEqual([expect.objectContaining({ accountId: id, state: 'COMMITTED' })]);
    const shown = jsonValue<{ password: string; passwordHistory: number }>(await run(['account', 'show', id, '--reveal']));
    expect(shown.password).toBe(site.state.passwords.get(FIXTURE_USERNAME));
    expect(shown.passwordHistory).toBe(1);
    sandbox.secret(shown.password);
  });

  it('says per account which step failed, why, the last page, what was tried and what to do (text on stderr, the same in --json)', async () => {
    const loginOnly = await startLoginOnly();
    try {
      const { id: other } = jsonValue<{ id: string }>(await run(['account', 'add', '--name', 'No change page', '--url', loginOnly.url, '--username', FIXTURE_USERNAME, '--password-stdin'], FIXTURE_PASSWORD));
      const json = await run(['rotate', other, '--yes']);
      expect(json.code).toBe(1);
      const error = jsonError(json) as { code: string; results?: { accountId: string; state: string; failure?: Record<string, unknown> }[] };
      expect(error.code).toBe('ROTATION_FAILED');
      const host = new URL(loginOnly.url).host;
      expect(error.results).toEqual([expect.objectContaining({
        accountId: other,
        state: 'ABORTED',
        failure: {
          step: 'find-change-page',
          code: 'no_change_page',
          why: expect.stringMatching(/no change-password page was found/),
          lastPage: { url: expect.stringContaining(host), title: expect.any(String) },
          tried: expect.arrayContaining([expect.stringMatching(/^find-change-page ok: not found/)]),
          advice: expect.stringContaining(`add a recipe for ${host} in your recipes folder with flows.changePassword.url =`),
        },
      })]);

      const text = await sandbox.run(['rotate', other, '--yes'], { env });
      expect(text.code).toBe(1);
      expect(text.stderr).toContain('failed step: find-change-page (no_change_page)');
      expect(text.stderr).toMatch(new RegExp(`last page: http://${host.replace(/\./g, '\\.')}/\\S*`));
      expect(text.stderr).toMatch(/tried:\n\s+- /);
      expect(text.stderr).toContain(`what to do: Open ${host} logged in`);
      expect(text.stderr).toContain('1 of 1 rotation did not complete');
    } finally {
      await loginOnly.close();
    }
  });

  it('lists no jobs, and says so for an unknown job', async () => {
    expect(jsonValue<{ jobs: unknown[] }>(await run(['jobs'])).jobs).toEqual([]);
    const result = await run(['approve', 'no-such-job']);
    expect(result.code).toBe(4); // bad input: no job with that id
    expect(jsonError(result).code).toBe('JOB_NOT_FOUND');
  });
});
