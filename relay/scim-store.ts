// SCIM on the relay, storage: per workspace the hash of its SCIM bearer token (the token
// itself is shown once on the Owner/Admin device that made it), the users the identity
// provider provisioned (what it needs to read back: id, userName, externalId, name, active),
// and the deprovisioning events waiting for an Owner/Admin device (a user deactivated or
// deleted), which that device removes from the team and then acknowledges. For Okta Universal
// Logout (universal-logout.ts): the workspace's issuer settings, the `jti`s already used (until
// their token expires), and the logouts queued for the workspace's devices (kept 7 days; each
// device reads those after the last one it saw).
//
// One interface, two stores: SQLite (below, the default: the relay's `dbPath` file) and
// PostgreSQL (postgres-scim-store.ts, with `store: 'postgres://…'`, shared by every relay node on
// the database: a SCIM request to one node is seen through every other).
import Database from 'better-sqlite3';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { preparePrivateSqliteFile } from '../protocol/private-files';
import type { OktaSettings } from '../protocol/scim';

export interface ScimUser {
  id: string;
  userName: string;
  /** The primary email the provider sent (Entra's userName is a UPN), else the userName: what Tessera maps to a member. */
  email: string;
  externalId: string | null;
  displayName: string | null;
  active: boolean;
  created: number;
  lastModified: number;
}

export interface DeprovisionEvent {
  seq: number;
  userName: string;
  email: string;
  reason: 'deactivated' | 'deleted';
  at: number;
}

/** Users one workspace may hold: a team, not a directory. */
export const MAX_SCIM_USERS = 10_000;
/** How long a queued Universal Logout is kept for the workspace's devices. */
export const LOGOUT_KEEP_MS = 7 * 86_400_000;
/** How long a used `jti` is remembered past its token's `exp` (seconds). */
export const JTI_KEEP_S = 3600;
/** At most this many events or logouts per read. */
export const EVENTS_PER_READ = 500;

/** Thrown by `create` when the workspace holds MAX_SCIM_USERS users. */
export class ScimQuotaError extends Error {
  readonly code = 'RELAY_QUOTA_EXCEEDED';
  override readonly name = 'ScimQuotaError';
}

export type NewScimUser = { userName: string; email: string; externalId: string | null; displayName: string | null; active: boolean };
export type ScimUserChange = Partial<Pick<ScimUser, 'userName' | 'email' | 'externalId' | 'displayName' | 'active'>>;

export interface ScimStore {
  setTokenHash(workspaceId: string, hash: Uint8Array, now?: number): Promise<void>;
  /** Whether `token` is the workspace's current SCIM token (compared as SHA-256 digests, in constant time). */
  tokenMatches(workspaceId: string, token: string): Promise<boolean>;
  /** The workspace's users, or those with this userName (whatever its case). */
  list(workspaceId: string, userName?: string): Promise<ScimUser[]>;
  get(workspaceId: string, id: string): Promise<ScimUser | undefined>;
  /** Undefined when the userName is taken, whatever its case (SCIM answers 409); a ScimQuotaError past MAX_SCIM_USERS. */
  create(workspaceId: string, user: NewScimUser, now?: number): Promise<ScimUser | undefined>;
  /** Applies a change; a user going from active to inactive queues a deprovisioning event. */
  update(workspaceId: string, id: string, change: ScimUserChange, now?: number): Promise<ScimUser | undefined>;
  /** Deletes a user (queuing a deprovisioning event); false when there is none. */
  delete(workspaceId: string, id: string, now?: number): Promise<boolean>;
  /** The workspace's unacknowledged deprovisioning events, oldest first. */
  events(workspaceId: string): Promise<DeprovisionEvent[]>;
  acknowledge(workspaceId: string, seq: number): Promise<boolean>;
  setOktaSettings(workspaceId: string, settings: OktaSettings): Promise<void>;
  oktaSettings(workspaceId: string): Promise<OktaSettings | undefined>;
  /** Records a token id; false when it was seen before (a replay). Forgotten an hour after its token expired. */
  useJti(workspaceId: string, jti: string, exp: number, now?: number): Promise<boolean>;
  /** The email of the SCIM user with this externalId (Okta's user id), if any. */
  emailOfExternalId(workspaceId: string, externalId: string): Promise<string | undefined>;
  /** Whether the address may be a member: a workspace that provisions by SCIM knows its users; one that does not, the relay cannot tell (members' emails are encrypted). */
  knowsEmail(workspaceId: string, email: string): Promise<boolean>;
  /** Queues a Universal Logout for the workspace's devices (and forgets those older than LOGOUT_KEEP_MS). */
  queueLogout(workspaceId: string, email: string, now?: number): Promise<void>;
  /** Logouts queued after number `after`, in order: numbers grow in the order the logouts were queued. */
  logouts(workspaceId: string, after: number): Promise<{ seq: number; email: string; at: number }[]>;
  close(): Promise<void>;
}

