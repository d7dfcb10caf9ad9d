// Share links in PostgreSQL (share-link-store.ts), shared by every relay node on the database: a
// link created through one node opens through any other, and its emailed codes, their tries and
// the lock are the same on every node. Schema in postgres-log-store.ts (migration 2).
//
// Opening takes the link's row FOR UPDATE, so openings of one link on several nodes run one
// after the other: a one-time link is handed out once, and each wrong code spends exactly one
// try (an atomic decrement). Codes are kept as HMACs under one key for all nodes, created once
// in `relay_secrets` (a node must check a code another node emailed). Unlike the SQLite store,
// whose key lives only in the process, a copy of the database then holds the key with the
// hashes: the six-digit codes of pending checks (ten minutes) could be found by trying them
// all — by someone who already holds the ciphertexts those codes release, which stay
// unreadable without the key in the link's fragment. The open-link quota is counted before the
// insert, without a lock: nodes creating links at the same instant may pass it by a few.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { LinkCreate, LinkRecord, LinkState, WorkspaceSmtp } from '../protocol/share-links';
import { inTransaction } from './postgres-log-store';
import {
  codeCheck, codeHash, CODE_TRIES, CODE_TTL_MS, infoOf, isLinkId, LINK_COLUMNS, linkFrom, LinkQuotaError, MAX_OPEN_LINKS_PER_WORKSPACE, newCode, newLinkId,
  openStart, recordOf, ruleOf, wrongCode, type LinkColumns, type LinkRow, type OpenResult, type ShareLinkStore,
} from './share-link-store';

