// Share links on the relay: per link its workspace, the ciphertext (opaque: its key is only in
// the link's fragment), expiry, whether it opens once, who may open it (emails, domains), its
// state and views; per pending email check the code's hash, its expiry and the tries left.
// A one-time link is marked used in the same transaction that hands out its ciphertext, so two
// recipients racing get it once; an expired, used, revoked or locked link never gives it out
// again, and its ciphertext is deleted as soon as it can no longer be opened. Also per workspace
// the SMTP server an Owner or Admin set for its codes (the relay needs its password to send).
//
// One interface, two stores: SQLite (below, the default: the relay's `dbPath` file) and
// PostgreSQL (postgres-share-link-store.ts, with `store: 'postgres://…'`, shared by every relay
// node on the database). The rules both apply (a link's state, whether it needs a code, how an
// opening is decided) are the functions below.
import Database from 'better-sqlite3';
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { preparePrivateSqliteFile } from '../protocol/private-files';
import { toBase64Url } from '../protocol/canonical-encoding';
import type { LinkCreate, LinkRecord, LinkState, WorkspaceSmtp } from '../protocol/share-links';

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_TRIES = 5;
/** Links one workspace may hold open at a time. */
export const MAX_OPEN_LINKS_PER_WORKSPACE = 500;

export type OpenResult =
  | { ok: true; ciphertext: string; expiresAt: number }
  | { ok: false; reason: 'not-found' | LinkState | 'email-required' | 'wrong-code' | 'no-code'; triesLeft?: number };

/** Thrown by `create` when the workspace holds MAX_OPEN_LINKS_PER_WORKSPACE open links. */
export class LinkQuotaError extends Error {
  readonly code = 'RELAY_QUOTA_EXCEEDED';
  override readonly name = 'LinkQuotaError';
}

export interface ShareLinkStore {
  /** A new link's id; a LinkQuotaError when the workspace has too many open links. */
  create(workspaceId: string, link: LinkCreate, now?: number): Promise<string>;
  /** The workspace's newest links with their views (drops the ciphertext of expired ones first). */
  list(workspaceId: string, now?: number): Promise<LinkRecord[]>;
  /** The workspace's own SMTP server for codes (undefined: none; the relay's, if any, is used). */
  smtp(workspaceId: string): Promise<WorkspaceSmtp | undefined>;
  setSmtp(workspaceId: string, settings: WorkspaceSmtp | undefined): Promise<void>;
  /** Revokes a link of this workspace; false when there is none. */
  revoke(workspaceId: string, linkId: string): Promise<boolean>;
  /** What a recipient's page may know before opening: the state, the expiry and whether an email check is needed. */
  info(linkId: string, now?: number): Promise<{ state: LinkState; expiresAt: number; needsEmail: boolean } | undefined>;
  /** The rule a code may be sent under: undefined when the link cannot be opened or needs no code. */
  rule(linkId: string, now?: number): Promise<{ workspaceId: string; emails: string[]; domains: string[] } | undefined>;
  /** A fresh six-digit code for this address (replacing an earlier one, never giving tries back), kept only as a keyed hash. */
  issueCode(linkId: string, email: string, now?: number): Promise<string>;
  /**
   * Hands out the ciphertext once the link's rule is met, recording the view (and, for a
   * one-time link, using it up) in the same transaction. Five wrong codes lock the link.
   */
  open(linkId: string, proof: { email?: string; code?: string }, now?: number): Promise<OpenResult>;
  /** Drops the ciphertext of links past their time (the rows stay, for the sender's list) and expired codes. */
  purge(now?: number): Promise<void>;
  close(): Promise<void>;
}

/** A link row as both stores read it (LINK_COLUMNS), before linkFrom. */
export interface LinkColumns {
  linkId: string;
  workspaceId: string;
  ciphertext: string | null;
  createdAt: number;
  expiresAt: number;
  once: number | boolean;
  emails: string;
  domains: string;
  revoked: number | boolean;
  used: number | boolean;
  locked: number | boolean;
}

