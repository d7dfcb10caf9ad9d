import { describe, expect, it } from 'vitest';
import type { Vault } from '../../../main/vault';
import { createTestVault, errorCode, openTestVault, PASSWORD, withRawDb } from './helpers';

/** A vault with entries 1..6, closed, plus its path. */
async function loggedVault(): Promise<string> {
  const { vault, path } = await createTestVault();
  const { id } = vault.accounts.create({ name: 'Alpha', password: 'pw-123456' });
  vault.accounts.reveal(id, 'password');
  vault.audit.append('rotation.commit', id, { policy: 'p1' });
  vault.audit.append('rotation.commit', id, { policy: 'p2' });
  vault.audit.append('rotation.commit', id, { policy: 'p3' });
  vault.close();
  return path;
}

async function reopenVerified(path: string): Promise<ReturnType<Vault['audit']['verify']>> {
  // Verify before unlock appends anything: unlock itself appends `vault.unlock`.
  const vault = openTestVault(path);
  await vault.unlock(PASSWORD);
  return vault.audit.verify();
}

const unprotected = (path: string, sql: string, ...args: unknown[]): void =>
  withRawDb(path, (db) => {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
    db.prepare(sql).run(...args);
  });

describe('audit log', () => {
  it('verifies an intact chain and exports it as JSON and CSV', async () => {
    const { vault } = await createTestVault();
    const { id } = vault.accounts.create({ name: '=cmd|calc', password: 'pw-123456' });
    vault.audit.append('automation.login', id, { ok: true, steps: ['goto', 'fill'] });
    expect(vault.audit.verify()).toEqual({ ok: true, entries: 3 });
    const json = JSON.parse(vault.audit.export('json'));
    expect(json.map((e: { kind: string }) => e.kind)).toEqual(['vault.create', 'account.create', 'automation.login']);
    expect(json[2].details).toEqual({ ok: true, steps: ['goto', 'fill'] });
    const csv = vault.audit.export('csv');
    expect(csv.split('\r\n')[0]).toBe('seq,at,kind,accountId,details');
    expect(csv).toContain(`2,`);
    expect(csv).toMatch(/"\{""name"":""=cmd\|calc""\}"/);
    expect(vault.audit.entries().at(-1)!.kind).toBe('audit.export');
  });

  it("reads one account's entries newest first, up to a limit, without the others'", async () => {
    const { vault } = await createTestVault();
    const a = vault.accounts.create({ name: 'Alpha', password: 'pw-123456' }).id;
    const b = vault.accounts.create({ name: 'Beta', password: 'pw-654321' }).id;
    vault.audit.append('rotation.commit', a, { policy: 'p1' });
    vault.audit.append('rotation.commit', b, { policy: 'other' });
    vault.audit.append('rotation.commit', a, { policy: 'p2' });
    expect(vault.audit.forAccount(a, 10).map((e) => [e.kind, e.details])).toEqual([
      ['rotation.commit', { policy: 'p2' }],
      ['rotation.commit', { policy: 'p1' }],
      ['account.create', { name: 'Alpha' }],
    ]);
    expect(vault.audit.forAccount(a, 1).map((e) => e.details)).toEqual([{ policy: 'p2' }]);
    expect(vault.audit.forAccount(b, 10).every((e) => e.accountId === b)).toBe(true);
    expect(vault.audit.forAccount('no-such-account', 10)).toEqual([]);
  });

  it('refuses event kinds that could carry typed text', async () => {
    const { vault } = await createTestVault();
    expect(await errorCode(() => vault.audit.append('my password is hunter2', null))).toBe('INVALID_INPUT');
  });

  it('is append-only at the SQL level too', async () => {
    const { vault, path } = await createTestVault();
    vault.close();
    expect(() => withRawDb(path, (db) => db.prepare('DELETE FROM audit_log').run())).toThrow(/append-only/);
  });

  it('detects an edited entry', async () => {
    const path = await loggedVault();
    unprotected(path, "UPDATE audit_log SET kind = 'account.create' WHERE seq = 3");
    expect(await reopenVerified(path)).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'edited' });
  });

  it('detects edited sealed details', async () => {
    const path = await loggedVault();
    const details = withRawDb(path, (db) => db.prepare('SELECT details FROM audit_log WHERE seq = 4').pluck().get()) as Buffer;
    details[30]! ^= 1;
    unprotected(path, 'UPDATE audit_log SET details = ? WHERE seq = 4', details);
    expect(await reopenVerified(path)).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'edited' });
  });

  it('detects a removed entry', async () => {
    const path = await loggedVault();
    unprotected(path, 'DELETE FROM audit_log WHERE seq = 2');
    expect(await reopenVerified(path)).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'missing' });
  });

  it('detects reordered entries', async () => {
    const path = await loggedVault();
    unprotected(path, 'UPDATE audit_log SET seq = seq + 100 WHERE seq IN (4, 5)');
    unprotected(path, 'UPDATE audit_log SET seq = CASE seq WHEN 104 THEN 5 ELSE 4 END WHERE seq IN (104, 105)');
    expect(await reopenVerified(path)).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('detects entries removed from the end', async () => {
    const path = await loggedVault();
    unprotected(path, 'DELETE FROM audit_log WHERE seq >= 5');
    const verdict = await reopenVerified(path);
    expect(verdict).toMatchObject({ ok: false, problem: 'truncated' });
  });

  it('detects an entry re-signed by another key', async () => {
    const path = await loggedVault();
    const other = await createTestVault();
    const signature = withRawDb(other.path, (db) => db.prepare('SELECT signature FROM audit_log WHERE seq = 1').pluck().get());
    other.vault.close();
    unprotected(path, 'UPDATE audit_log SET signature = ? WHERE seq = 1', signature);
    expect(await reopenVerified(path)).toMatchObject({ ok: false, firstBadSeq: 1, problem: 'bad-signature' });
  });

  it('names the first bad entry in AUDIT_CHAIN_BROKEN', async () => {
    const path = await loggedVault();
    unprotected(path, 'DELETE FROM audit_log WHERE seq = 3');
    const vault = openTestVault(path);
    await vault.unlock(PASSWORD);
    let error: unknown;
    try {
      vault.audit.assertIntact();
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'AUDIT_CHAIN_BROKEN', details: { firstBadSeq: 3 }, message: expect.stringContaining('#3') });
  });
});
