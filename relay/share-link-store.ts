// Share links on the relay: per link its workspace, the ciphertext (opaque: its key is only in
// the link's fragment), expiry, whether it opens once, who may open it (emails, domains), its
// state and views; per pending email check the code's hash, its expiry and the tries left.
// A one-time link is marked used in the same transaction that hands out its ciphertext, so two
// recipients racing get it once; an expired, used, revoked or locked link never gives it out
// again, and its ciphertext is deleted as soon as it can no longer be opened. Also per workspace
// the SMTP server an Owner or Admin set for its codes (the relay needs its password to send).
import Database from 'better-sqlite3';
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { preparePrivateSqliteFile } from '../protocol/private-files';
import { toBase64Url } from '../protocol/canonical-encoding';
import type { LinkCreate, LinkRecord, LinkState, WorkspaceSmtp } from '../protocol/share-links';

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_TRIES = 5;
/** Links one workspace may hold open at a time. */
export const MAX_OPEN_LINKS_PER_WORKSPACE = 500;

interface Row {
  link_id: string;
  workspace_id: string;
  ciphertext: string | null;
  created_at: number;
  expires_at: number;
  once: number;
  emails: string;
  domains: string;
  revoked: number;
  used: number;
  locked: number;
}

export type OpenResult =
  | { ok: true; ciphertext: string; expiresAt: number }
  | { ok: false; reason: 'not-found' | LinkState | 'email-required' | 'wrong-code' | 'no-code'; triesLeft?: number };

export class ShareLinkStore {
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

  create(workspaceId: string, link: LinkCreate, now = Date.now()): string {
    const open = this.#db.prepare('SELECT COUNT(*) AS n FROM share_links WHERE workspace_id = ? AND ciphertext IS NOT NULL AND expires_at > ?').get(workspaceId, now) as { n: number };
    if (open.n >= MAX_OPEN_LINKS_PER_WORKSPACE) throw new Error('quota');
    const linkId = toBase64Url(randomBytes(16));
    this.#db.prepare('INSERT INTO share_links (link_id, workspace_id, ciphertext, created_at, expires_at, once, emails, domains) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(linkId, workspaceId, link.ciphertext, now, link.expiresAt, link.once ? 1 : 0, JSON.stringify(link.emails), JSON.stringify(link.domains));
    return linkId;
  }

  list(workspaceId: string, now = Date.now()): LinkRecord[] {
    this.purge(now);
    const rows = this.#db.prepare('SELECT * FROM share_links WHERE workspace_id = ? ORDER BY created_at DESC LIMIT 1000').all(workspaceId) as Row[];
    const views = this.#db.prepare('SELECT at, email FROM share_link_views WHERE link_id = ? ORDER BY at');
    return rows.map((row) => ({
      linkId: row.link_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      once: row.once === 1,
      emails: JSON.parse(row.emails) as string[],
      domains: JSON.parse(row.domains) as string[],
      state: stateOf(row, now),
      views: views.all(row.link_id) as { at: number; email: string | null }[],
    }));
  }

  /** The workspace's own SMTP server for codes (undefined: none; the relay's, if any, is used). */
  smtp(workspaceId: string): WorkspaceSmtp | undefined {
    const row = this.#db.prepare('SELECT settings FROM workspace_smtp WHERE workspace_id = ?').get(workspaceId) as { settings: string } | undefined;
    return row && (JSON.parse(row.settings) as WorkspaceSmtp);
  }

  setSmtp(workspaceId: string, settings: WorkspaceSmtp | undefined): void {
    if (settings) this.#db.prepare('INSERT INTO workspace_smtp (workspace_id, settings) VALUES (?, ?) ON CONFLICT (workspace_id) DO UPDATE SET settings = excluded.settings').run(workspaceId, JSON.stringify(settings));
    else this.#db.prepare('DELETE FROM workspace_smtp WHERE workspace_id = ?').run(workspaceId);
  }

  /** Revokes a link of this workspace; false when there is none. */
  revoke(workspaceId: string, linkId: string): boolean {
    return this.#db.prepare('UPDATE share_links SET revoked = 1, ciphertext = NULL WHERE link_id = ? AND workspace_id = ?').run(linkId, workspaceId).changes === 1;
  }

  /** What a recipient's page may know before opening: the state, the expiry and whether an email check is needed. */
  info(linkId: string, now = Date.now()): { state: LinkState; expiresAt: number; needsEmail: boolean } | undefined {
    const row = this.#row(linkId);
    if (!row) return undefined;
    return { state: stateOf(row, now), expiresAt: row.expires_at, needsEmail: needsEmail(row) };
  }

