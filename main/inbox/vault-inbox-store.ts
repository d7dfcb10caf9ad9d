// The InboxStore the app uses: messages sealed in the vault (main/vault/inbox-records.ts),
// found again after a resync by an HMAC of their Message-ID, with the sync position per
// mailbox sealed too. Dates travel as ISO strings inside the sealed document. HTML bodies are
// not kept: the app shows the text, and a stored script-laden page would only be a liability.
import { z } from 'zod';
import type { InboxStore, MessageQuery, SyncState } from './inbox-store';
import type { RoutedInboxMessage } from './inbox-message';
import type { Vault } from '../vault';

/** Text kept per message; codes and the sentence around them are always near the top. */
export const MAX_STORED_TEXT_CHARS = 200_000;

const StoredMessageSchema = z.object({
  uid: z.number(),
  messageId: z.string(),
  from: z.string(),
  fromName: z.string().optional(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  deliveredTo: z.array(z.string()),
  subject: z.string(),
  date: z.string(),
  text: z.string(),
  notes: z.array(z.string()),
  code: z.string().optional(),
  kind: z.literal('sms').optional(),
});
type StoredMessage = z.infer<typeof StoredMessageSchema>;

const SyncStateSchema = z.object({ uidValidity: z.string(), lastSeenUid: z.number().int().min(0) });

/** A stored message with the id the app uses to open it. */
export type StoredInboxMessage = { id: string; message: RoutedInboxMessage };

function toStored(message: RoutedInboxMessage): StoredMessage {
  const text = message.text.length > MAX_STORED_TEXT_CHARS ? message.text.slice(0, MAX_STORED_TEXT_CHARS) : message.text;
  const notes = text === message.text ? message.notes : [...message.notes, `Only the first ${MAX_STORED_TEXT_CHARS} characters of the text were kept.`];
  return {
    uid: message.uid,
    messageId: message.messageId,
    from: message.from,
    ...(message.fromName ? { fromName: message.fromName } : {}),
    to: message.to,
    cc: message.cc,
    deliveredTo: message.deliveredTo,
    subject: message.subject,
    date: message.date.toISOString(),
    text,
    notes,
    ...(message.code ? { code: message.code } : {}),
    ...(message.kind ? { kind: message.kind } : {}),
  };
}

/** Runs one use of the vault; the background store runs it without resetting the idle lock. */
export type VaultAccess = <T>(use: (vault: Vault) => T) => T;

/** Stores one routed message in the vault (de-duplicated by its Message-ID). */
export function storeInboxMessage(vault: Vault, message: RoutedInboxMessage): 'saved' | 'duplicate' {
  const result = vault.inbox.putMessage(message.messageId, {
    category: message.category,
    receivedAt: message.receivedAt.getTime(),
    accountIds: message.accountIds,
    data: toStored(message),
  });
  return result === 'duplicate' ? 'duplicate' : 'saved';
}

export class VaultInboxStore implements InboxStore {
  /** `onSaved` hears every message stored for the first time (e.g. to share it with a team). */
  constructor(
    private readonly withVault: VaultAccess,
    private readonly onSaved?: (message: RoutedInboxMessage) => void,
  ) {}

  async loadSyncState(mailboxKey: string): Promise<SyncState | undefined> {
    const parsed = SyncStateSchema.safeParse(this.withVault((vault) => vault.inbox.readState(`sync ${mailboxKey}`)));
    return parsed.success ? parsed.data : undefined;
  }

  async saveSyncState(mailboxKey: string, state: SyncState): Promise<void> {
    this.withVault((vault) => vault.inbox.writeState(`sync ${mailboxKey}`, { uidValidity: state.uidValidity, lastSeenUid: state.lastSeenUid }));
  }

  async saveMessage(message: RoutedInboxMessage): Promise<'saved' | 'duplicate'> {
    const result = this.withVault((vault) => storeInboxMessage(vault, message));
    if (result === 'saved') this.onSaved?.(message);
    return result;
  }

  async listMessages(query: MessageQuery = {}): Promise<RoutedInboxMessage[]> {
    return this.list(query).map((stored) => stored.message);
  }

  /** Like listMessages, with each message's id. Newest first. */
  list(query: MessageQuery = {}): StoredInboxMessage[] {
    const records = this.withVault((vault) => vault.inbox.messages({
      ...(query.accountId !== undefined ? { accountId: query.accountId } : {}),
      ...(query.category !== undefined ? { category: query.category } : {}),
      ...(query.since !== undefined ? { since: query.since.getTime() } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    }));
    return records.flatMap((record) => {
      const message = fromRecord(record);
      return message ? [{ id: record.id, message }] : [];
    });
  }

  get(id: string): StoredInboxMessage | undefined {
    const record = this.withVault((vault) => vault.inbox.message(id));
    const message = record && fromRecord(record);
    return message ? { id, message } : undefined;
  }
}

const CATEGORIES: readonly string[] = ['verification_code', 'security_alert', 'recovery', 'other'] satisfies RoutedInboxMessage['category'][];

function fromRecord(record: { category: string; receivedAt: number; accountIds: string[]; data: unknown }): RoutedInboxMessage | undefined {
  const parsed = StoredMessageSchema.safeParse(record.data);
  if (!parsed.success || !CATEGORIES.includes(record.category)) return undefined;
  const { date, code, kind, ...rest } = parsed.data;
  return {
    ...rest,
    date: new Date(date),
    receivedAt: new Date(record.receivedAt),
    accountIds: record.accountIds,
    category: record.category as RoutedInboxMessage['category'],
    ...(code ? { code } : {}),
    ...(kind ? { kind } : {}),
  };
}
