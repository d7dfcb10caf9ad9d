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

/**
 * Equal strings and string lists within one shard share one copy: tags, hosts, usernames and
 * managed addresses repeat across accounts, and 100k summaries are held in memory at once.
 * Shared lists are frozen (a summary is never edited in place; `summarize` makes new ones).
 */
class Interner {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, string[]>();

  string(value: string): string {
    if (value.length === 0) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  list(values: string[]): string[] {
    if (values.length === 0) return EMPTY_LIST;
    // "\n" never appears in a host or a tag (trimmed single-line input); a URL or a tag that
    // does contain one only makes its own list unshared.
    const key = values.length === 1 ? values[0]! : values.join('\n');
    const known = this.lists.get(key);
    if (known !== undefined && known.length === values.length && known.every((v, i) => v === values[i])) return known;
    const list = Object.freeze(values.map((v) => this.string(v))) as string[];
    if (known === undefined) this.lists.set(key, list);
    return list;
  }
}

const EMPTY_LIST = Object.freeze([]) as unknown as string[];

function fromTuple(t: SummaryTuple, interner: Interner): AccountSummary {
  const [id, version, name, username, urls, hosts, tags, flags, managedEmail, managedPhone, createdAt, updatedAt, deletedAt, passwordFingerprint, passwordScore] = t;
  // One object literal, then the optional fields: every summary gets one of three shapes
  // (spreading optional parts made many, and unlock slower).
  const summary: AccountSummary = {
    id,
    version,
    name,
    username: interner.string(username),
    urls: interner.list(urls),
    hosts: interner.list(hosts),
    tags: interner.list(tags),
    hasPassword: (flags & HAS_PASSWORD) !== 0,
    hasTotp: (flags & HAS_TOTP) !== 0,
    managedEmail: interner.string(managedEmail),
    managedPhone: interner.string(managedPhone),
    createdAt,
    updatedAt,
    deletedAt,
  };
  if (typeof passwordFingerprint === 'string') summary.passwordFingerprint = passwordFingerprint;
  if (typeof passwordScore === 'number') summary.passwordScore = passwordScore;
  return summary;
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
  const interner = new Interner();
  for (const tuple of tuples as unknown[]) {
    if (!Array.isArray(tuple) || tuple.length < 13 || tuple.length > 15 || typeof tuple[0] !== 'string') return null;
    entries.set(tuple[0], fromTuple(tuple as SummaryTuple, interner));
  }
  return entries;
}
