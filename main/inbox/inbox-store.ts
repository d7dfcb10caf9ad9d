// Where the inbox keeps messages and its place in the mailbox. The app implements it on top
// of the vault (messages encrypted, shared with everyone who has the account); the in-memory
// version here serves tests and the CLI's dry runs. The inbox never writes anywhere else.

import type { MessageCategory, RoutedInboxMessage } from './inbox-message';

/** Where the inbox stopped: UIDs mean nothing once the server changes UIDVALIDITY. */
export type SyncState = { uidValidity: string; lastSeenUid: number };

export type MessageQuery = { accountId?: string; category?: MessageCategory; since?: Date; limit?: number };

export interface InboxStore {
  loadSyncState(mailboxKey: string): Promise<SyncState | undefined>;
  saveSyncState(mailboxKey: string, state: SyncState): Promise<void>;
  /** 'duplicate' when a message with the same Message-ID is already stored (a resync). */
  saveMessage(message: RoutedInboxMessage): Promise<'saved' | 'duplicate'>;
  /** Newest first. */
  listMessages(query?: MessageQuery): Promise<RoutedInboxMessage[]>;
}

export class MemoryInboxStore implements InboxStore {
  private readonly states = new Map<string, SyncState>();
  private readonly messages = new Map<string, RoutedInboxMessage>();

  async loadSyncState(mailboxKey: string): Promise<SyncState | undefined> {
    const state = this.states.get(mailboxKey);
    return state && { ...state };
  }

  async saveSyncState(mailboxKey: string, state: SyncState): Promise<void> {
    this.states.set(mailboxKey, { ...state });
  }

  async saveMessage(message: RoutedInboxMessage): Promise<'saved' | 'duplicate'> {
    if (this.messages.has(message.messageId)) return 'duplicate';
    this.messages.set(message.messageId, message);
    return 'saved';
  }

  async listMessages(query: MessageQuery = {}): Promise<RoutedInboxMessage[]> {
    return [...this.messages.values()]
      .filter((message) => query.accountId === undefined || message.accountIds.includes(query.accountId))
      .filter((message) => query.category === undefined || message.category === query.category)
      .filter((message) => query.since === undefined || message.receivedAt >= query.since)
      .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime())
      .slice(0, query.limit ?? Infinity);
  }
}
