// Storage for the managed inbox (main/inbox gives it meaning): messages, the
// mailbox's settings and credentials, and its sync position. Each message is one sealed JSON
// document bound by AAD to its row, category, arrival time and routed accounts, so rows cannot
// be swapped or re-routed unnoticed. Duplicates are found by an HMAC of the Message-ID under
// the 'inbox-index' sub-key; named state rows are keyed by an HMAC of their name too.
// Backups carry every message and the mailbox settings (exportForBackup / importFromBackup).
import { randomUUID } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { TesseraError } from '../errors';
import { encodeAad, openJson, sealJson } from '../crypto/aead';
import type { VaultSession, WriteTx } from './vault-session';

/**
 * The state row holding the team mailbox's settings and credentials (main/inbox
 * gives it its shape). Named here because backups carry it; other states (the sync
 * position) are left out: a restored vault starts watching from the mailbox's newest mail.
 */
export const MAILBOX_SETTINGS_STATE = 'mailbox settings';
const BACKED_UP_STATES = [MAILBOX_SETTINGS_STATE] as const;

/** A message as a backup holds it: the sealed document opened, with its Message-ID for de-duplication. */
export interface ExportedInboxMessage {
  messageId: string;
  category: string;
  receivedAt: number;
  accountIds: string[];
  data: unknown;
}

export interface ExportedInbox {
  messages: ExportedInboxMessage[];
  states: { name: string; value: unknown }[];
}

export interface InboxMessageRecord {
  id: string;
  category: string;
  /** ms since epoch: when the mailbox received it. */
  receivedAt: number;
  storedAt: number;
  accountIds: string[];
  data: unknown;
}

export interface InboxMessageQuery {
  accountId?: string;
  category?: string;
  /** Only messages received at or after (ms since epoch). */
  since?: number;
  limit?: number;
}

interface MessageRow {
  id: string;
  category: string;
  received_at: number;
  stored_at: number;
  data: Uint8Array;
  account_ids: string | null;
}

const MAX_LIST = 1_000;

function buf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function messageAad(vaultId: string, id: string, category: string, receivedAt: number, accountIds: readonly string[]): Uint8Array {
  return encodeAad('inbox.message', vaultId, id, category, receivedAt, [...accountIds].sort().join(','));
}

function stateAad(vaultId: string, name: string): Uint8Array {
  return encodeAad('inbox.state', vaultId, name);
}

export class InboxRecords {
  constructor(private readonly session: () => VaultSession) {}

  private indexHmac(session: VaultSession, purpose: string, value: string): Buffer {
    return buf(hmac(sha256, session.keys.subKey('inbox-index'), new TextEncoder().encode(`${purpose}\n${value}`)));
  }

  /** Stores a message unless one with the same Message-ID is already there. */
  putMessage(messageId: string, record: Omit<InboxMessageRecord, 'id' | 'storedAt'>): { id: string } | 'duplicate' {
    const session = this.session();
    return session.write((tx) => this.insertMessage(session, tx, messageId, record));
  }

  /**
   * Per account, what its managed address or number has received (from the plaintext routing
   * and category columns, no decryption): the proof milestones 2 and 3 ask for.
   */
  deliveries(): Map<string, { lastAt: number; lastCodeAt: number | null }> {
    const session = this.session();
    return session.read(() => {
      const rows = session.store.db
        .prepare(`SELECT a.account_id AS accountId, MAX(m.received_at) AS lastAt,
            MAX(CASE WHEN m.category = 'verification_code' THEN m.received_at END) AS lastCodeAt
          FROM inbox_message_accounts a JOIN inbox_messages m ON m.id = a.message_id GROUP BY a.account_id`)
        .all() as { accountId: string; lastAt: number; lastCodeAt: number | null }[];
      return new Map(rows.map((row) => [row.accountId, { lastAt: row.lastAt, lastCodeAt: row.lastCodeAt }]));
    });
  }