export interface LinkRow extends Omit<LinkColumns, 'once' | 'emails' | 'domains' | 'revoked' | 'used' | 'locked'> {
  once: boolean;
  emails: string[];
  domains: string[];
  revoked: boolean;
  used: boolean;
  locked: boolean;
}

/** The `share_links` columns under the names of LinkColumns (the same SQL in SQLite and PostgreSQL). */
export const LINK_COLUMNS = 'link_id AS "linkId", workspace_id AS "workspaceId", ciphertext, created_at AS "createdAt", expires_at AS "expiresAt", once, emails, domains, revoked, used, locked';

export const linkFrom = (row: LinkColumns): LinkRow => ({
  ...row,
  once: Boolean(row.once), revoked: Boolean(row.revoked), used: Boolean(row.used), locked: Boolean(row.locked),
  emails: JSON.parse(row.emails) as string[], domains: JSON.parse(row.domains) as string[],
});

/** Link ids are base64url: anything else is no link (and never reaches a query). */
export const isLinkId = (linkId: string): boolean => /^[A-Za-z0-9_-]{1,64}$/.test(linkId);

export const newLinkId = (): string => toBase64Url(randomBytes(16));

export const needsEmail = (link: Pick<LinkRow, 'emails' | 'domains'>): boolean => link.emails.length > 0 || link.domains.length > 0;

export function stateOf(link: LinkRow, now: number): LinkState {
  if (link.revoked) return 'revoked';
  if (link.locked) return 'locked';
  if (link.used) return 'used';
  return link.expiresAt <= now ? 'expired' : 'open';
}

export function infoOf(link: LinkRow | undefined, now: number): { state: LinkState; expiresAt: number; needsEmail: boolean } | undefined {
  return link && { state: stateOf(link, now), expiresAt: link.expiresAt, needsEmail: needsEmail(link) };
}

export function ruleOf(link: LinkRow | undefined, now: number): { workspaceId: string; emails: string[]; domains: string[] } | undefined {
  if (!link || stateOf(link, now) !== 'open' || !needsEmail(link)) return undefined;
  return { workspaceId: link.workspaceId, emails: link.emails, domains: link.domains };
}

export function recordOf(link: LinkRow, views: { at: number; email: string | null }[], now: number): LinkRecord {
  return { linkId: link.linkId, createdAt: link.createdAt, expiresAt: link.expiresAt, once: link.once, emails: link.emails, domains: link.domains, state: stateOf(link, now), views };
}

export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** A code as stored: an HMAC under the store's code key, so the table alone reveals no code. */
export const codeHash = (key: Uint8Array, linkId: string, email: string, code: string): Buffer =>
  createHmac('sha256', key).update(`${linkId}\n${email}\n${code}`).digest();

/**
 * How an opening starts, the same in both stores: refused at once, or allowed for `email`
 * (null: the link needs no code) once that address's pending code matches (codeCheck).
 */
export function openStart(link: LinkRow | undefined, proof: { email?: string; code?: string }, now: number): { refused: OpenResult } | { email: string | null; code: string } {
  if (!link) return { refused: { ok: false, reason: 'not-found' } };
  const state = stateOf(link, now);
  if (state !== 'open' || link.ciphertext === null) return { refused: { ok: false, reason: state === 'open' ? 'expired' : state } };
  if (!needsEmail(link)) return { email: null, code: '' };
  if (!proof.email || !proof.code) return { refused: { ok: false, reason: 'email-required' } };
  return { email: proof.email.trim().toLowerCase(), code: proof.code.trim() };
}