  /** The rule a code may be sent under: undefined when the link cannot be opened or needs no code. */
  rule(linkId: string, now = Date.now()): { workspaceId: string; emails: string[]; domains: string[] } | undefined {
    const row = this.#row(linkId);
    if (!row || stateOf(row, now) !== 'open' || !needsEmail(row)) return undefined;
    return { workspaceId: row.workspace_id, emails: JSON.parse(row.emails) as string[], domains: JSON.parse(row.domains) as string[] };
  }

  /** A fresh six-digit code for this address (replacing an earlier one), kept only as a keyed hash. */
  issueCode(linkId: string, email: string, now = Date.now()): string {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.#db.prepare('INSERT INTO share_link_codes (link_id, email, code_hash, expires_at, tries_left) VALUES (?, ?, ?, ?, ?) ON CONFLICT (link_id, email) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at, tries_left = MIN(share_link_codes.tries_left, excluded.tries_left)')
      .run(linkId, email, this.#hash(linkId, email, code), now + CODE_TTL_MS, CODE_TRIES);
    return code;
  }

  /**
   * Hands out the ciphertext once the link's rule is met, recording the view (and, for a
   * one-time link, using it up) in the same transaction. Five wrong codes lock the link.
   */
  open(linkId: string, proof: { email?: string; code?: string }, now = Date.now()): OpenResult {
    return this.#db.transaction((): OpenResult => {
      const row = this.#row(linkId);
      if (!row) return { ok: false, reason: 'not-found' };
      const state = stateOf(row, now);
      if (state !== 'open' || row.ciphertext === null) return { ok: false, reason: state === 'open' ? 'expired' : state };
      let email: string | null = null;
      if (needsEmail(row)) {
        if (!proof.email || !proof.code) return { ok: false, reason: 'email-required' };
        email = proof.email.trim().toLowerCase();
        const pending = this.#db.prepare('SELECT code_hash, expires_at, tries_left FROM share_link_codes WHERE link_id = ? AND email = ?').get(linkId, email) as { code_hash: Buffer; expires_at: number; tries_left: number } | undefined;
        if (!pending || pending.expires_at <= now) return { ok: false, reason: 'no-code' };
        const given = this.#hash(linkId, email, proof.code.trim());
        if (!timingSafeEqual(given, pending.code_hash)) {
          const triesLeft = this.#spendTry(linkId, email, pending.tries_left);
          return triesLeft === 0 ? { ok: false, reason: 'locked' } : { ok: false, reason: 'wrong-code', triesLeft };
        }
        this.#db.prepare('DELETE FROM share_link_codes WHERE link_id = ? AND email = ?').run(linkId, email);
      }
      this.#db.prepare('INSERT INTO share_link_views (link_id, at, email) VALUES (?, ?, ?)').run(linkId, now, email);
      if (row.once === 1) this.#db.prepare('UPDATE share_links SET used = 1, ciphertext = NULL WHERE link_id = ?').run(linkId);
      return { ok: true, ciphertext: row.ciphertext, expiresAt: row.expires_at };
    })();
  }

  /** Drops the ciphertext of links past their time (the rows stay, for the sender's list). */
  purge(now = Date.now()): void {
    this.#db.prepare('UPDATE share_links SET ciphertext = NULL WHERE ciphertext IS NOT NULL AND expires_at <= ?').run(now);
    this.#db.prepare('DELETE FROM share_link_codes WHERE expires_at <= ?').run(now);
  }

  close(): void {
    this.#db.close();
  }

  #spendTry(linkId: string, email: string, triesLeft: number): number {
    const left = Math.max(0, triesLeft - 1);
    this.#db.prepare('UPDATE share_link_codes SET tries_left = ? WHERE link_id = ? AND email = ?').run(left, linkId, email);
    if (left === 0) this.#db.prepare('UPDATE share_links SET locked = 1, ciphertext = NULL WHERE link_id = ?').run(linkId);
    return left;
  }

  #row(linkId: string): Row | undefined {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(linkId)) return undefined;
    return this.#db.prepare('SELECT * FROM share_links WHERE link_id = ?').get(linkId) as Row | undefined;
  }

  #hash(linkId: string, email: string, code: string): Buffer {
    return createHmac('sha256', this.#codeKey).update(`${linkId}\n${email}\n${code}`).digest();
  }
}

function needsEmail(row: Row): boolean {
  return row.emails !== '[]' || row.domains !== '[]';
}

function stateOf(row: Row, now: number): LinkState {
  if (row.revoked) return 'revoked';
  if (row.locked) return 'locked';
  if (row.used) return 'used';
  return row.expires_at <= now ? 'expired' : 'open';
}
