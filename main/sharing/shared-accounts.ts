// Shared accounts between the vault and a workspace's SharedAccountDocs. Sharing side:
// `publishAccount` copies a vault account's name, username, URL, password and TOTP into a
// new doc (secrets under its item key). Receiving side: `materializeSharedAccounts` keeps the
// vault's account list in step with the docs other members shared with this person: an
// account appears under the id its doc names (so roles resolve by id), is updated when the
// doc changes, and is purged when this person loses their role. Which local accounts came
// from which doc is saved (sealed) in the vault's sync state, so a local account that merely
// collides with a doc's id is never overwritten.
import type { Account, Vault } from '../vault/index';
import type { Totp } from '../vault/account-record';
import type { SyncRecords } from '../vault/index';
import { workspaceIds } from './sync-state';
import {
  effectiveAccountRole,
  parseDocId,
  type AccountRole,
  type ItemKey,
  type Principal,
  type SharedAccountDoc,
  type SyncPeer,
} from '../sync/index';

const receivedName = (workspaceId: string) => `received:${workspaceId}`;
const ACCOUNT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** An account this device materialized from a workspace: its local id and this person's role on it. */
export interface ReceivedAccount {
  id: string;
  role: AccountRole;
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

/** The doc a local account id is shared through in this peer's workspace, if any. */
export function sharedDocFor(peer: SyncPeer, accountId: string): SharedAccountDoc | undefined {
  return peer.accounts().find((doc) => {
    const ref = parseDocId(doc.docId);
    return ref?.kind === 'account' && ref.accountId === accountId;
  });
}

/** Starts sharing a vault account in a workspace: a doc with its metadata and secrets; this member its Owner. */
export function publishAccount(peer: SyncPeer, account: Account): SharedAccountDoc {
  const { doc } = peer.createAccount(account.id);
  writeAccountToDoc(peer, doc, account);
  return doc;
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
 * choose. Returns whether anything was written.
 */
export function writeAccountToDoc(peer: SyncPeer, doc: SharedAccountDoc, account: Account): boolean {
  if (effectiveAccountRole(doc, peer.memberId, peer.workspace.state) !== 'owner') return false;
  const keys = doc.openItemKeys(peer.workspace.device);
  const newest = keys.reduce<ItemKey | undefined>((best, k) => (!best || k.version > best.version ? k : best), undefined);
  if (!newest) return false;
  const author = { deviceId: peer.workspace.device.certificate.deviceId, memberId: peer.memberId };
  const meta = { name: account.name, username: account.username, url: account.urls[0] ?? '' };
  const secrets: Array<[string, string]> = [['password', account.password], ['totp', account.totp ? JSON.stringify(account.totp) : '']];
  let changed = false;
  doc.doc.transact(() => {
    const current = doc.meta();
    if (Object.entries(meta).some(([k, v]) => (current[k] ?? '') !== v)) {
      doc.setMeta(meta);
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

function secret(doc: SharedAccountDoc, field: string, peer: SyncPeer): string | undefined {
  const keys = doc.openItemKeys(peer.workspace.device);
  if (!keys.length) return undefined;
  const state = doc.readSecret(field, keys);
  // A conflict keeps the local value until an Owner chooses.
  return state.status === 'set' ? state.value : state.status === 'empty' ? '' : undefined;
}

function fieldsOf(doc: SharedAccountDoc, peer: SyncPeer): { name: string; username: string; urls: string[]; password?: string; totp?: Totp | null } | undefined {
  const meta = doc.meta();
  if (!meta['name']) return undefined;
  const password = secret(doc, 'password', peer);
  const totpText = secret(doc, 'totp', peer);
  let totp: Totp | null | undefined;
  try {
    totp = totpText === undefined ? undefined : totpText === '' ? null : (JSON.parse(totpText) as Totp);
  } catch {
    totp = undefined;
  }
  return {
    name: meta['name'],
    username: meta['username'] ?? '',
    urls: meta['url'] ? [meta['url']] : [],
    ...(password !== undefined ? { password } : {}),
    ...(totp !== undefined ? { totp } : {}),
  };
}

export interface MaterializeResult {
  added: string[];
  updated: string[];
  removed: string[];
}

/**
 * Brings the vault's copies of the accounts other members shared with this person in line
 * with their docs (only `docIds` when given: the docs that changed since the last call).
 * Accounts this member created are the vault's own and are left alone.
 */
export function materializeSharedAccounts(vault: Vault, peer: SyncPeer, docIds?: ReadonlySet<string>): MaterializeResult {
  const workspaceId = peer.workspace.workspaceId;
  const received = { ...receivedAccounts(vault.sync, workspaceId) };
  const result: MaterializeResult = { added: [], updated: [], removed: [] };
  const seen = new Set<string>();
  const docs = docIds ? [...docIds].map((docId) => peer.account(docId).doc) : peer.accounts();
  for (const doc of docs) {
    const ref = parseDocId(doc.docId);
    if (ref?.kind !== 'account' || ref.creatorMemberId === peer.memberId || !ACCOUNT_ID.test(ref.accountId)) continue;
    seen.add(doc.docId);
    const role = effectiveAccountRole(doc, peer.memberId, peer.workspace.state);
    const localId = received[doc.docId]?.id;
    if (!role) {
      if (localId) removeLocal(vault, localId, result);
      delete received[doc.docId];
      continue;
    }
    const fields = fieldsOf(doc, peer);
    if (!fields) continue;
    if (!localId) {
      if (existsLocally(vault, ref.accountId)) continue; // a local account of its own that happens to share the id
      vault.accounts.createWithId(ref.accountId, { ...fields, password: fields.password ?? '', totp: fields.totp ?? null }, { sharedIn: workspaceId });
      received[doc.docId] = { id: ref.accountId, role };
      result.added.push(ref.accountId);
      continue;
    }
    const roleChanged = received[doc.docId]!.role !== role;
    received[doc.docId] = { id: localId, role };
    if (updateLocal(vault, localId, fields) || roleChanged) result.updated.push(localId);
  }
  // Docs that vanished (the workspace no longer lists them) take their copies with them.
  for (const [docId, { id: localId }] of Object.entries(received)) {
    if (docIds || seen.has(docId)) continue;
    removeLocal(vault, localId, result);
    delete received[docId];
  }
  setReceivedAccounts(vault.sync, workspaceId, received);
  return result;
}

function updateLocal(vault: Vault, localId: string, fields: NonNullable<ReturnType<typeof fieldsOf>>): boolean {
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
    result.removed.push(localId);
  } catch {
    // Already gone.
  }
}
