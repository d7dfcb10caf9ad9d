// Who this person is on each account, for the IPC handlers and the services: an account in
// the local vault that nobody shared with this device is the person's own (Owner); an account
// that arrived through a workspace answers from the grants in its SharedAccountDoc (main/sync),
// read through the local device's SyncPeer. A Collaborator may log in (automation fills the
// password and TOTP) but no channel returns a secret value to them; Tessera enforces this in
// the app, it is not a cryptographic guarantee.
import { accountAccess, type AccountAccess, type AccountRole } from '../inbox-service/account-access';
import { effectiveAccountRole, loadKeys, parseDocId, type SyncPeer } from '../sync/index';
import type { SyncRecords } from '../vault/index';
import { loadWorkspace, workspaceIds } from './sync-state';

/**
 * Answers a role for accounts it knows: `undefined` when the account is not shared through
 * this source, `null` when it is shared but this person holds no role on it.
 */
export interface SharedRoleSource {
  roleOf(accountId: string): AccountRole | null | undefined;
}

/** Roles from a sync peer: a shared account doc whose id names the local vault account's id. */
export function syncPeerRoles(peer: SyncPeer): SharedRoleSource {
  return {
    roleOf(accountId) {
      for (const doc of peer.accounts()) {
        const ref = parseDocId(doc.docId);
        if (ref?.kind === 'account' && ref.accountId === accountId) return effectiveAccountRole(doc, peer.memberId, peer.workspace.state);
      }
      return undefined;
    },
  };
}

export class SharingService {
  private readonly sources = new Set<SharedRoleSource>();
  private fromVault: Array<() => void> = [];
  /** The AccountAccess the services and handlers check. */
  readonly access: AccountAccess = accountAccess((accountId) => this.roleOf(accountId));

  /** Adds a source of shared roles (a workspace's sync peer); returns a detach function. */
  attach(source: SharedRoleSource): () => void {
    this.sources.add(source);
    return () => this.sources.delete(source);
  }

  /** Attaches the roles of a sync peer's shared account docs. */
  attachPeer(peer: SyncPeer): () => void {
    return this.attach(syncPeerRoles(peer));
  }

  roleOf(accountId: string): AccountRole | null {
    for (const source of this.sources) {
      const role = source.roleOf(accountId);
      if (role !== undefined) return role;
    }
    return 'owner';
  }

  clear(): void {
    this.sources.clear();
    this.fromVault = [];
  }

  /** On unlock: attaches the peers of the workspaces saved in the vault (none until one is created or joined). */
  async loadSaved(records: SyncRecords): Promise<SyncPeer[]> {
    const ids = workspaceIds(records);
    if (!ids.length) return [];
    const keys = await loadKeys(records.keyStore());
    if (!keys) return [];
    const peers = ids.flatMap((id) => {
      const loaded = loadWorkspace(records, id, keys.device);
      return loaded ? [loaded.peer] : [];
    });
    this.fromVault.push(...peers.map((peer) => this.attachPeer(peer)));
    return peers;
  }

  /** On lock: forgets the peers loaded from the vault. */
  detachSaved(): void {
    for (const detach of this.fromVault.splice(0)) detach();
  }
}
