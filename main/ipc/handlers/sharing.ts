// Handlers for sharing.*: thin calls into WorkspaceActions and the live SyncController.
// Teams go to TeamActions (Owners and Admins only), partners to PartnerActions (Owners, Admins and a partner's Managers). WorkspaceActions checks the roles:
// sharing and unsharing need the Owner role on the account (on every one of a shareMany list,
// else nothing is shared), reading who has access a role.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';

type SharingChannel =
  | 'sharing.status' | 'sharing.create' | 'sharing.invite' | 'sharing.joinRequests' | 'sharing.admit' | 'sharing.join' | 'sharing.setRelay'
  | 'sharing.members' | 'sharing.confirmKey' | 'sharing.removeMember' | 'sharing.logoutMember' | 'sharing.share' | 'sharing.shareMany' | 'sharing.unshare' | 'sharing.accountAccess'
  | 'sharing.teams' | 'sharing.createTeam' | 'sharing.renameTeam' | 'sharing.addToTeam' | 'sharing.removeFromTeam'
  | 'sharing.scimToken' | 'sharing.oktaSettings' | 'sharing.partners' | 'sharing.createPartner' | 'sharing.addPartnerManager' | 'sharing.partnerGrant' | 'sharing.partnerRevoke' | 'sharing.removeFromPartner' | 'sharing.endPartner'
  | 'sharing.profile' | 'sharing.setProfile' | 'sharing.findMember' | 'sharing.changeRole'
  | 'sharing.devices' | 'sharing.linkDevice' | 'sharing.linkRequests' | 'sharing.confirmLink' | 'sharing.acceptLink' | 'sharing.linkState' | 'sharing.removeDevice';

export function sharingHandlers({ workspaces, teams, partners, scim, universalLogout, sync, devices, rotation, vault }: Services): HandlerSlice<SharingChannel> {
  return {
    'sharing.devices': () => ({ devices: devices.devices() }),
    'sharing.linkDevice': () => devices.link(),
    'sharing.linkRequests': () => ({ waiting: devices.linkRequests() }),
    'sharing.confirmLink': ({ sas }) => devices.confirmLink(sas),
    'sharing.acceptLink': ({ code }) => devices.accept(code),
    'sharing.linkState': () => devices.linkState(),
    'sharing.removeDevice': ({ deviceId }) => devices.removeDevice(deviceId),
    'sharing.status': async () => ({ identity: await workspaces.identity(), workspaces: sync.status() }),
    'sharing.create': ({ name, relayUrl, serveRelay, profile }) => workspaces.create({ name, ...(relayUrl ? { relayUrl } : {}), ...(serveRelay ? { serveRelay } : {}), ...(profile ? { profile } : {}) }),
    'sharing.profile': () => ({ profile: workspaces.profile() }),
    'sharing.setProfile': ({ profile }) => ({ profile: workspaces.setProfile(profile) }),
    'sharing.findMember': ({ workspaceId, who }) => ({ memberId: workspaces.findMember(workspaceId, who) }),
    'sharing.changeRole': ({ workspaceId, memberId, role }) => workspaces.changeRole(workspaceId, memberId, role),
    'sharing.invite': ({ workspaceId, hours, partnerId }) => workspaces.invite(workspaceId, hours === undefined ? undefined : hours * 3_600_000, partnerId),
    'sharing.joinRequests': ({ workspaceId }) => ({ requests: workspaces.joinRequests(workspaceId) }),
    'sharing.admit': ({ workspaceId, sas, role, partnerId, manager }) => workspaces.admit(workspaceId, sas, role, partnerId !== undefined ? { partnerId, manager: manager === true } : undefined),
    'sharing.join': ({ code, profile, relayUrl }) => workspaces.join(code, undefined, profile, relayUrl),
    'sharing.setRelay': ({ workspaceId, relayUrl }) => workspaces.setRelayAddress(workspaceId, relayUrl),
    'sharing.members': ({ workspaceId }) => ({ members: workspaces.members(workspaceId) }),
    'sharing.confirmKey': ({ workspaceId, memberId }) => {
      workspaces.confirmKey(workspaceId, memberId);
      return { memberId };
    },
    'sharing.removeMember': ({ workspaceId, memberId }) => {
      const { epochNumber, exposedAccounts, rotationJobIds } = workspaces.removeMember(workspaceId, memberId);
      return { epochNumber, exposedAccounts, rotationJobs: rotationJobIds.length };
    },
    'sharing.logoutMember': async ({ workspaceId, memberId }) => {
      const { accountIds, name } = workspaces.memberAccounts(workspaceId, memberId);
      const reports = accountIds.length ? await rotation.logoutEverywhereNow(accountIds, { subject: name ?? 'a member' }) : [];
      const accounts = vault.unlocked().accounts;
      return { reports: reports.map((report) => ({ ...report, accountName: accounts.get(report.accountId).name })) };
    },
    'sharing.share': ({ workspaceId, accountId, principal, role }) => {
      workspaces.share(workspaceId, accountId, principal, role);
      return { accountId };
    },
    'sharing.shareMany': ({ workspaceId, accountIds, principal, role }) => {
      const { docIds, started } = workspaces.shareMany(workspaceId, accountIds, principal, role);
      return { shared: docIds.length, started };
    },
    'sharing.unshare': ({ workspaceId, accountId, principal }) => ({ rotationJobs: workspaces.unshare(workspaceId, accountId, principal).rotationJobIds.length }),
    'sharing.accountAccess': ({ accountId }) => ({ shares: workspaces.accountAccess(accountId) }),
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
    'sharing.scimToken': ({ workspaceId }) => scim.createToken(workspaceId),
    'sharing.oktaSettings': ({ workspaceId, issuer, audience, jwks, jwksUri }) => universalLogout.configure(workspaceId, { issuer, audience, ...(jwks ? { jwks } : {}), ...(jwksUri ? { jwksUri } : {}) }),
    'sharing.partners': ({ workspaceId }) => ({ partners: partners.partners(workspaceId) }),
    'sharing.createPartner': ({ workspaceId, name, guestWorkspaceId }) => partners.create(workspaceId, name, guestWorkspaceId),
    'sharing.addPartnerManager': ({ workspaceId, partnerId, memberId }) => {
      partners.addManager(workspaceId, partnerId, memberId);
      return { partnerId, memberId };
    },
    'sharing.partnerGrant': ({ workspaceId, partnerId, memberId, accountId }) => {
      partners.grant(workspaceId, partnerId, memberId, accountId);
      return { accountId, memberId };
    },
    'sharing.partnerRevoke': ({ workspaceId, partnerId, memberId, accountId }) => partners.revoke(workspaceId, partnerId, memberId, accountId),
    'sharing.removeFromPartner': ({ workspaceId, partnerId, memberId }) => partners.remove(workspaceId, partnerId, memberId),
    'sharing.endPartner': ({ workspaceId, partnerId }) => partners.end(workspaceId, partnerId),
  };
}
