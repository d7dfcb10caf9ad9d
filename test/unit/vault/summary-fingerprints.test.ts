// Sealed summaries carry what a level needs without decrypting or scoring every account: the
// password's keyed fingerprint (reuse) and, once worked out, its strength score. Real vault
// files at the test KDF cost. Summaries written before schema 5 (simulated by rewriting them
// without the fields through the vault's own write path) keep working and are backfilled; a
// score is kept only for the version it was worked out for.
import { describe, expect, it } from 'vitest';
import type { AccountSummary, Vault } from '../../../main/vault';
import { LATEST_SCHEMA_VERSION } from '../../../main/vault/migrations';
import type { VaultSession } from '../../../main/vault/vault-session';
import { createTestVault, openTestVault, PASSWORD, withRawDb } from './helpers';

const summaries = (vault: Vault) => vault.accounts.list({ deleted: 'include' }).flatMap((e) => (e.status === 'ok' ? [e] : []));

/** Rewrites every summary as Tessera wrote them before schema 5: no fingerprint, no score. */
function writeOldSummaries(vault: Vault): void {
  const session = (vault.accounts as unknown as { session: () => VaultSession }).session();
  session.write((tx) => {
    for (const summary of [...session.summaries()]) {
      const { passwordFingerprint: _f, passwordScore: _s, ...old } = summary;
      tx.updateSummary(old as AccountSummary);
    }
  });
}

describe('summaries with the password fingerprint and score', () => {
  it('carry the keyed fingerprint of the password from the first write, empty without one', async () => {
    const { vault, path } = await createTestVault();
    const a = vault.accounts.create({ name: 'A', password: 'Same-Pass-1!' }).id;
    const b = vault.accounts.create({ name: 'B', password: 'Same-Pass-1!' }).id;
    const c = vault.accounts.create({ name: 'C', password: '' }).id;
    const byId = new Map(summaries(vault).map((s) => [s.id, s]));
    expect(byId.get(a)!.passwordFingerprint).toBe(vault.secretFingerprint('Same-Pass-1!'));
    expect(byId.get(b)!.passwordFingerprint).toBe(byId.get(a)!.passwordFingerprint);
    expect(byId.get(c)!.passwordFingerprint).toBe('');
    expect(withRawDb(path, (db) => db.pragma('user_version', { simple: true }))).toBe(LATEST_SCHEMA_VERSION);
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(5);
  });

  it('backfills summaries written before they carried it, a slice at a time, and keeps them across a reopen', async () => {
    const { vault, path } = await createTestVault();
    for (let i = 0; i < 5; i++) vault.accounts.create({ name: `Site ${i}`, password: `pass-${i}-Xq9!` });
    writeOldSummaries(vault);
    vault.close();

    const reopened = openTestVault(path);
    await reopened.unlock(PASSWORD);
    expect(summaries(reopened).every((s) => s.passwordFingerprint === undefined)).toBe(true);
    expect(reopened.accounts.backfillFingerprints(2)).toEqual({ updated: 2, remaining: 3 });
    expect(reopened.accounts.backfillFingerprints()).toEqual({ updated: 3, remaining: 0 });
    expect(reopened.accounts.backfillFingerprints()).toEqual({ updated: 0, remaining: 0 });
    reopened.close();

    const again = openTestVault(path);
    await again.unlock(PASSWORD);
    for (const summary of summaries(again)) {
      expect(summary.passwordFingerprint).toBe(again.secretFingerprint(again.accounts.get(summary.id).password));
    }
  });

  it('keeps a strength score for the version it was worked out for; an edit drops it', async () => {
    const { vault, path } = await createTestVault();
    const { id, version } = vault.accounts.create({ name: 'Scored', password: 'weak1' });
    expect(vault.accounts.recordScores([{ id, version, score: 0 }, { id, version: version + 7, score: 4 }, { id: 'no-such-account', version: 1, score: 2 }])).toBe(1);
    expect(summaries(vault)[0]!.passwordScore).toBe(0);
    vault.close();

    const reopened = openTestVault(path);
    await reopened.unlock(PASSWORD);
    expect(summaries(reopened)[0]!.passwordScore).toBe(0);
    expect(reopened.accounts.recordScores([{ id, version, score: 9 }])).toBe(0); // not a zxcvbn score
    reopened.accounts.update(id, version, { password: 'a much longer passphrase now, 2026!' });
    expect(summaries(reopened)[0]!.passwordScore).toBeUndefined();
  });
});
