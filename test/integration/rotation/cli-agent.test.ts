// `tessera agent` as its own process (the built CLI, real KDF cost) against a fixture site: a
// policy approved ahead of time rotates an account at its scheduled minute with nobody acting
// (issue 19's "done when"), and the agent stops cleanly on SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { start as startClassic } from '../../fixtures/sites/change-password-classic/server';
import { type CliSandbox, MASTER, jsonError, jsonValue, sandboxWithVault } from '../../support/cli-harness';

describe('tessera agent', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  let site: Awaited<ReturnType<typeof startClassic>>;
  const run = (args: string[], input?: string) => sandbox.spawn(['--json', ...args], { env, ...(input === undefined ? {} : { input }) });

  beforeAll(async () => {
    ({ sandbox, env } = await sandboxWithVault({ spawned: true }));
    site = await startClassic();
    sandbox.secret(FIXTURE_PASSWORD);
  }, 120_000);
  afterAll(async () => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
    await site.close();
  });

  it('rotates an account at its policy\'s scheduled time with a standing approval and nobody acting', async () => {
    const { id } = jsonValue<{ id: string }>(await run(['account', 'add', '--name', 'Classic', '--url', site.url, '--username', FIXTURE_USERNAME, '--password-stdin'], FIXTURE_PASSWORD));
    // The first run is a little in the future: the agent is already waiting when it comes.
    const startAt = Date.now() + 40_000;
    const policy = jsonValue<{ id: string }>(await run(['policy', 'add', '--name', 'Classic daily', '--every', '1', '--unit', 'days', '--start', new Date(startAt).toISOString(), '--account', id]));

    // From the command line the approval must say it outlasts the command.
    const unsure = await run(['policy', 'approve', policy.id, '--for', '1h']);
    expect(unsure.code).toBe(2);
    expect(jsonError(unsure).code).toBe('USAGE');
    expect(jsonError(await run(['policy', 'approve', policy.id, '--for', '31d', '--keep-while-locked'])).code).toBe('INVALID_INPUT');
    const approved = await run(['policy', 'approve', policy.id, '--for', '1h', '--keep-while-locked']);
    expect(approved.code).toBe(0);
    expect(approved.stderr).toContain('also while the vault is locked');
    const listed = jsonValue<{ policies: { id: string; standingApproval: { inactiveBecause: string | null } | null }[] }>(await run(['policy', 'list']));
    expect(listed.policies).toEqual([expect.objectContaining({ id: policy.id, standingApproval: expect.objectContaining({ inactiveBecause: null }) })]);

    // A service has no terminal and no TESSERA_PASSWORD: the master password comes from a file.
    const passwordFile = sandbox.file('master-password', `${MASTER}\n`);
    const { TESSERA_PASSWORD: _unused, ...serviceEnv } = env;
    const agent = await sandbox.spawn(['agent', '--interval', '5s', '--password-file', passwordFile], {
      env: serviceEnv,
      stopWhen: /(rotated|FAILED) {2}Classic/,
      timeoutMs: 240_000,
    });
    expect(agent.stderr).toContain('Tessera agent: running due rotation jobs every 5s');
    expect(agent.stderr).toMatch(/rotated {2}Classic {2}\(job [0-9a-f-]+, schedule\): COMMITTED/);
    expect(agent.code).toBe(0);
    expect(agent.stdout).toMatch(/The agent stopped after \d+ rounds?: 1 rotation done, 0 failed\./);

    // The site and the vault agree on the new password; the job ran at (not before) its time.
    expect(site.state.changes).toBe(1);
    const shown = jsonValue<{ password: string }>(await run(['account', 'show', id, '--reveal']));
    sandbox.secret(shown.password);
    expect(shown.password).toBe(site.state.passwords.get(FIXTURE_USERNAME));
    expect(shown.password).not.toBe(FIXTURE_PASSWORD);
    const { jobs } = jsonValue<{ jobs: { status: string; trigger: string; dueAt: number; updatedAt: number }[] }>(await run(['jobs']));
    expect(jobs).toEqual([expect.objectContaining({ status: 'done', trigger: 'schedule' })]);
    expect(jobs[0]!.updatedAt).toBeGreaterThanOrEqual(startAt);

    // Revoked: the approval is gone from the list.
    expect((await run(['policy', 'revoke', policy.id])).code).toBe(0);
    expect(jsonValue<{ policies: { standingApproval: unknown }[] }>(await run(['policy', 'list'])).policies[0]!.standingApproval).toBeNull();
  }, 300_000);
});
