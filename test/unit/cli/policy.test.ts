// `tessera policy` through the CLI (in-process, runCli): add a policy of each kind, list, remove; bad
// policies are refused with exit 4 (or 2 for usage) and nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliSandbox, jsonValue, sandboxWithVault } from '../../support/cli-harness';

describe('tessera policy', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  beforeAll(async () => {
    ({ sandbox, env } = await sandboxWithVault());
  });
  afterAll(() => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
  });

  it('adds interval, after-login and event policies, lists them and removes one', async () => {
    const account = jsonValue<{ id: string }>(await sandbox.run(['--json', 'account', 'add', '--name', 'Vendor', '--url', 'https://vendor.test', '--generate'], { env }));
    const interval = jsonValue<{ id: string; schedule: { type: string; every: number; unit: string; window?: { startHour: number } } }>(
      await sandbox.run(['--json', 'policy', 'add', '--name', 'Monthly', '--every', '1', '--unit', 'months', '--window', '22-6', '--tag', 'vendors'], { env }),
    );
    expect(interval.schedule).toMatchObject({ type: 'interval', every: 1, unit: 'months', window: { startHour: 22 } });
    jsonValue(await sandbox.run(['--json', 'policy', 'add', '--name', 'After login', '--after-login', '12', '--account', 'Vendor'], { env }));
    jsonValue(await sandbox.run(['--json', 'policy', 'add', '--name', 'Offboarding', '--on', 'member_removed,deprovisioning'], { env }));

    const listed = jsonValue<{ policies: Array<{ name: string; scope: { accountIds: string[] } }> }>(await sandbox.run(['--json', 'policy', 'list'], { env }));
    expect(listed.policies.map((p) => p.name).sort()).toEqual(['After login', 'Monthly', 'Offboarding']);
    expect(listed.policies.find((p) => p.name === 'After login')?.scope.accountIds).toEqual([account.id]);

    const human = await sandbox.run(['policy', 'list'], { env });
    expect(human.stdout).toContain('every month (22–6h)');
    expect(human.stdout).toContain('12 h after each automated login');

    const removed = await sandbox.run(['policy', 'rm', interval.id], { env });
    expect(removed.code, removed.stderr).toBe(0);
    const after = jsonValue<{ policies: unknown[] }>(await sandbox.run(['--json', 'policy', 'list'], { env }));
    expect(after.policies).toHaveLength(2);
  });

  it('refuses a policy without exactly one trigger, an unknown event, or hours out of range', async () => {
    for (const args of [
      ['policy', 'add', '--name', 'None'],
      ['policy', 'add', '--name', 'Two', '--every', '3', '--after-login', '5'],
      ['policy', 'add', '--name', 'Odd', '--on', 'full_moon'],
      ['policy', 'add', '--name', 'Long', '--after-login', '72'],
      ['policy', 'add', '--name', 'Window', '--every', '3', '--window', '5-5'],
    ]) {
      const result = await sandbox.run(args, { env });
      expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(4);
      expect(result.stderr.length).toBeGreaterThan(10);
    }
    const usage = await sandbox.run(['policy', 'add', '--name', 'Bad unit', '--every', '3', '--unit', 'fortnights'], { env });
    expect(usage.code).toBe(2);
    expect(jsonValue<{ policies: unknown[] }>(await sandbox.run(['--json', 'policy', 'list'], { env })).policies).toHaveLength(2);
  });
});
