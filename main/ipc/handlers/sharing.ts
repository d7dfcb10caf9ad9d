// Handlers for sharing.*: thin calls into WorkspaceActions and the live SyncController.
// Sharing and unsharing need the Owner role on the account; reading who has access needs a role.
import type { HandlerSlice } from '../handler-table';
import type { Services } from '../../services';

type SharingChannel =
  | 'sharing.status' | 'sharing.create' | 'sharing.invite' | 'sharing.joinRequests' | 'sharing.admit' | 'sharing.join'
  | 'sharing.members' | 'sharing.confirmKey' | 'sharing.removeMember' | 'sharing.share' | 'sharing.unshare' | 'sharing.accountAccess';

export function sharingHandlers({ workspaces, sync, sharing }: Services): HandlerSlice<SharingChannel> {
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
  };
}