/** Whether a pending code (undefined: none) lets the opening go on. */
export function codeCheck(pending: { codeHash: Uint8Array; expiresAt: number } | undefined, given: Buffer, now: number): 'no-code' | 'wrong' | 'right' {
  if (!pending || pending.expiresAt <= now) return 'no-code';
  return timingSafeEqual(given, pending.codeHash) ? 'right' : 'wrong';
}

/** The answer to a wrong code, once a try is spent: `triesLeft` 0 has locked the link. */
export const wrongCode = (triesLeft: number): OpenResult => (triesLeft === 0 ? { ok: false, reason: 'locked' } : { ok: false, reason: 'wrong-code', triesLeft });

export class SqliteShareLinkStore implements ShareLinkStore {
  readonly #db: Database.Database;
  /** Code hashes are keyed per relay run: a copied database reveals no code. */
  readonly #codeKey = randomBytes(32);

  constructor(path: string) {
    preparePrivateSqliteFile(path);
    this.#db = new Database(path === ':memory:' ? ':memory:' : path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS share_links (
        link_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, ciphertext TEXT, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
        once INTEGER NOT NULL, emails TEXT NOT NULL, domains TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0, used INTEGER NOT NULL DEFAULT 0,
        locked INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX IF NOT EXISTS share_links_workspace ON share_links (workspace_id, created_at);
      CREATE TABLE IF NOT EXISTS share_link_views (link_id TEXT NOT NULL, at INTEGER NOT NULL, email TEXT);
      CREATE TABLE IF NOT EXISTS share_link_codes (
        link_id TEXT NOT NULL, email TEXT NOT NULL, code_hash BLOB NOT NULL, expires_at INTEGER NOT NULL, tries_left INTEGER NOT NULL,
        PRIMARY KEY (link_id, email));
      CREATE TABLE IF NOT EXISTS workspace_smtp (workspace_id TEXT PRIMARY KEY, settings TEXT NOT NULL);
    `);
  }

  async create(workspaceId: string, link: LinkCreate, now = Date.now()): Promise<string> {
    const open = this.#db.prepare('SELECT COUNT(*) AS n FROM share_links WHERE workspace_id = ? AND ciphertext IS NOT NULL AND expires_at > ?').get(workspaceId, now) as { n: number };
    if (open.n >= MAX_OPEN_LINKS_PER_WORKSPACE) throw new LinkQuotaError('This workspace has too many open links.');
    const linkId = newLinkId();
    this.#db.prepare('INSERT INTO share_links (link_id, workspace_id, ciphertext, created_at, expires_at, once, emails, domains) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(linkId, workspaceId, link.ciphertext, now, link.expiresAt, link.once ? 1 : 0, JSON.stringify(link.emails), JSON.stringify(link.domains));
    return linkId;
  }

  async list(workspaceId: string, now = Date.now()): Promise<LinkRecord[]> {
    await this.purge(now);
    const rows = this.#db.prepare(`SELECT ${LINK_COLUMNS} FROM share_links WHERE workspace_id = ? ORDER BY created_at DESC LIMIT 1000`).all(workspaceId) as LinkColumns[];
    const views = this.#db.prepare('SELECT at, email FROM share_link_views WHERE link_id = ? ORDER BY at');
    return rows.map((row) => recordOf(linkFrom(row), views.all(row.linkId) as { at: number; email: string | null }[], now));
  }

  async smtp(workspaceId: string): Promise<WorkspaceSmtp | undefined> {
    const row = this.#db.prepare('SELECT settings FROM workspace_smtp WHERE workspace_id = ?').get(workspaceId) as { settings: string } | undefined;
    return row && (JSON.parse(row.settings) as WorkspaceSmtp);
  }

  async setSmtp(workspaceId: string, settings: WorkspaceSmtp | undefined): Promise<void> {
    if (settings) this.#db.prepare('INSERT INTO workspace_smtp (workspace_id, settings) VALUES (?, ?) ON CONFLICT (workspace_id) DO UPDATE SET settings = excluded.settings').run(workspaceId, JSON.stringify(settings));
    else this.#db.prepare('DELETE FROM workspace_smtp WHERE workspace_id = ?').run(workspaceId);
  }

  async revoke(workspaceId: string, linkId: string): Promise<boolean> {
    return this.#db.prepare('UPDATE share_links SET revoked = 1, ciphertext = NULL WHERE link_id = ? AND workspace_id = ?').run(linkId, workspaceId).changes === 1;
  }

  async info(linkId: string, now = Date.now()): Promise<{ state: LinkState; expiresAt: number; needsEmail: boolean } | undefined> {
    return infoOf(this.#link(linkId), now);
  }

  async rule(linkId: string, now = Date.now()): Promise<{ workspaceId: string; emails: string[]; domains: string[] } | undefined> {
    return ruleOf(this.#link(linkId), now);
  }

  async issueCode(linkId: string, email: string, now = Date.now()): Promise<string> {
    const code = newCode();
    this.#db.prepare('INSERT INTO share_link_codes (link_id, email, code_hash, expires_at, tries_left) VALUES (?, ?, ?, ?, ?) ON CONFLICT (link_id, email) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at, tries_left = MIN(share_link_codes.tries_left, excluded.tries_left)')
      .run(linkId, email, codeHash(this.#codeKey, linkId, email, code), now + CODE_TTL_MS, CODE_TRIES);
    return code;
  }

  async open(linkId: string, proof: { email?: string; code?: string }, now = Date.now()): Promise<OpenResult> {
    return this.#db.transaction((): OpenResult => {
      const link = this.#link(linkId);
      const start = openStart(link, proof, now);
      if ('refused' in start) return start.refused;
      const { email } = start;
      if (email !== null) {
        const pending = this.#db.prepare('SELECT code_hash AS codeHash, expires_at AS expiresAt, tries_left AS triesLeft FROM share_link_codes WHERE link_id = ? AND email = ?')
          .get(linkId, email) as { codeHash: Buffer; expiresAt: number; triesLeft: number } | undefined;
        const check = codeCheck(pending, codeHash(this.#codeKey, linkId, email, start.code), now);
        if (check === 'no-code') return { ok: false, reason: 'no-code' };
        if (check === 'wrong') return wrongCode(this.#spendTry(linkId, email, pending!.triesLeft));
        this.#db.prepare('DELETE FROM share_link_codes WHERE link_id = ? AND email = ?').run(linkId, email);
      }
      this.#db.prepare('INSERT INTO share_link_views (link_id, at, email) VALUES (?, ?, ?)').run(linkId, now, email);
      if (link!.once) this.#db.prepare('UPDATE share_links SET used = 1, ciphertext = NULL WHERE link_id = ?').run(linkId);
      return { ok: true, ciphertext: link!.ciphertext!, expiresAt: link!.expiresAt };
    })();
  }

  async purge(now = Date.now()): Promise<void> {
    this.#db.prepare('UPDATE share_links SET ciphertext = NULL WHERE ciphertext IS NOT NULL AND expires_at <= ?').run(now);
    this.#db.prepare('DELETE FROM share_link_codes WHERE expires_at <= ?').run(now);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  #spendTry(linkId: string, email: string, triesLeft: number): number {
    const left = Math.max(0, triesLeft - 1);
    this.#db.prepare('UPDATE share_link_codes SET tries_left = ? WHERE link_id = ? AND email = ?').run(left, linkId, email);
    if (left === 0) this.#db.prepare('UPDATE share_links SET locked = 1, ciphertext = NULL WHERE link_id = ?').run(linkId);
    return left;
  }

  #link(linkId: string): LinkRow | undefined {
    if (!isLinkId(linkId)) return undefined;
    const row = this.#db.prepare(`SELECT ${LINK_COLUMNS} FROM share_links WHERE link_id = ?`).get(linkId) as LinkColumns | undefined;
    return row && linkFrom(row);
  }
}
