// Shared accounts between the vault and a workspace's SharedAccountDocs. Sharing side:
// `publishAccount` copies a vault account's name, username, URL, password and TOTP into a
// new doc (secrets under its item key). Receiving side: `materializeSharedAccounts` keeps the
// vault's account list in step with the docs other members shared with this person: an
// account appears under the id its doc names (so roles resolve by id), is updated when the
// doc changes, and is purged when this person loses their role. Which local accounts came
// from which doc is saved (sealed) in the vault's sync state, so a local account that merely
// collides with a doc's id is never overwritten. The inbox messages a doc carries are imported
// into the local inbox as the materialized account's (shared-inbox.ts) and purged with it.
// The candidate of a rotation an Owner's device has not settled (rotation-markers.ts) is kept
// with the saved record too, where logins find it (`receivedRotationMarker`).
import * as Y from 'yjs';
import type { Account, AccountInput, SyncRecords, Totp, Vault } from '../vault';
import type { RoutedInboxMessage } from '../inbox';
import { importSharedInbox } from './shared-inbox';
import { workspaceIds } from './sync-state';
import { readRotationMarker, type RotationMarker } from './rotation-markers';
import { accountDocIndex } from './account-doc-index';
import {
  effectiveAccountRole,
  parseDocId,
  type AccountRole,
  type ItemKey,
  type Principal,
  type SharedAccountDoc,
  type SyncPeer,
  type MetaField,
} from '../sync';

const receivedName = (workspaceId: string) => `received:${workspaceId}`;
const ACCOUNT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** An account this device materialized from a workspace: its local id and this person's role on it. */
export interface ReceivedAccount {
  id: string;
  role: AccountRole;
  /** The doc's state when it was last materialized (unchanged docs are skipped). */
  stamp: string;
  /** The candidate of a rotation an Owner's device submitted and has not settled (rotation-markers.ts). */
  rotation?: RotationMarker;
}

/** Doc id → the account this device materialized from it. */
export function receivedAccounts(records: SyncRecords, workspaceId: string): Record<string, ReceivedAccount> {
  const saved = records.read(receivedName(workspaceId));
  return saved && typeof saved === 'object' ? (saved as Record<string, ReceivedAccount>) : {};
}

function setReceivedAccounts(records: SyncRecords, workspaceId: string, map: Record<string, ReceivedAccount>): void {
  records.write(receivedName(workspaceId), Object.keys(map).length ? map : undefined);
}

/**
 * This person's role on the local accounts that came from workspaces, as last synced: for
 * the CLI, which has no live sync peer (an account not listed is the person's own).
 */
export function receivedRoles(records: SyncRecords): Map<string, AccountRole> {
  const roles = new Map<string, AccountRole>();
  for (const workspaceId of workspaceIds(records)) {
    for (const { id, role } of Object.values(receivedAccounts(records, workspaceId))) roles.set(id, role);
  }
  return roles;
}

/** The candidate a materialized account's doc carried when last synced (the CLI reads it too). */
export function receivedRotationMarker(records: SyncRecords, accountId: string): RotationMarker | undefined {
  for (const workspaceId of workspaceIds(records)) {
    for (const received of Object.values(receivedAccounts(records, workspaceId))) {
      if (received.id === accountId && received.rotation) return received.rotation;
    }
  }
  return undefined;
}

/** The doc a local account id is shared through in this peer's workspace, if any. */
export function sharedDocFor(peer: SyncPeer, accountId: string): SharedAccountDoc | undefined {
  return accountDocIndex(peer).get(accountId);
}

/**
 * Starts sharing a vault account in a workspace: a doc with its metadata and secrets; this
 * member its Owner. `then` runs in the same Yjs transaction as the doc's creation and fields
 * (the first grant, say): the doc's envelope then carries one update instead of one per step.
 * It is given the doc's item keys, so a grant need not open them again.
 */
export function publishAccount(peer: SyncPeer, account: Account, then?: (doc: SharedAccountDoc, keys: readonly ItemKey[]) => void): SharedAccountDoc {
  return peer.createAccount(account.id, ({ doc, itemKey }) => {
    // The key createAccount just made: opening it again from the doc would cost an X25519 operation.
    const keys = [itemKey];
    writeAccountToDoc(peer, doc, account, keys);
    then?.(doc, keys);
  }).doc;
}

