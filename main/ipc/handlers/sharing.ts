// Handlers for sharing.*: thin calls into WorkspaceActions and the live SyncController.
// Teams go to TeamActions (Owners and Admins only). Sharing and unsharing need the Owner role on the account; reading who has access needs a role.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';

type SharingChannel =
  | 'sharing.status' | 'sharing.create' | 'sharing.invite' | 'sharing.joinRequests' | 'sharing.admit' | 'sharing.join'
  | 'sharing.members' | 'sharing.confirmKey' | 'sharing.removeMember' | 'sharing.share' | 'sharing.unshare' | 'sharing.accountAccess'
  | 'sharing.teams' | 'sharing.createTeam' | 'sharing.renameTeam' | 'sharing.addToTeam' | 'sharing.removeFromTeam';

export function sharingHandlers({ workspaces, teams, sync, sharing }: Services): HandlerSlice<SharingChannel> {
  return {
    'sharing.status': async () => ({ identity: await workspaces.identity(), workspaces: sync.status() }),
    'sharing.create': ({ name, relayUrl, serveRelay }) => workspaces.create({ name, ...(relayUrl ? { relayUrl } : {}), ...(serveRelay ? { serveRelay } : {}) }),
    'sharing.invite': ({ workspaceId }) => workspaces.invite(workspaceId),
    'sharing.joinRequests': ({ workspaceId }) => ({ requests: workspaces.joinRequests(workspaceId) }),
    'sharing.admit': ({ workspaceId, sas, role }) => workspaces.admit(workspaceId, sas, role),
    'sharing.join': ({ code }) => workspaces.join(code),
    'sharing.members': ({ workspaceId }) => ({ members: workspaces.members(workspaceId) }),
    'sharing.confirmKey': ({ workspaceId, memberId }) => {
      workspaces.confirmKey(workspaceId, memberId);
      return { memberId };
    },
    'sharing.removeMember': ({ workspaceId, memberId }) => workspaces.removeMember(workspaceId, memberId),
    'sharing.share': ({ workspaceId, accountId, principal, role }) => {
      sharing.access.requireOwner(accountId);
      workspaces.share(workspaceId, accountId, principal, role);
      return { accountId };
    },
    'sharing.unshare': ({ workspaceId, accountId, principal }) => {
      sharing.access.requireOwner(accountId);
      return workspaces.unshare(workspaceId, accountId, principal);
    },
    'sharing.accountAccess': ({ accountId }) => {
      sharing.access.requireAccess(accountId);
      return { shares: workspaces.accountAccess(accountId) };
    },
    'sharing.teams': ({ workspaceId }) => ({ teams: teams.teams(workspaceId) }),
    'sharing.createTeam': ({ workspaceId, name }) => teams.createTeam(workspaceId, name),
    'sharing.renameTeam': ({ workspaceId, teamId, name }) => {
      teams.renameTeam(workspaceId, teamId, name);
      return { teamId };
    },
    'sharing.addToTeam': ({ workspaceId, teamId, memberId }) => {
      teams.addToTeam(workspaceId, teamId, memberId);
      return { teamId, memberId };
    },
    'sharing.removeFromTeam': ({ workspaceId, teamId, memberId }) => teams.removeFromTeam(workspaceId, teamId, memberId),
  };
}
