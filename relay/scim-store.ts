// SCIM on the relay, storage: per workspace the hash of its SCIM bearer token (the token
// itself is shown once on the Owner/Admin device that made it), the users the identity
// provider provisioned (what it needs to read back: id, userName, externalId, name, active),
// and the deprovisioning events waiting for an Owner/Admin device (a user deactivated or
// deleted), which that device removes from the team and then acknowledges. For Okta Universal
// Logout (universal-logout.ts): the workspace's issuer settings, the `jti`s already used (until
// their token expires), and the logouts queued for the workspace's devices (kept 7 days; each
// device reads those after the last one it saw).
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

interface UserRow {
  id: string;
  user_name: string;
  email: string;
  external_id: string | null;
  display_name: string | null;
  active: number;
  created: number;
  last_modified: number;
}

const toUser = (row: UserRow): ScimUser => ({
  id: row.id, userName: row.user_name, email: row.email, externalId: row.external_id, displayName: row.display_name, active: row.active === 1, created: row.created, lastModified: row.last_modified,
});

export class ScimStore {
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

  setTokenHash(workspaceId: string, hash: Uint8Array, now = Date.now()): void {
    this.#db.prepare('INSERT INTO scim_tokens (workspace_id, token_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (workspace_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at')
      .run(workspaceId, Buffer.from(hash), now);
  }

  /** Whether `token` is the workspace's current SCIM token (compared as SHA-256 digests, in constant time). */
  tokenMatches(workspaceId: string, token: string): boolean {
    const row = this.#db.prepare('SELECT token_hash FROM scim_tokens WHERE workspace_id = ?').get(workspaceId) as { token_hash: Buffer } | undefined;
    const given = createHash('sha256').update(token).digest();
    return row !== undefined && row.token_hash.length === given.length && timingSafeEqual(row.token_hash, given);
  }

  list(workspaceId: string, userName?: string): ScimUser[] {
    const rows = userName === undefined
      ? this.#db.prepare('SELECT * FROM scim_users WHERE workspace_id = ? ORDER BY created, id').all(workspaceId)
      : this.#db.prepare('SELECT * FROM scim_users WHERE workspace_id = ? AND user_name = ? COLLATE NOCASE').all(workspaceId, userName);
    return (rows as UserRow[]).map(toUser);
  }

  get(workspaceId: string, id: string): ScimUser | undefined {
    const row = this.#db.prepare('SELECT * FROM scim_users WHERE workspace_id = ? AND id = ?').get(workspaceId, id) as UserRow | undefined;
    return row && toUser(row);
  }

  /** Undefined when the userName is taken (SCIM answers 409). */
  create(workspaceId: string, user: { userName: string; email: string; externalId: string | null; displayName: string | null; active: boolean }, now = Date.now()): ScimUser | undefined {
    if (this.list(workspaceId, user.userName).length) return undefined;
    const count = this.#db.prepare('SELECT COUNT(*) AS n FROM scim_users WHERE workspace_id = ?').get(workspaceId) as { n: number };
    if (count.n >= MAX_SCIM_USERS) throw new Error('quota');
    const id = randomUUID();
    this.#db.prepare('INSERT INTO scim_users (workspace_id, id, user_name, email, external_id, display_name, active, created, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(workspaceId, id, user.userName, user.email.toLowerCase(), user.externalId, user.displayName, user.active ? 1 : 0, now, now);
    return this.get(workspaceId, id);
  }

