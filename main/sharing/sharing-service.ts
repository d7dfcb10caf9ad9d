// Who this person is on each account, for the IPC handlers and the services: an account in
// the local vault that nobody shared with this device is the person's own (Owner); an account
// that arrived through a workspace answers from the grants in its SharedAccountDoc (main/sync),
// read through the local device's SyncPeer. A Collaborator may log in (automation fills the
// password and TOTP) but no channel returns a secret value to them; Tessera enforces this in
// the app, it is not a cryptographic guarantee. The live SyncController (sync-controller.ts)
// attaches the peer of every saved workspace while the vault is unlocked.
import { accountAccess, type AccountAccess, type AccountRole } from '../access/account-access';
import { effectiveAccountRole, type SharedAccountDoc, type SyncPeer } from '../sync';
import { accountDocIndex } from './account-doc-index';

/**
 * Answers a role for accounts it knows: `undefined` when the account is not shared through
 * this source, `null` when it is shared but this person holds no role on it.
 */
export interface SharedRoleSource {
  roleOf(accountId: string): AccountRole | null | undefined;
  /** Every account shared through this source with this person's role (for the account list). */
  all?(): Map<string, AccountRole | null>;
}

/** Roles from a sync peer: a shared account doc whose id names the local vault account's id (looked up, not scanned: see accountDocIndex). */
export function syncPeerRoles(peer: SyncPeer): SharedRoleSource {
  const index = accountDocIndex(peer);
  const roleOf = (doc: SharedAccountDoc) => effectiveAccountRole(doc, peer.memberId, peer.workspace.state);
  return {
    roleOf(accountId) {
      const doc = index.get(accountId);
      return doc ? roleOf(doc) : undefined;
    },
    all() {
      return new Map([...index].map(([accountId, doc]) => [accountId, roleOf(doc)]));
    },
  };
}

export class SharingService {
  private readonly sources = new Set<SharedRoleSource>();
  /** Roles saved at the last sync (sync-state records): the answer where no live workspace gives one. */
  private savedRoles: ReadonlyMap<string, AccountRole> = new Map();
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

  /**
   * The roles saved with the vault's workspaces at the last sync (taken at unlock): a shared
   * account answers with them before live sync runs, and in the CLI, which syncs only on demand.
   */
  useSavedRoles(roles: ReadonlyMap<string, AccountRole>): void {
    this.savedRoles = roles;
  }

  roleOf(accountId: string): AccountRole | null {
    for (const source of this.sources) {
      const role = source.roleOf(accountId);
      if (role !== undefined) return role;
    }
    return this.savedRoles.get(accountId) ?? 'owner';
  }

  /** Accounts shared through any workspace, with this person's role (null: shared, but not with them). */
  sharedRoles(): Map<string, AccountRole | null> {
    const roles = new Map<string, AccountRole | null>();
    for (const source of this.sources) {
      for (const [accountId, role] of source.all?.() ?? []) if (!roles.has(accountId)) roles.set(accountId, role);
    }
    for (const [accountId, role] of this.savedRoles) if (!roles.has(accountId)) roles.set(accountId, role);
    return roles;
  }

  clear(): void {
    this.sources.clear();
  }
}