/** A `scim_users` row under the names of ScimUser (the same SQL in SQLite and PostgreSQL), before userFrom. */
export const USER_COLUMNS = 'id, user_name AS "userName", email, external_id AS "externalId", display_name AS "displayName", active, created, last_modified AS "lastModified"';

export const userFrom = (row: Omit<ScimUser, 'active'> & { active: number | boolean }): ScimUser => ({ ...row, active: Boolean(row.active) });

/** What an update leaves: the change applied, the email lowercased, and whether it deprovisions (active → inactive). */
export function applyChange(before: ScimUser, change: ScimUserChange): { after: ScimUser; deactivated: boolean } {
  const after = { ...before, ...change };
  after.email = after.email.toLowerCase();
  return { after, deactivated: before.active && !after.active };
}

export function tokenHashMatches(stored: Uint8Array | undefined, token: string): boolean {
  const given = createHash('sha256').update(token).digest();
  return stored !== undefined && stored.length === given.length && timingSafeEqual(stored, given);
}

export class SqliteScimStore implements ScimStore {
  readonly #db: Database.Database;

  constructor(path: string) {
    preparePrivateSqliteFile(path);
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS scim_tokens (workspace_id TEXT PRIMARY KEY, token_hash BLOB NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS scim_users (
        workspace_id TEXT NOT NULL, id TEXT NOT NULL, user_name TEXT NOT NULL, email TEXT NOT NULL, external_id TEXT, display_name TEXT,
        active INTEGER NOT NULL, created INTEGER NOT NULL, last_modified INTEGER NOT NULL, PRIMARY KEY (workspace_id, id));
      CREATE UNIQUE INDEX IF NOT EXISTS scim_users_name ON scim_users (workspace_id, user_name);
      CREATE TABLE IF NOT EXISTS scim_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, workspace_id TEXT NOT NULL, user_name TEXT NOT NULL, email TEXT NOT NULL, reason TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS okta_settings (workspace_id TEXT PRIMARY KEY, settings TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS okta_jtis (workspace_id TEXT NOT NULL, jti TEXT NOT NULL, exp INTEGER NOT NULL, PRIMARY KEY (workspace_id, jti));
      CREATE TABLE IF NOT EXISTS logout_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, workspace_id TEXT NOT NULL, email TEXT NOT NULL, at INTEGER NOT NULL);
    `);
  }

  async setTokenHash(workspaceId: string, hash: Uint8Array, now = Date.now()): Promise<void> {
    this.#db.prepare('INSERT INTO scim_tokens (workspace_id, token_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (workspace_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at')
      .run(workspaceId, Buffer.from(hash), now);
  }

  async tokenMatches(workspaceId: string, token: string): Promise<boolean> {
    const row = this.#db.prepare('SELECT token_hash FROM scim_tokens WHERE workspace_id = ?').get(workspaceId) as { token_hash: Buffer } | undefined;
    return tokenHashMatches(row?.token_hash, token);
  }

  async list(workspaceId: string, userName?: string): Promise<ScimUser[]> {
    return this.#list(workspaceId, userName);
  }

  async get(workspaceId: string, id: string): Promise<ScimUser | undefined> {
    return this.#get(workspaceId, id);
  }

  async create(workspaceId: string, user: NewScimUser, now = Date.now()): Promise<ScimUser | undefined> {
    if (this.#list(workspaceId, user.userName).length) return undefined;
    const count = this.#db.prepare('SELECT COUNT(*) AS n FROM scim_users WHERE workspace_id = ?').get(workspaceId) as { n: number };
    if (count.n >= MAX_SCIM_USERS) throw new ScimQuotaError('This workspace has too many SCIM users.');
    const id = randomUUID();
    this.#db.prepare('INSERT INTO scim_users (workspace_id, id, user_name, email, external_id, display_name, active, created, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(workspaceId, id, user.userName, user.email.toLowerCase(), user.externalId, user.displayName, user.active ? 1 : 0, now, now);
    return this.#get(workspaceId, id);
  }

  async update(workspaceId: string, id: string, change: ScimUserChange, now = Date.now()): Promise<ScimUser | undefined> {
    return this.#db.transaction(() => {
      const before = this.#get(workspaceId, id);
      if (!before) return undefined;
      const { after, deactivated } = applyChange(before, change);
      this.#db.prepare('UPDATE scim_users SET user_name = ?, email = ?, external_id = ?, display_name = ?, active = ?, last_modified = ? WHERE workspace_id = ? AND id = ?')
        .run(after.userName, after.email, after.externalId, after.displayName, after.active ? 1 : 0, now, workspaceId, id);
      if (deactivated) this.#event(workspaceId, after, 'deactivated', now);
      return this.#get(workspaceId, id);
    })();
  }

  async delete(workspaceId: string, id: string, now = Date.now()): Promise<boolean> {
    return this.#db.transaction(() => {
      const user = this.#get(workspaceId, id);
      if (!user) return false;
      this.#db.prepare('DELETE FROM scim_users WHERE workspace_id = ? AND id = ?').run(workspaceId, id);
      this.#event(workspaceId, user, 'deleted', now);
      return true;
    })();
  }

  async events(workspaceId: string): Promise<DeprovisionEvent[]> {
    return this.#db.prepare('SELECT seq, user_name AS userName, email, reason, at FROM scim_events WHERE workspace_id = ? ORDER BY seq LIMIT ?').all(workspaceId, EVENTS_PER_READ) as DeprovisionEvent[];
  }

  async acknowledge(workspaceId: string, seq: number): Promise<boolean> {
    return this.#db.prepare('DELETE FROM scim_events WHERE workspace_id = ? AND seq = ?').run(workspaceId, seq).changes === 1;
  }

  async setOktaSettings(workspaceId: string, settings: OktaSettings): Promise<void> {
    this.#db.prepare('INSERT INTO okta_settings (workspace_id, settings) VALUES (?, ?) ON CONFLICT (workspace_id) DO UPDATE SET settings = excluded.settings').run(workspaceId, JSON.stringify(settings));
  }

  async oktaSettings(workspaceId: string): Promise<OktaSettings | undefined> {
    const row = this.#db.prepare('SELECT settings FROM okta_settings WHERE workspace_id = ?').get(workspaceId) as { settings: string } | undefined;
    return row && (JSON.parse(row.settings) as OktaSettings);
  }

  async useJti(workspaceId: string, jti: string, exp: number, now = Date.now()): Promise<boolean> {
    this.#db.prepare('DELETE FROM okta_jtis WHERE exp < ?').run(Math.floor(now / 1000) - JTI_KEEP_S);
    return this.#db.prepare('INSERT OR IGNORE INTO okta_jtis (workspace_id, jti, exp) VALUES (?, ?, ?)').run(workspaceId, jti.slice(0, 256), exp).changes === 1;
  }

  async emailOfExternalId(workspaceId: string, externalId: string): Promise<string | undefined> {
    return (this.#db.prepare('SELECT email FROM scim_users WHERE workspace_id = ? AND external_id = ?').get(workspaceId, externalId) as { email: string } | undefined)?.email;
  }

  async knowsEmail(workspaceId: string, email: string): Promise<boolean> {
    const any = this.#db.prepare('SELECT 1 FROM scim_users WHERE workspace_id = ? LIMIT 1').get(workspaceId);
    return !any || this.#db.prepare('SELECT 1 FROM scim_users WHERE workspace_id = ? AND email = ?').get(workspaceId, email) !== undefined;
  }

  async queueLogout(workspaceId: string, email: string, now = Date.now()): Promise<void> {
    this.#db.prepare('DELETE FROM logout_events WHERE at < ?').run(now - LOGOUT_KEEP_MS);
    this.#db.prepare('INSERT INTO logout_events (workspace_id, email, at) VALUES (?, ?, ?)').run(workspaceId, email, now);
  }

  async logouts(workspaceId: string, after: number): Promise<{ seq: number; email: string; at: number }[]> {
    return this.#db.prepare('SELECT seq, email, at FROM logout_events WHERE workspace_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(workspaceId, after, EVENTS_PER_READ) as { seq: number; email: string; at: number }[];
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  #list(workspaceId: string, userName?: string): ScimUser[] {
    const rows = userName === undefined
      ? this.#db.prepare(`SELECT ${USER_COLUMNS} FROM scim_users WHERE workspace_id = ? ORDER BY created, id`).all(workspaceId)
      : this.#db.prepare(`SELECT ${USER_COLUMNS} FROM scim_users WHERE workspace_id = ? AND user_name = ? COLLATE NOCASE`).all(workspaceId, userName);
    return (rows as Parameters<typeof userFrom>[0][]).map(userFrom);
  }

  #get(workspaceId: string, id: string): ScimUser | undefined {
    const row = this.#db.prepare(`SELECT ${USER_COLUMNS} FROM scim_users WHERE workspace_id = ? AND id = ?`).get(workspaceId, id) as Parameters<typeof userFrom>[0] | undefined;
    return row && userFrom(row);
  }

  #event(workspaceId: string, user: Pick<ScimUser, 'userName' | 'email'>, reason: DeprovisionEvent['reason'], now: number): void {
    this.#db.prepare('INSERT INTO scim_events (workspace_id, user_name, email, reason, at) VALUES (?, ?, ?, ?, ?)').run(workspaceId, user.userName, user.email.toLowerCase(), reason, now);
  }
}
