// The sealed manifest: the one authenticated record of what the latest state of the
// vault is. It holds each summary shard's generation and the audit log's head (last
// sequence number and hash), and is re-sealed in the same transaction as every change.
//
// Why this detects rollback: an item row's AAD binds its version, so an old row copied
// back still decrypts, but its version no longer equals the version in its (sealed)
// shard entry. Copying back an old shard row fails the same way one level up: its
// generation is bound in its AAD and no longer equals the manifest's. Copying back an
// old manifest makes every shard written since disagree with it. A cut or rolled-back
// audit log disagrees with the manifest's audit head: the next append records a signed
// `audit.chain_break` and verify() reports it. What a single sealed record cannot detect
// is a rollback of the whole file to an older consistent copy; that needs a counter kept
// outside the file (the app can keep `counter` in OS secure storage).
import { encodeAad, openJson, sealJson } from '../crypto/aead';

export interface Manifest {
  /** +1 on every committed change. */
  counter: number;
  /** Generation of each summary shard; 0 = the shard is empty and has no row. */
  shardGenerations: number[];
  /** Last audit entry (seq 0 and '' when the log is empty). */
  auditSeq: number;
  auditHash: string;
}

const count = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * The shape of an opened manifest with `shardCount` generations. Checked by hand, not by a zod
 * schema: every unlock opens it, and zod's first parse (building and compiling the schema) cost
 * a short CLI process several milliseconds.
 */
function isManifest(value: unknown, shardCount: number): value is Manifest {
  if (typeof value !== 'object' || value === null) return false;
  const manifest = value as Record<string, unknown>;
  const generations = manifest['shardGenerations'];
  return (
    count(manifest['counter']) &&
    count(manifest['auditSeq']) &&
    typeof manifest['auditHash'] === 'string' &&
    Array.isArray(generations) &&
    generations.length === shardCount &&
    generations.every(count)
  );
}

export function emptyManifest(shardCount: number): Manifest {
  return { counter: 0, shardGenerations: new Array<number>(shardCount).fill(0), auditSeq: 0, auditHash: '' };
}

export function sealManifest(manifestKey: Uint8Array, vaultId: string, manifest: Manifest): Uint8Array {
  return sealJson(manifestKey, manifest, encodeAad('manifest', vaultId));
}

/** Null when the manifest was altered or does not fit the header's shard count. */
export function openManifest(manifestKey: Uint8Array, vaultId: string, shardCount: number, blob: Uint8Array): Manifest | null {
  const opened = openJson(manifestKey, blob, encodeAad('manifest', vaultId));
  if (!isManifest(opened, shardCount)) return null;
  // Exactly the four fields: whatever else an opened manifest held is not carried on.
  return { counter: opened.counter, shardGenerations: opened.shardGenerations, auditSeq: opened.auditSeq, auditHash: opened.auditHash };
}
