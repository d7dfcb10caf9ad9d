// The audit log as a service: append events (the vault's own and, through `append`,
// automation's), read them back decrypted, verify the chain, export CSV or JSON.
// Entries are written inside the same transaction as the change they describe; the
// tamper evidence itself lives in audit-chain.ts.
import { TesseraError } from '../errors';
import { openJson } from '../crypto/aead';
import { genesisHash, verifyAuditChain, type ChainVerdict } from './audit-chain';
import type { AuditRow } from './store';
import { auditDetailsAad, type AuditDetails, type VaultSession } from './vault-session';

/** The events the vault itself records; automation adds its own kinds through `append`. */
export const VAULT_AUDIT_EVENTS = [
  'vault.create',
  'vault.unlock',
  'vault.unlock_failed',
  'vault.password_change',
  'vault.password_reset',
  'vault.recovery_key_regenerate',
  'vault.export',
  'vault.backup',
  'vault.restore',
  'vault.repair',
  'account.create',
  'account.import',
  'account.reveal',
  'account.copy',
  'account.edit',
  'account.delete',
  'account.restore',
  'account.purge',
  'audit.export',
  'audit.imported',
  'audit.chain_break',
] as const;

export interface AuditEntry {
  seq: number;
  /** ms since epoch */
  at: number;
  kind: string;
  accountId: string | null;
  /** Null when the sealed details do not decrypt (`verify` says why). */
  details: AuditDetails | null;
}

export class AuditLog {
  constructor(private readonly session: () => VaultSession) {}

  /** Records an event in its own transaction. `details` are sealed; never put secrets in `kind`. */
  append(kind: string, accountId: string | null, details: AuditDetails = {}): void {
    this.session().write((tx) => tx.audit(kind, accountId, details));
  }

  entries(): AuditEntry[] {
    return this.open(this.session().store.readAudit());
  }

  /** One account's latest `limit` entries, newest first; only those rows are decrypted. */
  forAccount(accountId: string, limit: number): AuditEntry[] {
    return this.open(this.session().store.readAuditForAccount(accountId, limit));
  }

  private open(rows: readonly AuditRow[]): AuditEntry[] {
    const session = this.session();
    const key = session.keys.subKey('audit');
    return rows.map((row) => {
      const details = openJson(key, row.details, auditDetailsAad(session.vaultId, row.seq));
      return {
        seq: row.seq,
        at: row.at,
        kind: row.kind,
        accountId: row.account_id,
        details: details !== undefined && details !== null && typeof details === 'object' ? (details as AuditDetails) : null,
      };
    });
  }

  /** Checks every hash, link and signature, and the head recorded in the sealed manifest. */
  verify(): ChainVerdict {
    const session = this.session();
    return session.read(() =>
      verifyAuditChain(session.store.readAudit(), session.keys.devicePublicKey, genesisHash(session.vaultId), session.auditAnchor()),
    );
  }

  /** Like `verify`, but throws AUDIT_CHAIN_BROKEN naming the first bad entry. */
  assertIntact(): void {
    const verdict = this.verify();
    if (!verdict.ok) throw new TesseraError('AUDIT_CHAIN_BROKEN', verdict.message, { firstBadSeq: verdict.firstBadSeq, problem: verdict.problem });
  }

  /** CSV (RFC 4180, formula-safe) or JSON of every entry; records `audit.export`. */
  export(format: 'csv' | 'json'): string {
    const entries = this.entries();
    const text = format === 'json' ? JSON.stringify(entries.map(toExportRecord), null, 2) : toCsv(entries);
    this.append('audit.export', null, { format, entries: entries.length });
    return text;
  }
}

function toExportRecord(entry: AuditEntry): Record<string, unknown> {
  return { seq: entry.seq, at: new Date(entry.at).toISOString(), kind: entry.kind, accountId: entry.accountId, details: entry.details };
}

export function toCsv(entries: readonly AuditEntry[]): string {
  const lines = [['seq', 'at', 'kind', 'accountId', 'details']];
  for (const e of entries) lines.push([String(e.seq), new Date(e.at).toISOString(), e.kind, e.accountId ?? '', e.details === null ? '(undecryptable)' : JSON.stringify(e.details)]);
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Quotes when needed, and defuses cells a spreadsheet would run as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
