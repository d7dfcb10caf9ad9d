// Storage for MFA enrolment (main/mfa gives it meaning): the secret captured from a
// site before it was confirmed ("pending"), and the record of each enrolment run (steps,
// masked screenshots). Sealed under the vault's 'mfa' sub-key, bound to the account and row;
// every write carries its audit entry in the same transaction.
import { TesseraError } from '../errors';
import { encodeAad, openJson, sealJson } from '../crypto/aead';
import type { AuditDetails, VaultSession } from './vault-session';

export interface PendingMfaRecord {
  accountId: string;
  createdAt: number;
  data: unknown;
}

export interface MfaRunRecord {
  id: string;
  accountId: string;
  startedAt: number;
  finishedAt: number;
  outcome: string;
  data: unknown;
}

/** Enrolment runs kept per account; older ones are dropped when a new one is saved. */
export const MFA_RUNS_KEPT = 5;

function buf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class MfaRecords {
  constructor(private readonly session: () => VaultSession) {}

  pending(accountId: string): PendingMfaRecord | undefined {
    const session = this.session();
    return session.read(() => {
      const row = session.store.db.prepare('SELECT created_at, data FROM mfa_pending WHERE account_id = ?').get(accountId) as
        | { created_at: number; data: Uint8Array }
        | undefined;
      if (!row) return undefined;
      const data = openJson(session.keys.subKey('mfa'), row.data, encodeAad('mfa.pending', session.vaultId, accountId, row.created_at));
      if (data === undefined) throw new TesseraError('ITEM_CORRUPT', `The pending MFA secret of account ${accountId} is damaged. Turn MFA on again.`, { itemId: accountId });
      return { accountId, createdAt: row.created_at, data };
    });
  }

  /** Saves (replaces) the pending secret, durably, before the site is asked to confirm it. */
  putPending(accountId: string, data: unknown, details: AuditDetails): void {
    const session = this.session();
    session.write((tx) => {
      const sealed = sealJson(session.keys.subKey('mfa'), data, encodeAad('mfa.pending', session.vaultId, accountId, tx.now));
      tx.store.db.prepare('INSERT OR REPLACE INTO mfa_pending (account_id, created_at, data) VALUES (?, ?, ?)').run(accountId, tx.now, buf(sealed));
      tx.audit('mfa.pending_saved', accountId, details);
    });
  }

  clearPending(accountId: string, details: AuditDetails): boolean {
    const session = this.session();
    return session.write((tx) => {
      const removed = tx.store.db.prepare('DELETE FROM mfa_pending WHERE account_id = ?').run(accountId).changes === 1;
      if (removed) tx.audit('mfa.pending_cleared', accountId, details);
      return removed;
    });
  }

  putRun(run: MfaRunRecord, details: AuditDetails): void {
    const session = this.session();
    session.write((tx) => {
      const db = tx.store.db;
      const sealed = sealJson(session.keys.subKey('mfa'), run.data, encodeAad('mfa.run', session.vaultId, run.id, run.accountId, run.outcome));
      db.prepare('INSERT OR REPLACE INTO mfa_runs (id, account_id, started_at, finished_at, outcome, data) VALUES (?, ?, ?, ?, ?, ?)')
        .run(run.id, run.accountId, run.startedAt, run.finishedAt, run.outcome, buf(sealed));
      db.prepare(`DELETE FROM mfa_runs WHERE account_id = ? AND id NOT IN
        (SELECT id FROM mfa_runs WHERE account_id = ? ORDER BY started_at DESC LIMIT ?)`).run(run.accountId, run.accountId, MFA_RUNS_KEPT);
      tx.audit('mfa.enrollment', run.accountId, { ...details, outcome: run.outcome });
    });
  }

  /** Newest first, at most `limit`; a damaged run is left out. */
  runs(accountId: string, limit = MFA_RUNS_KEPT): MfaRunRecord[] {
    const session = this.session();
    return session.read(() => {
      const rows = session.store.db.prepare('SELECT * FROM mfa_runs WHERE account_id = ? ORDER BY started_at DESC LIMIT ?').all(accountId, limit) as
        { id: string; account_id: string; started_at: number; finished_at: number; outcome: string; data: Uint8Array }[];
      return rows.flatMap((row) => {
        const data = openJson(session.keys.subKey('mfa'), row.data, encodeAad('mfa.run', session.vaultId, row.id, row.account_id, row.outcome));
        return data === undefined ? [] : [{ id: row.id, accountId: row.account_id, startedAt: row.started_at, finishedAt: row.finished_at, outcome: row.outcome, data }];
      });
    });
  }
}