  /** Every message (unreadable ones are named in `skipped`) and the states a backup carries. */
  exportForBackup(): ExportedInbox & { skipped: string[] } {
    const session = this.session();
    return session.read(() => {
      const rows = session.store.db
        .prepare(`SELECT m.*, (SELECT group_concat(account_id, ',') FROM inbox_message_accounts WHERE message_id = m.id) AS account_ids
          FROM inbox_messages m ORDER BY m.received_at`)
        .all() as MessageRow[];
      const messages: ExportedInboxMessage[] = [];
      const skipped: string[] = [];
      for (const row of rows) {
        try {
          const { category, receivedAt, accountIds, data } = this.open(session, row);
          messages.push({ messageId: messageIdOf(data) ?? row.id, category, receivedAt, accountIds, data });
        } catch (error) {
          if (!(error instanceof TesseraError && error.code === 'ITEM_CORRUPT')) throw error;
          skipped.push(row.id);
        }
      }
      const states = BACKED_UP_STATES.flatMap((name) => {
        const value = this.readState(name);
        return value === undefined ? [] : [{ name, value }];
      });
      return { messages, states, skipped };
    });
  }

  /** Restore: seals the backup's messages and states under this vault's keys, inside the restore's transaction. */
  importFromBackup(tx: WriteTx, inbox: ExportedInbox): void {
    const session = this.session();
    for (const { messageId, ...record } of inbox.messages) this.insertMessage(session, tx, messageId, record);
    for (const { name, value } of inbox.states) this.putState(session, tx, name, value);
  }

  private insertMessage(session: VaultSession, tx: WriteTx, messageId: string, record: Omit<InboxMessageRecord, 'id' | 'storedAt'>): { id: string } | 'duplicate' {
    const db = tx.store.db;
    const dedup = this.indexHmac(session, 'message-id', messageId);
    if (db.prepare('SELECT 1 FROM inbox_messages WHERE dedup = ?').get(dedup)) return 'duplicate';
    const id = randomUUID();
    const accountIds = [...new Set(record.accountIds)];
    const data = sealJson(session.keys.subKey('inbox'), record.data, messageAad(session.vaultId, id, record.category, record.receivedAt, accountIds));
    db.prepare('INSERT INTO inbox_messages (id, dedup, category, received_at, stored_at, data) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, dedup, record.category, record.receivedAt, tx.now, buf(data));
    const link = db.prepare('INSERT INTO inbox_message_accounts (account_id, message_id) VALUES (?, ?)');
    for (const accountId of accountIds) link.run(accountId, id);
    return { id };
  }

  message(id: string): InboxMessageRecord | undefined {
    const session = this.session();
    return session.read(() => {
      const row = session.store.db
        .prepare(`SELECT m.*, (SELECT group_concat(account_id, ',') FROM inbox_message_accounts WHERE message_id = m.id) AS account_ids
          FROM inbox_messages m WHERE m.id = ?`)
        .get(id) as MessageRow | undefined;
      return row && this.open(session, row);
    });
  }

  /** Newest first. A damaged row is left out (reading it by id says why), not the whole list. */
  messages(query: InboxMessageQuery = {}): InboxMessageRecord[] {
    const session = this.session();
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.accountId !== undefined) {
      where.push('m.id IN (SELECT message_id FROM inbox_message_accounts WHERE account_id = ?)');
      params.push(query.accountId);
    }
    if (query.category !== undefined) {
      where.push('m.category = ?');
      params.push(query.category);
    }
    if (query.since !== undefined) {
      where.push('m.received_at >= ?');
      params.push(query.since);
    }
    const limit = Math.min(query.limit ?? MAX_LIST, MAX_LIST);
    return session.read(() => {
      const rows = session.store.db
        .prepare(`SELECT m.*, (SELECT group_concat(account_id, ',') FROM inbox_message_accounts WHERE message_id = m.id) AS account_ids
          FROM inbox_messages m ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY m.received_at DESC, m.stored_at DESC LIMIT ?`)
        .all(...params, limit) as MessageRow[];
      return rows.flatMap((row) => {
        try {
          return [this.open(session, row)];
        } catch (error) {
          if (error instanceof TesseraError && error.code === 'ITEM_CORRUPT') return [];
          throw error;
        }
      });
    });
  }