const CODE_KEY = 'share-link-code-key';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export class PostgresShareLinkStore implements ShareLinkStore {
  private constructor(private readonly pool: pg.Pool, private readonly codeKey: Buffer) {}

  /** The store on a migrated database (postgres-relay-state.ts opens it), with the nodes' shared code key (made by the first). */
  static async open(pool: pg.Pool): Promise<PostgresShareLinkStore> {
    await pool.query('INSERT INTO relay_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [CODE_KEY, randomBytes(32)]);
    const { rows } = await pool.query<{ value: Buffer }>('SELECT value FROM relay_secrets WHERE name = $1', [CODE_KEY]);
    return new PostgresShareLinkStore(pool, rows[0]!.value);
  }

  async create(workspaceId: string, link: LinkCreate, now = Date.now()): Promise<string> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM share_links WHERE workspace_id = $1 AND ciphertext IS NOT NULL AND expires_at > $2', [workspaceId, now]);
    if (rows[0]!.n >= MAX_OPEN_LINKS_PER_WORKSPACE) throw new LinkQuotaError('This workspace has too many open links.');
    const linkId = newLinkId();
    await this.pool.query(
      'INSERT INTO share_links (link_id, workspace_id, ciphertext, created_at, expires_at, once, emails, domains) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [linkId, workspaceId, link.ciphertext, now, link.expiresAt, link.once, JSON.stringify(link.emails), JSON.stringify(link.domains)],
    );
    return linkId;
  }

  async list(workspaceId: string, now = Date.now()): Promise<LinkRecord[]> {
    await this.purge(now);
    const links = (await this.pool.query<LinkColumns>(`SELECT ${LINK_COLUMNS} FROM share_links WHERE workspace_id = $1 ORDER BY created_at DESC LIMIT 1000`, [workspaceId])).rows;
    const views = (await this.pool.query<{ linkId: string; at: number; email: string | null }>(
      'SELECT link_id AS "linkId", at, email FROM share_link_views WHERE link_id = ANY($1) ORDER BY at', [links.map((l) => l.linkId)],
    )).rows;
    return links.map((row) => recordOf(linkFrom(row), views.filter((v) => v.linkId === row.linkId).map(({ at, email }) => ({ at, email })), now));
  }

  async smtp(workspaceId: string): Promise<WorkspaceSmtp | undefined> {
    const { rows } = await this.pool.query<{ settings: string }>('SELECT settings FROM workspace_smtp WHERE workspace_id = $1', [workspaceId]);
    return rows[0] && (JSON.parse(rows[0].settings) as WorkspaceSmtp);
  }

  async setSmtp(workspaceId: string, settings: WorkspaceSmtp | undefined): Promise<void> {
    if (settings) await this.pool.query('INSERT INTO workspace_smtp (workspace_id, settings) VALUES ($1, $2) ON CONFLICT (workspace_id) DO UPDATE SET settings = excluded.settings', [workspaceId, JSON.stringify(settings)]);
    else await this.pool.query('DELETE FROM workspace_smtp WHERE workspace_id = $1', [workspaceId]);
  }

  async revoke(workspaceId: string, linkId: string): Promise<boolean> {
    return (await this.pool.query('UPDATE share_links SET revoked = true, ciphertext = NULL WHERE link_id = $1 AND workspace_id = $2', [linkId, workspaceId])).rowCount === 1;
  }

  async info(linkId: string, now = Date.now()): Promise<{ state: LinkState; expiresAt: number; needsEmail: boolean } | undefined> {
    return infoOf(await this.#link(this.pool, linkId), now);
  }

  async rule(linkId: string, now = Date.now()): Promise<{ workspaceId: string; emails: string[]; domains: string[] } | undefined> {
    return ruleOf(await this.#link(this.pool, linkId), now);
  }

  async issueCode(linkId: string, email: string, now = Date.now()): Promise<string> {
    const code = newCode();
    await this.pool.query(
      `INSERT INTO share_link_codes (link_id, email, code_hash, expires_at, tries_left) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (link_id, email) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at, tries_left = LEAST(share_link_codes.tries_left, excluded.tries_left)`,
      [linkId, email, codeHash(this.codeKey, linkId, email, code), now + CODE_TTL_MS, CODE_TRIES],
    );
    return code;
  }

  async open(linkId: string, proof: { email?: string; code?: string }, now = Date.now()): Promise<OpenResult> {
    return inTransaction(this.pool, async (client): Promise<OpenResult> => {
      const link = await this.#link(client, linkId, true);
      const start = openStart(link, proof, now);
      if ('refused' in start) return start.refused;
      const { email } = start;
      if (email !== null) {
        const pending = (await client.query<{ codeHash: Buffer; expiresAt: number }>(
          'SELECT code_hash AS "codeHash", expires_at AS "expiresAt" FROM share_link_codes WHERE link_id = $1 AND email = $2', [linkId, email],
        )).rows[0];
        const check = codeCheck(pending, codeHash(this.codeKey, linkId, email, start.code), now);
        if (check === 'no-code') return { ok: false, reason: 'no-code' };
        if (check === 'wrong') return wrongCode(await this.#spendTry(client, linkId, email));
        await client.query('DELETE FROM share_link_codes WHERE link_id = $1 AND email = $2', [linkId, email]);
      }
      await client.query('INSERT INTO share_link_views (link_id, at, email) VALUES ($1, $2, $3)', [linkId, now, email]);
      if (link!.once) await client.query('UPDATE share_links SET used = true, ciphertext = NULL WHERE link_id = $1', [linkId]);
      return { ok: true, ciphertext: link!.ciphertext!, expiresAt: link!.expiresAt };
    });
  }

  async purge(now = Date.now()): Promise<void> {
    await this.pool.query('UPDATE share_links SET ciphertext = NULL WHERE ciphertext IS NOT NULL AND expires_at <= $1', [now]);
    await this.pool.query('DELETE FROM share_link_codes WHERE expires_at <= $1', [now]);
  }

  /** The pool belongs to postgres-relay-state.ts, which ends it. */
  async close(): Promise<void> {}

  /** One try fewer (under the link's row lock); the last one locks the link and drops its ciphertext. */
  async #spendTry(client: pg.PoolClient, linkId: string, email: string): Promise<number> {
    const { rows } = await client.query<{ left: number }>(
      'UPDATE share_link_codes SET tries_left = GREATEST(tries_left - 1, 0) WHERE link_id = $1 AND email = $2 RETURNING tries_left AS left', [linkId, email],
    );
    const left = rows[0]?.left ?? 0;
    if (left === 0) await client.query('UPDATE share_links SET locked = true, ciphertext = NULL WHERE link_id = $1', [linkId]);
    return left;
  }

  async #link(db: Queryable, linkId: string, forUpdate = false): Promise<LinkRow | undefined> {
    if (!isLinkId(linkId)) return undefined;
    const { rows } = await db.query<LinkColumns>(`SELECT ${LINK_COLUMNS} FROM share_links WHERE link_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [linkId]);
    return rows[0] && linkFrom(rows[0]);
  }
}
