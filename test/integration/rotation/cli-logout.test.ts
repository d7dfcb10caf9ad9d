// `tessera logout` (Universal Logout from the command line, in-process runCli) against a
// fixture site with "sign out of all sessions": refused from a script without --yes (nothing
// signed out), then with --yes every session is revoked and the password rotated, reported
// per account in text and --json; the job queue shows the person's run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { start as startLogoutSite } from '../../fixtures/sites/change-password-logout-everywhere/server';
import { type CliSandbox, jsonError, jsonValue, sandboxWithVault } from '../../support/cli-harness';

describe('tessera logout', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  let site: Awaited<ReturnType<typeof startLogoutSite>>;
  let id: string;
  const run = (args: string[], input?: string) => sandbox.run(args, { env, ...(input === undefined ? {} : { input }) });

  beforeAll(async () => {
    ({ sandbox, env } = await sandboxWithVault());
    site = await startLogoutSite();
    sandbox.secret(FIXTURE_PASSWORD);
    ({ id } = jsonValue<{ id: string }>(await run(['--json', 'account', 'add', '--name', 'Keeper', '--url', site.url, '--username', FIXTURE_USERNAME, '--password-stdin'], FIXTURE_PASSWORD)));
  }, 120_000);
  afterAll(async () => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
    await site.close();
  });

  it('refuses from a script without --yes, and signs nothing out', async () => {
    const result = await run(['--json', 'logout', 'Keeper']);
    expect(result.code).toBe(2);
    expect(jsonError(result).code).toBe('USAGE');
    expect(site.state.logoutEverywhereCount).toBe(0);
  });

  it('with --yes signs out every session, rotates, and says so per account', async () => {
    const result = await run(['logout', 'Keeper', '--yes']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${id}  signed out: yes; COMMITTED`);
    expect(site.state.logoutEverywhereCount).toBe(1);
    const shown = jsonValue<{ password: string }>(await run(['--json', 'account', 'show', id, '--reveal']));
    expect(shown.password).toBe(site.state.passwords.get(FIXTURE_USERNAME));
    expect(shown.password).not.toBe(FIXTURE_PASSWORD);
    sandbox.secret(shown.password);

    const { jobs } = jsonValue<{ jobs: { accountId: string; task: string; trigger: string; status: string }[] }>(await run(['--json', 'jobs']));
    expect(jobs).toEqual([expect.objectContaining({ accountId: id, task: 'logout-and-rotate', trigger: 'manual', status: 'done' })]);
  });

  it('--json reports the logout and the rotation of each account', async () => {
    const value = jsonValue<{ results: { accountId: string; logout: string; state: string }[] }>(await run(['--json', 'logout', id, '--yes']));
    expect(value.results).toEqual([expect.objectContaining({ accountId: id, logout: 'signed_out', state: 'COMMITTED' })]);
    sandbox.secret(site.state.passwords.get(FIXTURE_USERNAME)!);
  });
});
