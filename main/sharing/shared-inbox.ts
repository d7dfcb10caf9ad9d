// Inbox messages of a shared account, carried in its SharedAccountDoc so that everyone it is
// shared with sees them on their own devices. Sending side (an Owner device that holds the
// mailbox): `shareInboxMessages` puts a copy of newly stored messages (and on the first
// share, `seedSharedInbox` the account's newest stored ones) into the doc's `inbox`
// map, sealed under the account's newest item key (the epoch key alone reveals nothing but
// the entry's arrival time), once per message (the entry id is an HMAC of its id under the
// item key), and keeps only the newest SHARED_INBOX_LIMIT entries.
// Receiving side: `importSharedInbox` opens the entries and stores them in the local inbox as
// messages of the materialized account, de-duplicated by the message's own id.
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { RoutedInboxMessage } from '../inbox';
import { storeInboxMessage, VaultInboxStore } from '../inbox';
import { open, seal } from '../crypto/aead';
import type { Vault } from '../vault';
import { encodeFields, fromBase64Url, toBase64Url } from '../../protocol/canonical-encoding';
import { effectiveAccountRole, type ItemKey, type SharedAccountDoc, type SyncPeer } from '../sync';

/** Messages kept per account doc (the newest by arrival). */
export const SHARED_INBOX_LIMIT = 50;
/** Text kept per shared message: codes and the sentence around them are near the top. */
export const SHARED_INBOX_TEXT_CHARS = 32_000;

interface SharedInboxEntry {
  box: string;
  keyId: string;
  /** Arrival time (ms): what the bound keeps the newest of. */
  at: number;
}

const PayloadSchema = z.object({
  id: z.string().min(1).max(1_000),
  kind: z.enum(['mail', 'sms']),
  from: z.string().max(1_000),
  fromName: z.string().max(1_000).optional(),
  subject: z.string().max(10_000),
  receivedAt: z.number().int().nonnegative(),
  category: z.enum(['verification_code', 'security_alert', 'recovery', 'other']),
  code: z.string().max(100).optional(),
  text: z.string().max(SHARED_INBOX_TEXT_CHARS),
});
type Payload = z.infer<typeof PayloadSchema>;

function inboxOf(doc: SharedAccountDoc) {
  return doc.doc.getMap<SharedInboxEntry>('inbox');
}

function entryAad(doc: SharedAccountDoc, entryId: string, keyId: string): Uint8Array {
  return encodeFields('tessera.sharing.inbox-message.v1', [doc.docId, entryId, keyId]);
}

/** Keyed by the item key, so the same message maps to the same entry without revealing its id. */
function entryIdOf(doc: SharedAccountDoc, key: ItemKey, messageId: string): string {
  const mac = createHmac('sha256', key.key).update(encodeFields('tessera.sharing.inbox-entry.v1', [doc.docId, key.id, messageId])).digest();
  return toBase64Url(new Uint8Array(mac.subarray(0, 18)));
}

function payloadOf(message: RoutedInboxMessage): Payload {
  return {
    id: message.messageId,
    kind: message.kind ?? 'mail',
    from: message.from,
    ...(message.fromName ? { fromName: message.fromName } : {}),
    subject: message.subject,
    receivedAt: message.receivedAt.getTime(),
    category: message.category,
    ...(message.code ? { code: message.code } : {}),
    text: message.text.slice(0, SHARED_INBOX_TEXT_CHARS),
  };
}

/**
 * Puts copies of stored messages into the account's doc (sealed under the newest item key)
 * and drops the oldest beyond SHARED_INBOX_LIMIT. Only an Owner may change an account doc
 * (receivers refuse a Collaborator's write): returns false when this member is none, or the
 * device holds no item key.
 */
export function shareInboxMessages(peer: SyncPeer, doc: SharedAccountDoc, messages: readonly RoutedInboxMessage[]): boolean {
  if (!messages.length || effectiveAccountRole(doc, peer.memberId, peer.workspace.state) !== 'owner') return false;
  const key = doc.openItemKeys(peer.workspace.device)[0];
  if (!key) return false;
  const inbox = inboxOf(doc);
  doc.doc.transact(() => {
    for (const message of messages) {
      const entryId = entryIdOf(doc, key, message.messageId);
      if (inbox.has(entryId)) continue; // already shared (under this key)
      const bytes = new TextEncoder().encode(JSON.stringify(payloadOf(message)));
      inbox.set(entryId, { box: toBase64Url(seal(key.key, bytes, entryAad(doc, entryId, key.id))), keyId: key.id, at: message.receivedAt.getTime() });
    }
    const oldestFirst = [...inbox.entries()].sort(([a, x], [b, y]) => x.at - y.at || (a < b ? -1 : 1));
    for (const [id] of oldestFirst.slice(0, Math.max(0, oldestFirst.length - SHARED_INBOX_LIMIT))) inbox.delete(id);
  });
  return true;
}

/** On an account's first share: its newest stored messages go into the new doc. */
export function seedSharedInbox(vault: Vault, peer: SyncPeer, doc: SharedAccountDoc, accountId: string): boolean {
  const stored = new VaultInboxStore((use) => use(vault)).list({ accountId, limit: SHARED_INBOX_LIMIT });
  return shareInboxMessages(peer, doc, stored.map((s) => s.message));
}

/** How many messages the doc carries (sealed; for tests and status). */
export function sharedInboxSize(doc: SharedAccountDoc): number {
  return inboxOf(doc).size;
}

/** The doc's messages this device can open, newest first. */
export function readSharedInbox(doc: SharedAccountDoc, keys: readonly ItemKey[]): Payload[] {
  const messages: Payload[] = [];
  for (const [entryId, entry] of inboxOf(doc).entries()) {
    const key = keys.find((k) => k.id === entry.keyId);
    const plain = key && open(key.key, fromBase64Url(entry.box), entryAad(doc, entryId, entry.keyId));
    if (!plain) continue;
    try {
      const parsed = PayloadSchema.safeParse(JSON.parse(new TextDecoder().decode(plain)));
      if (parsed.success) messages.push(parsed.data);
    } catch {
      // Not JSON: skipped like an entry this device cannot open.
    }
  }
  return messages.sort((a, b) => b.receivedAt - a.receivedAt);
}

/**
 * Stores the doc's messages in this vault's inbox as messages of `localAccountId` (the
 * materialized account); ones already stored are skipped. Returns the new ones.
 */
export function importSharedInbox(vault: Vault, peer: SyncPeer, doc: SharedAccountDoc, localAccountId: string): RoutedInboxMessage[] {
  if (!inboxOf(doc).size) return [];
  const added: RoutedInboxMessage[] = [];
  for (const m of readSharedInbox(doc, doc.openItemKeys(peer.workspace.device))) {
    const receivedAt = new Date(m.receivedAt);
    const message: RoutedInboxMessage = {
      uid: 0,
      messageId: m.id,
      from: m.from,
      ...(m.fromName ? { fromName: m.fromName } : {}),
      to: [],
      cc: [],
      deliveredTo: [],
      subject: m.subject,
      date: receivedAt,
      receivedAt,
      text: m.text,
      notes: [],
      ...(m.kind === 'sms' ? { kind: 'sms' as const } : {}),
      accountIds: [localAccountId],
      category: m.category,
      ...(m.code ? { code: m.code } : {}),
    };
    if (storeInboxMessage(vault, message) === 'saved') added.push(message);
  }
  return added;
}
