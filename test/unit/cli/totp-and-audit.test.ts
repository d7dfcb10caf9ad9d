// `tessera totp` and `tessera audit` through the CLI (in-process, runCli): the printed code is the one the
// MFA service computes, the audit log verifies, exports as CSV and JSON, and a row edited
// in the SQLite file behind Tessera's back makes --verify exit 1 naming the entry.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCode } from '../../../main/mfa';
import { otpParamsFromStored, storedFromOtpauthUri } from '../../../main/mfa/stored-totp';
import { type CliSandbox, jsonError, jsonValue, sandboxWithVault } from '../../support/cli-harness';

const TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const TOTP_URI = `otpauth://totp/Acme:ops@acme.test?secret=${TOTP_SECRET}&issuer=Acme`;

describe('tessera totp', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  beforeAll(async () => {
    ({ sandbox, env } = await sandboxWithVault());
    sandbox.secret(TOTP_SECRET);
  });
  afterAll(() => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
  });

  it('prints the 6-digit code generateCode computes, and the seconds left; --json gives code, remainingSeconds and period', async () => {
    const params = otpParamsFromStored(storedFromOtpauthUri(TOTP_URI));
    jsonValue(await sandbox.run(['--json', 'account', 'add', '--name', 'Acme', '--generate', '--totp', TOTP_URI], { env }));

    const before = Date.now();
    const human = await sandbox.run(['totp', 'acme'], { env });
    const after = Date.now();
    expect(human.code, human.stderr).toBe(0);
    const code = human.stdout.trim();
    expect(code).toMatch(/^\d{6}$/);
    // The call may straddle a period boundary: the code is the one at its start or its end.
    expect([generateCode(params, before), generateCode(params, after)]).toContain(code);
    expect(human.stderr).toMatch(/valid for \d+ more seconds?/);

    const start = Date.now();
    const json = jsonValue<{ code: string; remainingSeconds: number; period: number }>(await sandbox.run(['--json', 'totp', 'Acme'], { env }));
    const end = Date.now();
    expect([generateCode(params, start), generateCode(params, end)]).toContain(json.code);
    expect(json.period).toBe(30);
    expect(json.remainingSeconds).toBeGreaterThanOrEqual(1);
    expect(json.remainingSeconds).toBeLessThanOrEqual(30);
  });

  it('an account without TOTP exits 4 and says how to add one', async () => {
    jsonValue(await sandbox.run(['--json', 'account', 'add', '--name', 'No TOTP', '--generate'], { env }));
    const result = await sandbox.run(['--json', 'totp', 'no totp'], { env });
    expect(result.code).toBe(4);
    expect(jsonError(result).message).toMatch(/has no TOTP\. Add one with: tessera account edit/);
  });
});

describe('tessera audit', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  let vault: string;
  beforeAll(async () => {
    ({ sandbox, env, vault } = await sandboxWithVault());
  });
  afterAll(() => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
  });

  it('verifies an intact log, and exports it as CSV and JSON', async () => {
    jsonValue(await sandbox.run(['--json', 'account', 'add', '--name', 'Audited', '--generate'], { env }));
    const verdict = jsonValue<{ intact: boolean; entries: number }>(await sandbox.run(['--json', 'audit', '--verify'], { env }));
    expect(verdict.intact).toBe(true);
    expect(verdict.entries).toBeGreaterThanOrEqual(3);

    const csv = await sandbox.run(['audit', '--format', 'csv'], { env });
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe('seq,at,kind,accountId,details');
    expect(csv.stdout).toContain('account.create');

    const json = await sandbox.run(['audit', '--format', 'json'], { env });
    const entries = JSON.parse(json.stdout) as { seq: number; kind: string }[];
    expect(entries[0]).toMatchObject({ seq: 1, kind: 'vault.create' });
    expect(entries.map((e) => e.kind)).toContain('audit.export'); // the CSV export above was recorded
  });

  it('exits 1 naming the first bad entry once a row was edited in the database file', async () => {
    const db = new Database(vault);
    try {
      db.exec('DROP TRIGGER audit_log_no_update');
      db.prepare("UPDATE audit_log SET kind = 'account.copy' WHERE seq = 2").run();
    } finally {
      db.close();
    }
    const result = await sandbox.run(['audit', '--verify'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Audit entry #2 was edited/);
    const json = await sandbox.run(['--json', 'audit', '--verify'], { env });
    expect(json.code).toBe(1);
    expect(jsonError(json)).toMatchObject({ code: 'AUDIT_CHAIN_BROKEN', details: { firstBadSeq: 2, problem: 'edited' } });
  });
});
