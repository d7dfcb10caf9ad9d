// Accepted request signatures in PostgreSQL (seen-signatures.ts), shared by every relay node on
// the database: a signed request accepted by one node is refused when replayed to another.
// One row per signature, keyed by its SHA-256 (`seen_signatures`, schema in
// postgres-log-store.ts), with the time it may be forgotten. A first use is one
// `INSERT … ON CONFLICT DO NOTHING`: of two nodes offered the same signature at once, exactly
// one inserts the row, and only that one accepts.
//
// Bounds, as a table: the memory's cap (MAX_SEEN_SIGNATURES) holds across all nodes. The insert
// carries its own count (`WHERE (SELECT COUNT(*) …) < cap`), which is cheap because the table
// only ever holds the last minutes of accepted signatures (rows are only written for valid
// signatures of a workspace's own keys, which the routes rate-limit). When the insert adds
// nothing, a replay (the row is there) is refused; otherwise the table is full: expired rows
// are deleted and it is tried once more, and a table still full of timely signatures refuses
// (measured on the shared 2-core test machine: about 0.5 ms a first use with a small table,
// 10 to 27 ms near the 200,000-row cap, where the count dominates). Besides, each node deletes
// expired rows at most once a minute, so the table does not grow towards the cap with
// signatures nobody can replay anymore. Nodes inserting at the very same moment may each pass
// the count: the cap can be exceeded by as many rows as are inserted at once (a few), which
// only bounds the table a little less tightly.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { MAX_SEEN_SIGNATURES, type SeenSignatures } from './seen-signatures';

/** How often a node deletes expired rows while the table has room. */
export const PRUNE_EVERY_MS = 60_000;

export class PostgresSeenSignatures implements SeenSignatures {
  #prunedAt = -Infinity;

  constructor(private readonly pool: pg.Pool, private readonly now: () => number = Date.now, private readonly max = MAX_SEEN_SIGNATURES) {}

  async firstUse(signature: string, expiresAt: number): Promise<boolean> {
    const hash = createHash('sha256').update(signature).digest();
    if (this.now() - this.#prunedAt >= PRUNE_EVERY_MS) await this.#prune();
    if (await this.#insert(hash, expiresAt)) return true;
    // A replay is refused at once; only a full table makes room and tries again.
    if ((await this.pool.query('SELECT 1 FROM seen_signatures WHERE signature_hash = $1', [hash])).rowCount) return false;
    await this.#prune();
    return this.#insert(hash, expiresAt);
  }

  async size(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM seen_signatures');
    return Number(rows[0]!.n);
  }

  async #insert(hash: Buffer, expiresAt: number): Promise<boolean> {
    const inserted = await this.pool.query(
      `INSERT INTO seen_signatures (signature_hash, expires_at) SELECT $1, $2 WHERE (SELECT COUNT(*) FROM seen_signatures) < $3
         ON CONFLICT (signature_hash) DO NOTHING`,
      [hash, expiresAt, this.max],
    );
    return inserted.rowCount === 1;
  }

  async #prune(): Promise<void> {
    const now = this.now();
    this.#prunedAt = now;
    await this.pool.query('DELETE FROM seen_signatures WHERE expires_at < $1', [now]);
  }
}