  /** Deletes messages received before `cutoff` (ms); records one `inbox.purge` entry. */
  purgeMessages(cutoff: number): number {
    const session = this.session();
    return session.write((tx) => {
      const removed = tx.store.db.prepare('DELETE FROM inbox_messages WHERE received_at < ?').run(cutoff).changes;
      if (removed > 0) tx.audit('inbox.purge', null, { messages: removed, before: new Date(cutoff).toISOString() });
      return removed;
    });
  }

  /** Deletes the messages routed to this account and to no other (its shared copy went away). */
  purgeAccountMessages(accountId: string): number {
    const session = this.session();
    return session.write((tx) => tx.store.db
      .prepare(`DELETE FROM inbox_messages WHERE id IN (SELECT message_id FROM inbox_message_accounts WHERE account_id = ?)
        AND id NOT IN (SELECT message_id FROM inbox_message_accounts WHERE account_id <> ?)`)
      .run(accountId, accountId).changes);
  }

  readState(name: string): unknown {
    const session = this.session();
    return session.read(() => {
      const row = session.store.db.prepare('SELECT data FROM inbox_state WHERE name_hmac = ?').get(this.indexHmac(session, 'state', name)) as
        | { data: Uint8Array }
        | undefined;
      if (!row) return undefined;
      const value = openJson(session.keys.subKey('inbox'), row.data, stateAad(session.vaultId, name));
      if (value === undefined) throw new TesseraError('ITEM_CORRUPT', 'The stored inbox settings are damaged or were moved between rows. Connect the mailbox again.');
      return value;
    });
  }

  /** Writes (or with `undefined`, deletes) a named state; `audit` records the change when given. */
  writeState(name: string, value: unknown, audit?: { kind: string; details: Record<string, string | number | boolean> }): void {
    const session = this.session();
    session.write((tx) => {
      if (value === undefined) tx.store.db.prepare('DELETE FROM inbox_state WHERE name_hmac = ?').run(this.indexHmac(session, 'state', name));
      else this.putState(session, tx, name, value);
      if (audit) tx.audit(audit.kind, null, audit.details);
    });
  }

  private putState(session: VaultSession, tx: WriteTx, name: string, value: unknown): void {
    const data = sealJson(session.keys.subKey('inbox'), value, stateAad(session.vaultId, name));
    tx.store.db.prepare('INSERT OR REPLACE INTO inbox_state (name_hmac, updated_at, data) VALUES (?, ?, ?)').run(this.indexHmac(session, 'state', name), tx.now, buf(data));
  }

  private open(session: VaultSession, row: MessageRow): InboxMessageRecord {
    const accountIds = row.account_ids ? row.account_ids.split(',') : [];
    const data = openJson(session.keys.subKey('inbox'), row.data, messageAad(session.vaultId, row.id, row.category, row.received_at, accountIds));
    if (data === undefined) {
      throw new TesseraError('ITEM_CORRUPT', `The inbox message ${row.id} is damaged or was re-routed outside Tessera. Purge old messages or restore a backup.`, { itemId: row.id });
    }
    return { id: row.id, category: row.category, receivedAt: row.received_at, storedAt: row.stored_at, accountIds, data };
  }
}

/** The inbox store seals each message with its Message-ID as `messageId` (main/inbox/vault-inbox-store.ts). */
function messageIdOf(data: unknown): string | undefined {
  const value = typeof data === 'object' && data !== null ? (data as { messageId?: unknown }).messageId : undefined;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
