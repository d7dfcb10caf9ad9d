// Account summaries (no secrets) are kept sealed in a fixed number of shards rather than
// one blob per item: unlock decrypts a few hundred blobs instead of one per account, and
// a write re-seals one shard (~1/256 of the summaries), not all of them. Each entry also
// records the item's current version, which is what makes a rolled-back item row
// detectable (see integrity-manifest.ts). Pure: sealing, opening, encoding.
import type { AccountSummary } from './account-record';
import { encodeAad, open, seal } from '../crypto/aead';

export const DEFAULT_SHARD_COUNT = 256;

/** FNV-1a of the id, so any id (not only random UUIDs) spreads evenly. */
export function shardOf(id: string, shardCount: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shardCount;
}

/** Compact tuple form: a 10k-account vault's summaries parse in a few milliseconds. */
type SummaryTuple = [
  id: string,
  version: number,
  name: string,
  username: string,
  urls: string[],
  hosts: string[],
  tags: string[],
  flags: number,
  managedEmail: string,
  managedPhone: string,
  createdAt: number,
  updatedAt: number,
  deletedAt: number | null,
  /** Since schema 5; absent in summaries written before (AccountSummary.passwordFingerprint). */
  passwordFingerprint?: string | null,
  /** Since schema 5; present once the password was scored (AccountSummary.passwordScore). */
  passwordScore?: number,
];

const HAS_PASSWORD = 1;
const HAS_TOTP = 2;

function toTuple(s: AccountSummary): SummaryTuple {
  const flags = (s.hasPassword ? HAS_PASSWORD : 0) | (s.hasTotp ? HAS_TOTP : 0);
  const tuple: SummaryTuple = [s.id, s.version, s.name, s.username, s.urls, s.hosts, s.tags, flags, s.managedEmail, s.managedPhone, s.createdAt, s.updatedAt, s.deletedAt];
  if (s.passwordFingerprint !== undefined || s.passwordScore !== undefined) tuple.push(s.passwordFingerprint ?? null);
  if (s.passwordScore !== undefined) tuple.push(s.passwordScore);
  return tuple;
}

function fromTuple(t: SummaryTuple): AccountSummary {
  const [id, version, name, username, urls, hosts, tags, flags, managedEmail, managedPhone, createdAt, updatedAt, deletedAt, passwordFingerprint, passwordScore] = t;
  return {
    id,
    version,
    name,
    username,
    urls,
    hosts,
    tags,
    hasPassword: (flags & HAS_PASSWORD) !== 0,
    ...(typeof passwordFingerprint === 'string' ? { passwordFingerprint } : {}),
    ...(typeof passwordScore === 'number' ? { passwordScore } : {}),
    hasTotp: (flags & HAS_TOTP) !== 0,
    managedEmail,
    managedPhone,
    createdAt,
    updatedAt,
    deletedAt,
  };
}

function shardAad(vaultId: string, shard: number, generation: number): Uint8Array {
  return encodeAad('summary-shard', vaultId, shard, generation);
}

export function sealShard(indexKey: Uint8Array, vaultId: string, shard: number, generation: number, entries: Iterable<AccountSummary>): Uint8Array {
  const tuples = Array.from(entries, toTuple);
  return seal(indexKey, new TextEncoder().encode(JSON.stringify(tuples)), shardAad(vaultId, shard, generation));
}

/** Null when the blob was altered, moved to another shard, or is from another generation. */
export function openShard(indexKey: Uint8Array, vaultId: string, shard: number, generation: number, blob: Uint8Array): Map<string, AccountSummary> | null {
  const plain = open(indexKey, blob, shardAad(vaultId, shard, generation));
  if (plain === null) return null;
  let tuples: unknown;
  try {
    tuples = JSON.parse(new TextDecoder().decode(plain));
  } catch {
    return null;
  }
  if (!Array.isArray(tuples)) return null;
  const entries = new Map<string, AccountSummary>();
  for (const tuple of tuples as unknown[]) {
    if (!Array.isArray(tuple) || tuple.length < 13 || tuple.length > 15 || typeof tuple[0] !== 'string') return null;
    entries.set(tuple[0], fromTuple(tuple as SummaryTuple));
  }
  return entries;
}
