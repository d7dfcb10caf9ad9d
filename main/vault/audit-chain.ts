// The audit log's tamper evidence, as pure functions. Each entry's hash covers its
// sequence number, time, kind, account id, sealed details and the previous entry's hash;
// the device key signs the hash. Verification walks the rows in order and names the
// first sequence number where the chain breaks; the sealed manifest's head catches a
// log cut short at the end. SHA-256 and Ed25519 are native (node:crypto, through
// protocol/curve25519.ts for Ed25519).
import { createHash } from 'node:crypto';
import { curve25519 } from '../../protocol/curve25519';
import { encodeAad } from '../crypto/aead';
import type { AuditRow } from './store';

/** Written (signed) when an append finds the log's tail differs from the manifest's head. */
export const AUDIT_CHAIN_BREAK = 'audit.chain_break';

export interface ChainHead {
  seq: number;
  hash: Uint8Array;
}

export interface UnsignedAuditEntry {
  seq: number;
  at: number;
  kind: string;
  accountId: string | null;
  /** Already sealed. */
  details: Uint8Array;
  prevHash: Uint8Array;
}

const sha256 = (bytes: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(bytes).digest());

export function genesisHash(vaultId: string): Uint8Array {
  return sha256(encodeAad('audit-genesis', vaultId));
}

export function auditEntryHash(entry: UnsignedAuditEntry): Uint8Array {
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  return sha256(encodeAad('audit-entry', entry.seq, entry.at, entry.kind, entry.accountId ?? '', hex(entry.details), hex(entry.prevHash)));
}

export function signAuditEntry(entry: UnsignedAuditEntry, sign: (message: Uint8Array) => Uint8Array): AuditRow {
  const hash = auditEntryHash(entry);
  return {
    seq: entry.seq,
    at: entry.at,
    kind: entry.kind,
    account_id: entry.accountId,
    details: entry.details,
    prev_hash: entry.prevHash,
    hash,
    signature: sign(hash),
  };
}

export type ChainVerdict =
  | { ok: true; entries: number }
  | { ok: false; entries: number; firstBadSeq: number; problem: 'missing' | 'out-of-order' | 'edited' | 'bad-signature' | 'truncated' | 'unanchored'; message: string };

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.from(a).equals(b);

/** `anchor` is the head recorded in the sealed manifest. Rows must be in seq order. */
export function verifyAuditChain(rows: readonly AuditRow[], publicKey: Uint8Array, genesis: Uint8Array, anchor: ChainHead): ChainVerdict {
  let prevHash = genesis;
  let expectedSeq = 1;
  const fail = (firstBadSeq: number, problem: Exclude<ChainVerdict, { ok: true }>['problem'], message: string): ChainVerdict => ({
    ok: false,
    entries: rows.length,
    firstBadSeq,
    problem,
    message: `Audit entry #${firstBadSeq} ${message} The log was altered outside Tessera; keep this file for investigation and restore from a backup.`,
  });
  for (const row of rows) {
    if (row.seq !== expectedSeq) return fail(expectedSeq, 'missing', 'is missing (removed).');
    if (!equal(row.prev_hash, prevHash)) return fail(row.seq, 'out-of-order', 'does not follow the entry before it (entries were removed or reordered).');
    const hash = auditEntryHash({ seq: row.seq, at: row.at, kind: row.kind, accountId: row.account_id, details: row.details, prevHash: row.prev_hash });
    if (!equal(hash, row.hash)) return fail(row.seq, 'edited', 'was edited.');
    if (!curve25519.ed25519Verify(publicKey, row.hash, row.signature)) return fail(row.seq, 'bad-signature', 'has an invalid signature (edited or forged).');
    if (row.kind === AUDIT_CHAIN_BREAK) {
      return fail(row.seq, 'truncated', 'records that the entries before it no longer matched what the vault had recorded (removed or rolled back).');
    }
    prevHash = row.hash;
    expectedSeq++;
  }
  const lastSeq = expectedSeq - 1;
  if (lastSeq < anchor.seq) return fail(lastSeq + 1, 'truncated', `and the ones after it are missing (the log ends at #${lastSeq}, the vault recorded #${anchor.seq}).`);
  if (lastSeq > anchor.seq || !equal(prevHash, anchor.hash)) {
    return fail(Math.min(anchor.seq + 1, lastSeq), 'unanchored', 'does not match the last entry the vault recorded (entries were added or replaced).');
  }
  return { ok: true, entries: rows.length };
}
