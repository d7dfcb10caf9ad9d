// `tessera level`, and the level in `account list --json` and `account show`, through the
// built CLI on a real vault file: the same facts service as the app, so a junk TOTP secret
// and a policy that cannot run are failures, and a generated password with a valid TOTP key
// and a runnable policy earn exactly their milestones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliSandbox, jsonValue, sandboxWithVault } from '../../support/cli-harness';

type Milestone = { id: string; status: string; detail: string };
type Listed = { id: string; name: string; level: number | null; missing: string[]; failed: string[] };

describe('tessera level', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  const run = (args: string[]) => sandbox.run(['--json', ...args], { env });
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ sandbox, env } = await sandboxWithVault());
    const add = async (name: string, args: string[]) => {
      ids[name] = jsonValue<{ id: string }>(await run(['account', 'add', '--name', name, '--generate', '--tag', 'ops', ...args])).id;
    };
    await add('Good', ['--url', 'https://good.example/login', '--totp', 'otpauth://totp/Good:ops?secret=JBSWY3DPEHPK3PXP&issuer=Good']);
    // Passes the vault's base32 check (NOTASECRET) but is six bytes: no authenticator key.
    await add('Junk', ['--totp', 'otpauth://totp/Junk:ops?secret=NOTASECRET&issuer=Junk']);
    await add('Mailer', ['--url', 'https://mailer.example/login', '--codes-by', 'email']);
    jsonValue(await run(['policy', 'add', '--name', 'Monthly', '--every', '1', '--unit', 'months', '--tag', 'ops']));
  });
  afterAll(() => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
  });

  it('puts each live account’s level, missing and failed milestones in account list --json', async () => {
    const listed = jsonValue<Listed[]>(await run(['account', 'list']));
    const byName = Object.fromEntries(listed.map((l) => [l.name, l]));
    expect(byName['Good']).toMatchObject({ level: 2, missing: ['credentials', 'managedContact', 'shared'], failed: [] });
    expect(byName['Junk']).toMatchObject({ level: 0, failed: ['managedMfa', 'rotation'] });
    expect(byName['Mailer']).toMatchObject({ level: 1, missing: ['credentials', 'managedContact', 'managedMfa', 'shared'] });
  });

  it('shows the level and each milestone’s status and reason in account show', async () => {
    const shown = jsonValue<{ security: { level: number; milestones: Milestone[]; attention: string[] } }>(await run(['account', 'show', 'Junk']));
    expect(shown.security.level).toBe(0);
    expect(shown.security.attention).toEqual(['totp-invalid']);
    expect(shown.security.milestones.find((m) => m.id === 'managedMfa')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/not a usable authenticator key/) });
    expect(shown.security.milestones.find((m) => m.id === 'rotation')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/no login URL/) });
    const mailer = jsonValue<{ security: { milestones: Milestone[] } }>(await run(['account', 'show', 'Mailer']));
    // Emailed codes need a managed email first.
    expect(mailer.security.milestones.find((m) => m.id === 'managedMfa')).toMatchObject({ status: 'missing', detail: expect.stringMatching(/no managed email/) });
    const text = await sandbox.run(['account', 'show', 'Good'], { env });
    expect(text.stdout).toMatch(/Security level: 2\/5/);
    expect(text.stdout).toMatch(/✓ Managed MFA/);
    expect(text.stdout).toMatch(/○ Shared \(not yet\)/);
  });

  it('summarises accounts per level and what blocks the next level, failures first', async () => {
    const summary = jsonValue<{ total: number; distribution: number[]; failed: Record<string, number>; accounts: { name: string; level: number; blocking: Milestone[] }[] }>(await run(['level']));
    expect(summary.total).toBe(3);
    expect(summary.distribution).toEqual([1, 1, 1, 0, 0, 0]);
    expect(summary.failed).toMatchObject({ managedMfa: 1, rotation: 1, credentials: 0 });
    const junk = summary.accounts.find((a) => a.name === 'Junk')!;
    expect(junk.blocking.slice(0, 2).map((m) => m.status)).toEqual(['failed', 'failed']);
    const text = await sandbox.run(['level'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/3 accounts; at level 5: 0/);
    expect(text.stdout).toMatch(/Junk \(.+\) — level 0\n\s+failed: Managed MFA/);
  });
});
