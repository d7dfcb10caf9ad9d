// SCIM and Universal Logout state in PostgreSQL (scim-store.ts), shared by every relay node on
// the database: users an identity provider provisions through one node are read, changed and
// deprovisioned through any other; the events and logouts it queues are read by devices on any
// node; a `jti` used on one node is refused on the others. Schema in postgres-log-store.ts.
//
// Concurrency across nodes: userNames are unique per workspace whatever their case (a unique
// index on lower(user_name), so two nodes creating the same user at once make one); an update
// reads the user FOR UPDATE, so one deactivation queues one event; a deletion and its event are
// one statement. Devices read logouts after the last number they saw, so numbers must be
// committed in order within a workspace: queueing takes an advisory lock on the workspace until
// COMMIT (as the log's appends do). The user quota is counted before the insert, without a lock.
import type pg from 'pg';
import type { OktaSettings } from '../protocol/scim';
import { inTransaction, LOGOUT_LOCK } from './postgres-log-store';
import {
  applyChange, EVENTS_PER_READ, JTI_KEEP_S, LOGOUT_KEEP_MS, MAX_SCIM_USERS, ScimQuotaError, tokenHashMatches, USER_COLUMNS, userFrom,
  type DeprovisionEvent, type NewScimUser, type ScimStore, type ScimUser, type ScimUserChange,
} from './scim-store';
import { randomUUID } from 'node:crypto';

type UserColumns = Parameters<typeof userFrom>[0];

export class PostgresScimStore implements ScimStore {
  /** On a migrated database (postgres-relay-state.ts opens it and ends the pool). */
  constructor(private readonly pool: pg.Pool) {}

  async setTokenHash(workspaceId: string, hash: Uint8Array, now = Date.now()): Promise<void> {
    await this.pool.query(
      'INSERT INTO scim_tokens (workspace_id, token_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (workspace_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at',
      [workspaceId, Buffer.from(hash), now],
    );
  }