  /** Applies a change; a user going from active to inactive queues a deprovisioning event. */
  update(workspaceId: string, id: string, change: Partial<Pick<ScimUser, 'userName' | 'email' | 'externalId' | 'displayName' | 'active'>>, now = Date.now()): ScimUser | undefined {
    return this.#db.transaction(() => {
      const before = this.get(workspaceId, id);
      if (!before) return undefined;
      const after = { ...before, ...change };
      this.#db.prepare('UPDATE scim_users SET user_name = ?, email = ?, external_id = ?, display_name = ?, active = ?, last_modified = ? WHERE workspace_id = ? AND id = ?')
        .run(after.userName, after.email.toLowerCase(), after.externalId, after.displayName, after.active ? 1 : 0, now, workspaceId, id);
      if (before.active && !after.active) this.#event(workspaceId, after, 'deactivated', now);
      return this.get(workspaceId, id);
    })();
  }

  /** Deletes a user (queuing a deprovisioning event); false when there is none. */
  delete(workspaceId: string, id: string, now = Date.now()): boolean {
    return this.#db.transaction(() => {
      const user = this.get(workspaceId, id);
      if (!user) return false;
      this.#db.prepare('DELETE FROM scim_users WHERE workspace_id = ? AND id = ?').run(workspaceId, id);
      this.#event(workspaceId, user, 'deleted', now);
      return true;
    })();
  }

  events(workspaceId: string): DeprovisionEvent[] {
    return (this.#db.prepare('SELECT seq, user_name AS userName, email, reason, at FROM scim_events WHERE workspace_id = ? ORDER BY seq LIMIT 500').all(workspaceId) as DeprovisionEvent[]);
  }

  acknowledge(workspaceId: string, seq: number): boolean {
    return this.#db.prepare('DELETE FROM scim_events WHERE workspace_id = ? AND seq = ?').run(workspaceId, seq).changes === 1;
  }

  setOktaSettings(workspaceId: string, settings: OktaSettings): void {
    this.#db.prepare('INSERT INTO okta_settings (workspace_id, settings) VALUES (?, ?) ON CONFLICT (workspace_id) DO UPDATE SET settings = excluded.settings').run(workspaceId, JSON.stringify(settings));
  }

  oktaSettings(workspaceId: string): OktaSettings | undefined {
    const row = this.#db.prepare('SELECT settings FROM okta_settings WHERE workspace_id = ?').get(workspaceId) as { settings: string } | undefined;
    return row && (JSON.parse(row.settings) as OktaSettings);
  }

  /** Records a token id; false when it was seen before (a replay). Forgotten once its token has expired. */
  useJti(workspaceId: string, jti: string, exp: number, now = Date.now()): boolean {
    this.#db.prepare('DELETE FROM okta_jtis WHERE exp < ?').run(Math.floor(now / 1000) - 3600);
    return this.#db.prepare('INSERT OR IGNORE INTO okta_jtis (workspace_id, jti, exp) VALUES (?, ?, ?)').run(workspaceId, jti.slice(0, 256), exp).changes === 1;
  }

  /** The email of the SCIM user with this externalId (Okta's user id), if any. */
  emailOfExternalId(workspaceId: string, externalId: string): string | undefined {
    return (this.#db.prepare('SELECT email FROM scim_users WHERE workspace_id = ? AND external_id = ?').get(workspaceId, externalId) as { email: string } | undefined)?.email;
  }

  /** Whether the address may be a member: a workspace that provisions by SCIM knows its users; one that does not, the relay cannot tell (members' emails are encrypted). */
  knowsEmail(workspaceId: string, email: string): boolean {
    const any = this.#db.prepare('SELECT 1 FROM scim_users WHERE workspace_id = ? LIMIT 1').get(workspaceId);
    return !any || this.#db.prepare('SELECT 1 FROM scim_users WHERE workspace_id = ? AND email = ?').get(workspaceId, email) !== undefined;
  }

  queueLogout(workspaceId: string, email: string, now = Date.now()): void {
    this.#db.prepare('DELETE FROM logout_events WHERE at < ?').run(now - 7 * 86_400_000);
    this.#db.prepare('INSERT INTO logout_events (workspace_id, email, at) VALUES (?, ?, ?)').run(workspaceId, email, now);
  }

  logouts(workspaceId: string, after: number): { seq: number; email: string; at: number }[] {
    return this.#db.prepare('SELECT seq, email, at FROM logout_events WHERE workspace_id = ? AND seq > ? ORDER BY seq LIMIT 500').all(workspaceId, after) as { seq: number; email: string; at: number }[];
  }

  close(): void {
    this.#db.close();
  }

  #event(workspaceId: string, user: Pick<ScimUser, 'userName' | 'email'>, reason: DeprovisionEvent['reason'], now: number): void {
    this.#db.prepare('INSERT INTO scim_events (workspace_id, user_name, email, reason, at) VALUES (?, ?, ?, ?, ?)').run(workspaceId, user.userName, user.email.toLowerCase(), reason, now);
  }
}