function currentValue(doc: SharedAccountDoc, field: string, keys: readonly ItemKey[]): string | undefined {
  try {
    const state = doc.readSecret(field, keys);
    return state.status === 'set' ? state.value : state.status === 'empty' ? '' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An Owner's vault account changed (edit, rotation): writes what differs into its doc, so the
 * change syncs to everyone it is shared with. A field in conflict is left for an Owner to
 * choose. Returns whether anything was written. `openedKeys`: the doc's item keys when the
 * caller holds them already.
 */
export function writeAccountToDoc(peer: SyncPeer, doc: SharedAccountDoc, account: Account, openedKeys?: readonly ItemKey[]): boolean {
  if (effectiveAccountRole(doc, peer.memberId, peer.workspace.state) !== 'owner') return false;
  const keys = openedKeys ?? doc.openItemKeys(peer.workspace.device);
  const newest = keys.reduce<ItemKey | undefined>((best, k) => (!best || k.version > best.version ? k : best), undefined);
  if (!newest) return false;
  const author = { deviceId: peer.workspace.device.certificate.deviceId, memberId: peer.memberId };
  // Name, username and URL are sealed under the item key like the secrets: a member device
  // without a role on the account (a guest's) holds the doc but cannot read what it is.
  const meta: Array<[MetaField, string]> = [['name', account.name], ['username', account.username], ['url', account.urls[0] ?? '']];
  const secrets: Array<[string, string]> = [['password', account.password], ['totp', account.totp ? JSON.stringify(account.totp) : '']];
  let changed = false;
  doc.doc.transact(() => {
    if (Object.keys(doc.meta()).length > 0) {
      doc.clearMeta();
      changed = true;
    }
    for (const [field, value] of meta) {
      if ((doc.sealedMeta(field, keys) ?? '') === value && doc.candidates(`meta:${field}`).length > 0) continue;
      doc.writeSecret(`meta:${field}`, value, newest, author);
      changed = true;
    }
    for (const [field, value] of secrets) {
      const before = currentValue(doc, field, keys);
      if (before === undefined || before === value) continue;
      doc.writeSecret(field, value, newest, author);
      changed = true;
    }
  });
  return changed;
}

/** Who has which role on a shared account (direct grants and teams), for the account page. */
export function accessList(doc: SharedAccountDoc): { principal: Principal; role: AccountRole }[] {
  return [...doc.grants()].map(([principal, role]) => ({ principal, role }));
}

/** The account's name, username and URL for a device with a role on it (sealed, or a legacy doc's plaintext). */
export function accountMeta(doc: SharedAccountDoc, keys: readonly ItemKey[]): { name: string; username: string; url: string } | undefined {
  const legacy = doc.meta();
  const name = (keys.length ? doc.sealedMeta('name', keys) : undefined) ?? legacy['name'];
  if (!name) return undefined;
  return { name, username: doc.sealedMeta('username', keys) ?? legacy['username'] ?? '', url: doc.sealedMeta('url', keys) ?? legacy['url'] ?? '' };
}

function fieldsOf(doc: SharedAccountDoc, peer: SyncPeer): { name: string; username: string; urls: string[]; password?: string; totp?: Totp | null; rotation: RotationMarker | null } | undefined {
  // Opening the item key costs an X25519 operation: once per doc. A conflict (undefined)
  // keeps the local value until an Owner chooses.
  const keys = doc.openItemKeys(peer.workspace.device);
  const meta = accountMeta(doc, keys);
  if (!meta) return undefined;
  const password = keys.length ? currentValue(doc, 'password', keys) : undefined;
  const totpText = keys.length ? currentValue(doc, 'totp', keys) : undefined;
  let totp: Totp | null | undefined;
  try {
    totp = totpText === undefined ? undefined : totpText === '' ? null : (JSON.parse(totpText) as Totp);
  } catch {
    totp = undefined;
  }
  return {
    name: meta.name,
    username: meta.username,
    urls: meta.url ? [meta.url] : [],
    ...(password !== undefined ? { password } : {}),
    ...(totp !== undefined ? { totp } : {}),
    rotation: readRotationMarker(doc, keys),
  };
}

/** What a doc held when last materialized: its Yjs state vector (cheap; no decryption). */
function stampOf(doc: SharedAccountDoc): string {
  return Buffer.from(Y.encodeStateVector(doc.doc)).toString('base64');
}

export interface MaterializeResult {
  added: string[];
  updated: string[];
  removed: string[];
  /** True when the pass stopped at `limit` docs to decrypt: call again for the rest. */
  more: boolean;
}

/**
 * Brings the vault's copies of the accounts other members shared with this person in line
 * with their docs (only `docIds` when given: the docs that changed since the last call;
 * at most `limit` docs read per pass, `more` says when some are left).
 * Accounts this member created are the vault's own and are left alone.
 */
export function materializeSharedAccounts(
  vault: Vault,
  peer: SyncPeer,
  docIds?: ReadonlySet<string>,
  limit = Infinity,
  /** Each inbox message imported from a doc (the app tells the inbox screens). */
  onInboxMessage?: (message: RoutedInboxMessage) => void,
): MaterializeResult {
  const workspaceId = peer.workspace.workspaceId;
  const received = { ...receivedAccounts(vault.sync, workspaceId) };
  const result: MaterializeResult = { added: [], updated: [], removed: [], more: false };
  let decrypted = 0;
  const seen = new Set<string>();
  const docs = docIds ? [...docIds].map((docId) => peer.account(docId).doc) : peer.accounts();
  let mapChanged = false;
  const creates: { doc: SharedAccountDoc; docId: string; id: string; role: AccountRole; stamp: string; marker: { rotation?: RotationMarker }; input: AccountInput }[] = [];
  for (const doc of docs) {
    const ref = parseDocId(doc.docId);
    if (ref?.kind !== 'account' || ref.creatorMemberId === peer.memberId || !ACCOUNT_ID.test(ref.accountId)) continue;
    seen.add(doc.docId);
    const role = effectiveAccountRole(doc, peer.memberId, peer.workspace.state);
    const saved = received[doc.docId];
    if (!role) {
      if (!saved) continue;
      removeLocal(vault, saved.id, result);
      delete received[doc.docId];
      mapChanged = true;
      continue;
    }
    const stamp = stampOf(doc);
    if (saved && saved.role === role && saved.stamp === stamp) continue; // nothing changed since last time
    // Each doc to read costs an X25519 operation: a long first pass is split so the app stays responsive.
    if (decrypted++ >= limit) {
      result.more = true;
      break;
    }
    const fields = fieldsOf(doc, peer);
    if (!fields) continue;
    const { rotation, ...accountFields } = fields;
    const marker = rotation ? { rotation } : {};
    if (!saved) {
      if (existsLocally(vault, ref.accountId)) continue; // a local account of its own that happens to share the id
      creates.push({ doc, docId: doc.docId, id: ref.accountId, role, stamp, marker, input: { ...accountFields, password: fields.password ?? '', totp: fields.totp ?? null } });
      continue;
    }
    received[doc.docId] = { id: saved.id, role, stamp, ...marker };
    mapChanged = true;
    if (updateLocal(vault, saved.id, accountFields) || saved.role !== role || saved.rotation?.rotationId !== rotation?.rotationId) result.updated.push(saved.id);
    importSharedInbox(vault, peer, doc, saved.id).forEach((m) => onInboxMessage?.(m));
  }
  // New accounts in one transaction: thousands arrive together when a device joins.
  if (creates.length) {
    vault.accounts.createMany(creates.map((c) => c.input), `shared:${workspaceId}`, creates.map((c) => c.id));
    for (const c of creates) {
      received[c.docId] = { id: c.id, role: c.role, stamp: c.stamp, ...c.marker };
      result.added.push(c.id);
      importSharedInbox(vault, peer, c.doc, c.id).forEach((m) => onInboxMessage?.(m));
    }
    mapChanged = true;
  }
  // Docs that vanished (the workspace no longer lists them) take their copies with them.
  for (const [docId, { id: localId }] of Object.entries(received)) {
    if (docIds || result.more || seen.has(docId)) continue;
    removeLocal(vault, localId, result);
    delete received[docId];
    mapChanged = true;
  }
  if (mapChanged) setReceivedAccounts(vault.sync, workspaceId, received);
  return result;
}

function updateLocal(vault: Vault, localId: string, fields: Omit<NonNullable<ReturnType<typeof fieldsOf>>, 'rotation'>): boolean {
  let current: Account;
  try {
    current = vault.accounts.get(localId);
  } catch {
    return false;
  }
  const patch: Partial<typeof fields> = {};
  if (current.name !== fields.name) patch.name = fields.name;
  if (current.username !== fields.username) patch.username = fields.username;
  if (JSON.stringify(current.urls) !== JSON.stringify(fields.urls)) patch.urls = fields.urls;
  if (fields.password !== undefined && current.password !== fields.password) patch.password = fields.password;
  if (fields.totp !== undefined && JSON.stringify(current.totp) !== JSON.stringify(fields.totp)) patch.totp = fields.totp;
  if (!Object.keys(patch).length) return false;
  vault.accounts.update(localId, current.version, patch);
  return true;
}

function existsLocally(vault: Vault, id: string): boolean {
  try {
    vault.accounts.get(id);
    return true;
  } catch {
    return false;
  }
}

function removeLocal(vault: Vault, localId: string, result: MaterializeResult): void {
  try {
    vault.accounts.purge(localId);
    // Its inbox messages came from the doc too (shared-inbox.ts): they go with it.
    vault.inbox.purgeAccountMessages(localId);
    result.removed.push(localId);
  } catch {
    // Already gone.
  }
}