  async tokenMatches(workspaceId: string, token: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ hash: Buffer }>('SELECT token_hash AS hash FROM scim_tokens WHERE workspace_id = $1', [workspaceId]);
    return tokenHashMatches(rows[0]?.hash, token);
  }

  async list(workspaceId: string, userName?: string): Promise<ScimUser[]> {
    const { rows } = userName === undefined
      ? await this.pool.query<UserColumns>(`SELECT ${USER_COLUMNS} FROM scim_users WHERE workspace_id = $1 ORDER BY created, id`, [workspaceId])
      : await this.pool.query<UserColumns>(`SELECT ${USER_COLUMNS} FROM scim_users WHERE workspace_id = $1 AND lower(user_name) = lower($2)`, [workspaceId, userName]);
    return rows.map(userFrom);
  }

  async get(workspaceId: string, id: string): Promise<ScimUser | undefined> {
    const { rows } = await this.pool.query<UserColumns>(`SELECT ${USER_COLUMNS} FROM scim_users WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    return rows[0] && userFrom(rows[0]);
  }

  async create(workspaceId: string, user: NewScimUser, now = Date.now()): Promise<ScimUser | undefined> {
    if ((await this.list(workspaceId, user.userName)).length) return undefined;
    const { rows: [count] } = await this.pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM scim_users WHERE workspace_id = $1', [workspaceId]);
    if (count!.n >= MAX_SCIM_USERS) throw new ScimQuotaError('This workspace has too many SCIM users.');
    const { rows } = await this.pool.query<UserColumns>(
      `INSERT INTO scim_users (workspace_id, id, user_name, email, external_id, display_name, active, created, last_modified) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT DO NOTHING RETURNING ${USER_COLUMNS}`,
      [workspaceId, randomUUID(), user.userName, user.email.toLowerCase(), user.externalId, user.displayName, user.active, now],
    );
    return rows[0] && userFrom(rows[0]);
  }

  async update(workspaceId: string, id: string, change: ScimUserChange, now = Date.now()): Promise<ScimUser | undefined> {
    return inTransaction(this.pool, async (client) => {
      const { rows: [row] } = await client.query<UserColumns>(`SELECT ${USER_COLUMNS} FROM scim_users WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [workspaceId, id]);
      if (!row) return undefined;
      const { after, deactivated } = applyChange(userFrom(row), change);
      const { rows: [updated] } = await client.query<UserColumns>(
        `UPDATE scim_users SET user_name = $3, email = $4, external_id = $5, display_name = $6, active = $7, last_modified = $8 WHERE workspace_id = $1 AND id = $2 RETURNING ${USER_COLUMNS}`,
        [workspaceId, id, after.userName, after.email, after.externalId, after.displayName, after.active, now],
      );
      if (deactivated) await client.query('INSERT INTO scim_events (workspace_id, user_name, email, reason, at) VALUES ($1, $2, $3, $4, $5)', [workspaceId, after.userName, after.email, 'deactivated', now]);
      return userFrom(updated!);
    });
  }

  async delete(workspaceId: string, id: string, now = Date.now()): Promise<boolean> {
    const deleted = await this.pool.query(
      `WITH gone AS (DELETE FROM scim_users WHERE workspace_id = $1 AND id = $2 RETURNING user_name, email)
       INSERT INTO scim_events (workspace_id, user_name, email, reason, at) SELECT $1, user_name, lower(email), 'deleted', $3 FROM gone`,
      [workspaceId, id, now],
    );
    return deleted.rowCount === 1;
  }

  async events(workspaceId: string): Promise<DeprovisionEvent[]> {
    return (await this.pool.query<DeprovisionEvent>(
      'SELECT seq, user_name AS "userName", email, reason, at FROM scim_events WHERE workspace_id = $1 ORDER BY seq LIMIT $2', [workspaceId, EVENTS_PER_READ],
    )).rows;
  }

  async acknowledge(workspaceId: string, seq: number): Promise<boolean> {
    return (await this.pool.query('DELETE FROM scim_events WHERE workspace_id = $1 AND seq = $2', [workspaceId, seq])).rowCount === 1;
  }

  async setOktaSettings(workspaceId: string, settings: OktaSettings): Promise<void> {
    await this.pool.query('INSERT INTO okta_settings (workspace_id, settings) VALUES ($1, $2) ON CONFLICT (workspace_id) DO UPDATE SET settings = excluded.settings', [workspaceId, JSON.stringify(settings)]);
  }

  async oktaSettings(workspaceId: string): Promise<OktaSettings | undefined> {
    const { rows } = await this.pool.query<{ settings: string }>('SELECT settings FROM okta_settings WHERE workspace_id = $1', [workspaceId]);
    return rows[0] && (JSON.parse(rows[0].settings) as OktaSettings);
  }

  async useJti(workspaceId: string, jti: string, exp: number, now = Date.now()): Promise<boolean> {
    await this.pool.query('DELETE FROM okta_jtis WHERE exp < $1', [Math.floor(now / 1000) - JTI_KEEP_S]);
    return (await this.pool.query('INSERT INTO okta_jtis (workspace_id, jti, exp) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [workspaceId, jti.slice(0, 256), exp])).rowCount === 1;
  }

  async emailOfExternalId(workspaceId: string, externalId: string): Promise<string | undefined> {
    return (await this.pool.query<{ email: string }>('SELECT email FROM scim_users WHERE workspace_id = $1 AND external_id = $2 LIMIT 1', [workspaceId, externalId])).rows[0]?.email;
  }

  async knowsEmail(workspaceId: string, email: string): Promise<boolean> {
    const { rows: [row] } = await this.pool.query<{ any: boolean; known: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM scim_users WHERE workspace_id = $1) AS any, EXISTS (SELECT 1 FROM scim_users WHERE workspace_id = $1 AND email = $2) AS known', [workspaceId, email],
    );
    return !row!.any || row!.known;
  }

  async queueLogout(workspaceId: string, email: string, now = Date.now()): Promise<void> {
    await this.pool.query('DELETE FROM logout_events WHERE at < $1', [now - LOGOUT_KEEP_MS]);
    await inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOGOUT_LOCK, workspaceId]);
      await client.query('INSERT INTO logout_events (workspace_id, email, at) VALUES ($1, $2, $3)', [workspaceId, email, now]);
    });
  }

  async logouts(workspaceId: string, after: number): Promise<{ seq: number; email: string; at: number }[]> {
    return (await this.pool.query<{ seq: number; email: string; at: number }>(
      'SELECT seq, email, at FROM logout_events WHERE workspace_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [workspaceId, Math.max(0, Math.min(Math.floor(after), Number.MAX_SAFE_INTEGER)), EVENTS_PER_READ],
    )).rows;
  }

  /** The pool belongs to postgres-relay-state.ts, which ends it. */
  async close(): Promise<void> {}
}
