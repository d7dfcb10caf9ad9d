// Milestone 4's fact: per shared account, how many other people hold a role on it — active
// members of the workspace, other than this person, whose grant (direct or through a team)
// gives them a role the chain still honours. A grant to a removed member or to a team with
// nobody else in it is no share. From live peers (the app's SyncController) or from the
// workspaces saved in the vault (the CLI, which has no live sync).
import { effectiveAccountRole, loadKeys, parseDocId, type SyncPeer } from '../sync';
import type { Vault } from '../vault';
import { loadWorkspace, workspaceIds } from './sync-state';

export function otherRoleHolders(peers: Iterable<SyncPeer>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const peer of peers) {
    const state = peer.workspace.state;
    const others = [...state.members.entries()].filter(([memberId, member]) => member.active && memberId !== peer.memberId).map(([memberId]) => memberId);
    for (const doc of peer.accounts()) {
      const ref = parseDocId(doc.docId);
      if (ref?.kind !== 'account') continue;
      const holders = others.filter((memberId) => effectiveAccountRole(doc, memberId, state) !== null).length;
      counts.set(ref.accountId, (counts.get(ref.accountId) ?? 0) + holders);
    }
  }
  return counts;
}

/** The workspaces saved in the vault as peers of this device (none before it has keys). */
export async function savedPeers(vault: Vault): Promise<SyncPeer[]> {
  const keys = await loadKeys(vault.sync.keyStore());
  if (!keys) return [];
  return workspaceIds(vault.sync).flatMap((workspaceId) => {
    const loaded = loadWorkspace(vault.sync, workspaceId, keys.device);
    return loaded ? [loaded.peer] : [];
  });
}
