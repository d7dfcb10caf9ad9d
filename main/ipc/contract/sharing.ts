// Channels for workspaces and sharing: this person's and device's key
// fingerprints and the live sync status per workspace; create (relay address or the embedded
// relay), the address this device syncs a workspace through (change it: LAN or internet), invite →
// compare the six-digit code → admit, join with a code, members with their
// fingerprints and key changes, remove a member, share or unshare an account (or share many at
// once) and who has access to it, teams (list with members, create, rename, add or remove a member), and partners
// (list, create, name a Manager, grant or revoke an account to one of its people, remove a person,
// end the partnership; a Manager invites and admits their own people). Events: a workspace's sync status and accounts materialized from shares.
import { z } from 'zod';
import { channel, event } from './define';
import { id } from './limits';
import type { LogoutEverywhereView } from './rotation';

export const WORKSPACE_ROLES = ['owner', 'admin', 'member', 'login-only', 'guest'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

export type SyncState = 'connecting' | 'online' | 'offline' | 'error';
export interface WorkspaceSyncStatus {
  workspaceId: string;
  name: string | null;
  relayUrl: string | null;
  state: SyncState;
  error: { code: string; message: string } | null;
  lastSyncAt: number | null;
  /** Local records the relay has not acknowledged yet. */
  pendingOutgoing: number;
  /** False until an Owner or Admin admitted this device (after a join). */
  admitted: boolean;
  role: WorkspaceRole | null;
  /** Members whose identity key changed: sync with them waits for a person to confirm. */
  keyChanges: string[];
  /** Shown to an invitee until they are admitted: the code to compare with the inviter. */
  joinSas: string | null;
}
export interface MemberView {
  memberId: string;
  /** The display name and email the member signed into the chain; null until they did. */
  name: string | null;
  email: string | null;
  role: WorkspaceRole;
  /** The partner this person came in through (its name, or its id before the name synced): a Guest whose role stays. */
  partner: string | null;
  active: boolean;
  you: boolean;
  fingerprint: string;
  /** The new key's fingerprint when this member's identity key changed and waits for confirmation. */
  changedKeyFingerprint: string | null;
}
export interface SharingIdentity {
  memberId: string;
  fingerprint: string;
  deviceId: string;
  deviceFingerprint: string;
}
export interface TeamView {
  teamId: string;
  /** Null until the team doc carrying the name has synced to this device. */
  name: string | null;
  members: { memberId: string; fingerprint: string; role: WorkspaceRole }[];
}
/** A partner as its host's Owners and Admins (every partner) or its own people (theirs) see it. */
export interface PartnerView {
  partnerId: string;
  name: string | null;
  kind: 'host-guest' | 'local';
  /** The partner organisation's own workspace, for a host-guest partnership. */
  guestWorkspaceId: string | null;
  active: boolean;
  /** This person may admit its people and grant its accounts (a host Owner/Admin or one of its Managers). */
  youManage: boolean;
  people: { memberId: string; name: string | null; email: string | null; manager: boolean; outside: boolean }[];
  /** Accounts shared with the partner and who holds each through it (member ids). */
  accounts: { accountId: string; name: string | null; holders: string[] }[];
}
/** Accounts brought in line with their shared docs in one pass. */
export interface MaterializeResult {
  added: string[];
  updated: string[];
  removed: string[];
  more: boolean;
}
export type Principal = `member:${string}` | `team:${string}` | `partner:${string}`;
export type AccountGrant = { principal: Principal; role: 'owner' | 'collaborator' };

const workspaceRole = z.enum(WORKSPACE_ROLES);
const accountRole = z.enum(['owner', 'collaborator']);
const principal = z.string().regex(/^(member|team|partner):[A-Za-z0-9_-]{1,64}$/, 'must be member:<id>, team:<id> or partner:<id>').transform((p) => p as Principal);
const profileInput = z.strictObject({ name: z.string().trim().min(1, 'a name is needed').max(200), email: z.string().trim().max(320) });
export type Profile = { name: string; email: string };
const teamName = z.string().trim().min(1, 'a team needs a name').max(100);
const relayUrl = z.string().trim().max(2048).regex(/^wss?:\/\/[^\s/]+(\/\S*)?$/, 'must be a ws:// or wss:// address');
/** Any bounded text: the service's parseRelayAddress says what is wrong with it and how to write it. */
const relayAddressInput = z.string().trim().min(1, 'enter the relay address, such as ws://192.168.1.20:8787 or wss://relay.example.com').max(2048);

/** Accounts one `sharing.shareMany` call takes (ids of 22 characters: about 0.5 MB of payload at most). */
export const MAX_SHARE_MANY = 10_000;

export const sharingChannels = {
  'sharing.status': channel<{ identity: SharingIdentity; workspaces: WorkspaceSyncStatus[] }>()(z.strictObject({})),
  'sharing.create': channel<{ workspaceId: string }>()(
    z.strictObject({ name: z.string().trim().min(1, 'a workspace needs a name').max(200), relayUrl: relayUrl.optional(), serveRelay: z.boolean().optional(), profile: profileInput.optional() }),
  ),
  /** A code that admits one person until `expiresAt` (ms since epoch; 24 h unless `hours` says otherwise, at most 7 days). */
  /** `partnerId`: a partner's Manager inviting one of their own people (Owners and Admins may too). */
  'sharing.invite': channel<{ code: string; expiresAt: number }>()(z.strictObject({ workspaceId: id, hours: z.number().int().min(1).max(168).optional(), partnerId: id.optional() })),
  'sharing.joinRequests': channel<{ requests: Array<{ sas: string; memberId: string; fingerprint: string }> }>()(z.strictObject({ workspaceId: id })),
  'sharing.admit': channel<{ memberId: string; fingerprint: string }>()(
    z.strictObject({
      workspaceId: id, sas: z.string().trim().regex(/^\d{3}\s?\d{3}$/, 'must be the six-digit code'), role: workspaceRole,
      /** Into this partner, as a Guest; `manager` (Owners and Admins only) names them its Manager. */
      partnerId: id.optional(), manager: z.boolean().optional(),
    }),
  ),
  /** `relayUrl`: reach the inviter's relay at this address instead of the code's (kept for the workspace on this device). */
  'sharing.join': channel<{ workspaceId: string; sas: string; relayUrl: string }>()(z.strictObject({ code: z.string().trim().min(1).max(2000), profile: profileInput.optional(), relayUrl: relayAddressInput.optional() })),
  /**
   * This device syncs the workspace through another address of its relay from now on (saved; the
   * connection moves at once and `sharing.status` follows it). An address that answers must hold
   * this workspace (INVALID_INPUT: another relay); `checked` false: it did not answer, so it is
   * kept unchecked. `carriesSecrets`: wss:// or this machine, so an SMTP password may go through it.
   */
  'sharing.setRelay': channel<{ workspaceId: string; relayUrl: string | null; carriesSecrets: boolean; checked: boolean }>()(z.strictObject({ workspaceId: id, relayUrl: relayAddressInput })),
  /** This person's display name and email (null before they set one). */
  'sharing.profile': channel<{ profile: Profile | null }>()(z.strictObject({})),
  /** Sets it; signed into every workspace's chain. */
  'sharing.setProfile': channel<{ profile: Profile }>()(z.strictObject({ profile: profileInput })),
  /** The member an email, display name or id names (for "share with alice@example.com"). */
  'sharing.findMember': channel<{ memberId: string }>()(z.strictObject({ workspaceId: id, who: z.string().trim().min(1).max(320) })),
  /** Owners/Admins change a member's workspace role; Login-Only and Guest demote their Owner grants to Collaborator. */
  'sharing.changeRole': channel<{ memberId: string; from: WorkspaceRole; to: WorkspaceRole; demotedGrants: string[] }>()(z.strictObject({ workspaceId: id, memberId: id, role: workspaceRole })),
  'sharing.members': channel<{ members: MemberView[] }>()(z.strictObject({ workspaceId: id })),
  'sharing.confirmKey': channel<{ memberId: string }>()(z.strictObject({ workspaceId: id, memberId: id })),
  /** Universal Logout of every account the member can use that this person owns (rotation.logoutEverywhere for each). */
  'sharing.logoutMember': channel<{ reports: (LogoutEverywhereView & { accountName: string })[] }>()(z.strictObject({ workspaceId: id, memberId: id })),
  'sharing.removeMember': channel<{ epochNumber: number; exposedAccounts: string[]; rotationJobs: number }>()(z.strictObject({ workspaceId: id, memberId: id })),
  'sharing.share': channel<{ accountId: string }>()(z.strictObject({ workspaceId: id, accountId: id, principal, role: accountRole })),
  /**
   * Shares up to MAX_SHARE_MANY accounts with one member, team or partner in one pass (saved and
   * published once): all or none — NOT_PERMITTED says how many are not this person's to share,
   * ITEM_NOT_FOUND how many are gone. `started`: how many were shared in the workspace for the first time.
   */
  'sharing.shareMany': channel<{ shared: number; started: number }>()(
    z.strictObject({ workspaceId: id, accountIds: z.array(id).min(1, 'choose at least one account').max(MAX_SHARE_MANY, `at most ${MAX_SHARE_MANY} accounts at once`), principal, role: accountRole }),
  ),
  'sharing.unshare': channel<{ rotationJobs: number }>()(z.strictObject({ workspaceId: id, accountId: id, principal })),
  'sharing.accountAccess': channel<{ shares: Array<{ workspaceId: string; workspaceName: string | null; grants: AccountGrant[] }> }>()(z.strictObject({ accountId: id })),
  /** This person's devices in their workspaces (this device first). */
  'sharing.devices': channel<{ devices: DeviceView[] }>()(z.strictObject({})),
  /** A code that links one new device to this person, open for 15 minutes. */
  'sharing.linkDevice': channel<{ code: string; expiresAt: number }>()(z.strictObject({})),
  /** How many new devices wait for their six digits to be typed on this one. */
  'sharing.linkRequests': channel<{ waiting: number }>()(z.strictObject({})),
  /** Links the new device whose screen shows `sas`. */
  'sharing.confirmLink': channel<{ deviceId: string; workspaces: number }>()(z.strictObject({ sas: z.string().trim().regex(/^\d{3}\s?\d{3}$/, 'must be the six-digit code') })),
  /** On the new device: meets the other device through the code; returns the digits to type there. */
  'sharing.acceptLink': channel<{ sas: string }>()(z.strictObject({ code: z.string().trim().min(1).max(2000) })),
  'sharing.linkState': channel<LinkState>()(z.strictObject({})),
  /** Removes one of this person's other devices: a new epoch, its accounts re-keyed and rotations queued. */
  'sharing.removeDevice': channel<{ workspaces: number; exposedAccounts: string[]; rotationJobs: number }>()(z.strictObject({ deviceId: id })),
  'sharing.teams': channel<{ teams: TeamView[] }>()(z.strictObject({ workspaceId: id })),
  'sharing.createTeam': channel<{ teamId: string }>()(z.strictObject({ workspaceId: id, name: teamName })),
  'sharing.renameTeam': channel<{ teamId: string }>()(z.strictObject({ workspaceId: id, teamId: id, name: teamName })),
  'sharing.addToTeam': channel<{ teamId: string; memberId: string }>()(z.strictObject({ workspaceId: id, teamId: id, memberId: id })),
  'sharing.removeFromTeam': channel<{ rotationJobs: number }>()(z.strictObject({ workspaceId: id, teamId: id, memberId: id })),
  /** A new SCIM token for the workspace (shown once; the previous one stops working) and the base URL the identity provider calls. Owners and Admins. */
  'sharing.scimToken': channel<{ token: string; baseUrl: string }>()(z.strictObject({ workspaceId: id })),
  /** Owners and Admins: Okta Universal Logout for the workspace (issuer, audience, and its JWKS inline or by URL); answers the endpoint to give Okta. */
  'sharing.oktaSettings': channel<{ endpoint: string }>()(z.strictObject({
    workspaceId: id, issuer: z.string().trim().url().max(500), audience: z.string().trim().min(1).max(500),
    jwks: z.string().trim().min(2).max(32_000).optional(), jwksUri: z.string().trim().url().max(2000).optional(),
  }).refine((v) => (v.jwks === undefined) !== (v.jwksUri === undefined), 'give the JWKS or its URL')),
  'sharing.partners': channel<{ partners: PartnerView[] }>()(z.strictObject({ workspaceId: id })),
  'sharing.createPartner': channel<{ partnerId: string }>()(z.strictObject({ workspaceId: id, name: z.string().trim().min(1, 'a partner needs a name').max(100), guestWorkspaceId: id.optional() })),
  'sharing.addPartnerManager': channel<{ partnerId: string; memberId: string }>()(z.strictObject({ workspaceId: id, partnerId: id, memberId: id })),
  /** A partner's Manager (or a host Owner/Admin) gives one of its people an account shared with the partner. */
  'sharing.partnerGrant': channel<{ accountId: string; memberId: string }>()(z.strictObject({ workspaceId: id, partnerId: id, memberId: id, accountId: id })),
  'sharing.partnerRevoke': channel<{ rotationJobs: number }>()(z.strictObject({ workspaceId: id, partnerId: id, memberId: id, accountId: id })),
  'sharing.removeFromPartner': channel<{ rotationJobs: number }>()(z.strictObject({ workspaceId: id, partnerId: id, memberId: id })),
  /** Ends a partnership: its outside people leave the workspace (new epoch), rotations are queued. */
  'sharing.endPartner': channel<{ removedMembers: number; rotationJobs: number }>()(z.strictObject({ workspaceId: id, partnerId: id })),
};

export interface DeviceView {
  deviceId: string;
  /** The host name the device published (encrypted, in the team doc); null until it did. */
  name: string | null;
  addedAt: number;
  thisDevice: boolean;
  fingerprint: string;
}
export type LinkState =
  | { state: 'none' }
  | { state: 'waiting'; sas: string }
  | { state: 'linked'; workspaces: number }
  | { state: 'failed'; code: string; message: string };

export const sharingEvents = {
  'sharing.status': event<WorkspaceSyncStatus>(),
  /** A device link moved on (a new device waits for its digits, or this device was linked). */
  'sharing.devices': event<Record<string, never>>(),
  'sharing.accounts': event<Omit<MaterializeResult, 'more'>>(),
};
