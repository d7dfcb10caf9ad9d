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
import {
  effectiveAccountRole,
  parseDocId,
  type AccountRole,
  type Principal,
  type SharedAccountDoc,
  type SyncPeer,
} from '../sync/index';

const receivedName = (workspaceId: string) => `received:${workspaceId}`;
const ACCOUNT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Doc id → local account id of the accounts this device materialized from a workspace. */
export function receivedAccounts(records: SyncRecords, workspaceId: string): Record<string, string> {
  const saved = records.read(receivedName(workspaceId));
  return saved && typeof saved === 'object' ? (saved as Record<string, string>) : {};
}

function setReceivedAccounts(records: SyncRecords, workspaceId: string, map: Record<string, string>): void {
  records.write(receivedName(workspaceId), Object.keys(map).length ? map : undefined);
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
  const created = peer.createAccount(account.id);
  const author = { deviceId: peer.workspace.device.certificate.deviceId, memberId: peer.memberId };
  const target = created.doc;
  target.doc.transact(() => {
    target.setMeta({ name: account.name, username: account.username, url: account.urls[0] ?? '' });
    if (account.password) target.writeSecret('password', account.password, created.itemKey, author);
    if (account.totp) target.writeSecret('totp', JSON.stringify(account.totp), created.itemKey, author);
  });
  return target;
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
 * with their docs. Accounts this member created are the vault's own and are left alone.
 */
export function materializeSharedAccounts(vault: Vault, peer: SyncPeer): MaterializeResult {
  const workspaceId = peer.workspace.workspaceId;
  const received = { ...receivedAccounts(vault.sync, workspaceId) };
  const result: MaterializeResult = { added: [], updated: [], removed: [] };
  const seen = new Set<string>();
  for (const doc of peer.accounts()) {
    const ref = parseDocId(doc.docId);
    if (ref?.kind !== 'account' || ref.creatorMemberId === peer.memberId || !ACCOUNT_ID.test(ref.accountId)) continue;
    seen.add(doc.docId);
    const role = effectiveAccountRole(doc, peer.memberId, peer.workspace.state);
    const localId = received[doc.docId];
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
      received[doc.docId] = ref.accountId;
      result.added.push(ref.accountId);
      continue;
    }
    if (updateLocal(vault, localId, fields)) result.updated.push(localId);
  }
  // Docs that vanished (the workspace no longer lists them) take their copies with them.
  for (const [docId, localId] of Object.entries(received)) {
    if (seen.has(docId)) continue;
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
