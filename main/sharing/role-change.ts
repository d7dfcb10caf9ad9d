// Changing a member's workspace role (Owner, Admin, Member, Login-Only, Guest), with the
// seed's rules on top of the chain's own (only an Owner grants or takes the Owner role; a
// workspace keeps an Owner): Login-Only members and guests can only be Collaborators, so a
// demotion to either turns every direct Owner grant they hold on an account this device owns
// into a Collaborator grant. Nobody loses read access by a role change (a Collaborator's
// device keeps the item key automation needs), so nothing is re-keyed; removal and unshare
// are what re-key. Plain functions over a SyncPeer, used by the app (WorkspaceActions) and
// the CLI alike.
import { TesseraError } from '../errors';
import { effectiveAccountRole, type Role, type SyncPeer } from '../sync';

export const COLLABORATOR_ONLY_ROLES: readonly Role[] = ['login-only', 'guest'];

export type RoleChange = { memberId: string; from: Role; to: Role; demotedGrants: string[] };

export function changeMemberRole(peer: SyncPeer, memberId: string, role: Role): RoleChange {
  const state = peer.workspace.state;
  const me = state.members.get(peer.memberId);
  if (me?.role !== 'owner' && me?.role !== 'admin') throw new TesseraError('NOT_PERMITTED', 'Only Owners and Admins can change a member’s role.');
  const target = state.members.get(memberId);
  if (!target?.active) throw new TesseraError('INVALID_INPUT', 'That person is not an active member of this workspace.');
  if (target.role === role) throw new TesseraError('INVALID_INPUT', `They are already ${role}.`);
  if ((target.role === 'owner' || role === 'owner') && me.role !== 'owner') throw new TesseraError('NOT_PERMITTED', 'Only an Owner can make someone an Owner or change an Owner’s role.');
  const from = target.role;
  peer.workspace.changeRole(memberId, role);
  const demotedGrants: string[] = [];
  if (COLLABORATOR_ONLY_ROLES.includes(role)) {
    for (const doc of peer.accounts()) {
      if (doc.grants().get(`member:${memberId}`) !== 'owner') continue;
      if (effectiveAccountRole(doc, peer.memberId, peer.workspace.state) !== 'owner') continue;
      peer.share(doc.docId, `member:${memberId}`, 'collaborator');
      demotedGrants.push(doc.docId);
    }
  }
  return { memberId, from, to: role, demotedGrants };
}
