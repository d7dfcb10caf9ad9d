// Partners of a workspace (protocol/chain-partners.ts for the rules): the list a host's
// Owners and Admins see — every partner with its Managers, its people, the accounts shared
// with it and who holds each through it — and what a partner's Manager sees of their own
// partner; creating a partnership (host-guest, naming the partner's workspace, or local),
// naming a local partner's Manager, granting an account shared with the partner to one of
// its people and taking it back, taking a person out of the partner, and ending the
// partnership. Admissions go through WorkspaceActions (invite → join → admit into a partner).
// Every change that takes access away re-keys the accounts this device owns (SyncPeer) and
// queues their rotation here; Owners on other devices queue theirs when the change reaches
// them (SyncPeer.onExposed in services.ts). Names live in the encrypted team doc.
import { TesseraError } from '../errors';
import { effectiveAccountRole, exposedAccounts, parseDocId, type SyncPeer } from '../sync';
import type { ChainState } from '../../protocol/team-chain';
import type { RotationHook } from './revocation-rotation';
import { accountMeta, sharedDocFor } from './shared-accounts';
import type { OpenTeams } from './team-actions';
import type { SyncController } from './sync-controller';

export interface PartnerPerson {
  memberId: string;
  name: string | null;
  email: string | null;
  manager: boolean;
  /** Came in through the partner (leaves with it), rather than a host member managing it. */
  outside: boolean;
}

export interface PartnerAccountView {
  accountId: string;
  /** Null on a device without a role on the account (a Manager's view of one not shared with the partner never appears). */
  name: string | null;
  /** Member ids holding the account through the partner: its Managers and those they granted it to. */
  holders: string[];
}

export interface PartnerView {
  partnerId: string;
  name: string | null;
  kind: 'host-guest' | 'local';
  guestWorkspaceId: string | null;
  active: boolean;
  /** Whether this person may staff it and grant its accounts (a host Owner/Admin or one of its Managers). */
  youManage: boolean;
  people: PartnerPerson[];
  accounts: PartnerAccountView[];
}

const NAME_MAX = 100;

function isAdmin(state: ChainState, memberId: string): boolean {
  const role = state.members.get(memberId)?.role;
  return role === 'owner' || role === 'admin';
}

function manages(state: ChainState, partnerId: string, memberId: string): boolean {
  return isAdmin(state, memberId) || state.partners.get(partnerId)?.managers.has(memberId) === true;
}

/** Host Owners and Admins see every partner; anyone else only the partners they are in. */
export function listPartners({ peer, identity }: OpenTeams): PartnerView[] {
  const { state } = peer.workspace;
  const profiles = peer.workspace.profiles();
  const admin = isAdmin(state, identity.memberId);
  return [...state.partners.entries()]
    .filter(([, p]) => admin || p.members.has(identity.memberId))
    .map(([partnerId, p]) => ({
      partnerId,
      name: peer.team.doc.partnerName(partnerId) ?? null,
      kind: p.guestWorkspaceId ? 'host-guest' as const : 'local' as const,
      guestWorkspaceId: p.guestWorkspaceId ?? null,
      active: p.active,
      youManage: p.active && manages(state, partnerId, identity.memberId),
      people: [...p.members].map((memberId) => ({
        memberId,
        name: profiles.get(memberId)?.name ?? null,
        email: profiles.get(memberId)?.email ?? null,
        manager: p.managers.has(memberId),
        outside: state.members.get(memberId)?.partnerId === partnerId,
      })),
      accounts: partnerAccounts(peer, partnerId),
    }))
    .sort((a, b) => (a.name ?? a.partnerId).localeCompare(b.name ?? b.partnerId));
}

function partnerAccounts(peer: SyncPeer, partnerId: string): PartnerAccountView[] {
  const { state } = peer.workspace;
  const partner = state.partners.get(partnerId);
  if (!partner?.active) return [];
  return peer.accounts().flatMap((doc) => {
    const ref = parseDocId(doc.docId);
    if (ref?.kind !== 'account' || !doc.grants().has(`partner:${partnerId}`)) return [];
    const holders = [...partner.members].filter((memberId) => partner.managers.has(memberId) || partner.grants.get(doc.docId)?.has(memberId));
    return [{ accountId: ref.accountId, name: accountMeta(doc, doc.openItemKeys(peer.workspace.device))?.name ?? null, holders }];
  });
}

/** The partner a person means by its id or its (unique) name. */
export function findPartner(open: OpenTeams, idOrName: string): string {
  const partners = listPartners(open);
  const byId = partners.find((p) => p.partnerId === idOrName);
  if (byId) return byId.partnerId;
  const byName = partners.filter((p) => p.name === idOrName);
  if (byName.length === 1) return byName[0]!.partnerId;
  if (byName.length > 1) throw new TesseraError('INVALID_INPUT', `Several partners are named "${idOrName}". Use the partner id (see \`tessera partner list\`).`);
  throw new TesseraError('INVALID_INPUT', `No partner "${idOrName}" you can see in this workspace. See \`tessera partner list\`.`);
}

/** A new partnership; `guestWorkspaceId` names the partner organisation's own Tessera workspace (host-guest). */
export function createPartner(open: OpenTeams, name: string, guestWorkspaceId?: string): { partnerId: string } {
  requireAdmin(open, 'create partnerships');
  const clean = name.trim();
  if (!clean || clean.length > NAME_MAX) throw new TesseraError('INVALID_INPUT', `A partner's name needs 1 to ${NAME_MAX} characters.`);
  const { partnerId } = open.peer.workspace.createPartner(guestWorkspaceId?.trim() || undefined);
  open.peer.team.doc.setPartnerName(partnerId, clean);
  return { partnerId };
}

/** Names a host member the Manager of a (local) partner. */
export function addManager(open: OpenTeams, partnerId: string, memberId: string): void {
  requireAdmin(open, "name a partner's Managers");
  activePartner(open, partnerId);
  if (!open.peer.workspace.state.members.get(memberId)?.active) throw new TesseraError('INVALID_INPUT', 'That person is not an active member of this workspace.');
  open.peer.workspace.addToPartner(partnerId, memberId, true);
}

/** Gives one of the partner's people an account shared with the partner (as Collaborator). */
export function grantAccount(open: OpenTeams, partnerId: string, memberId: string, accountId: string): { docId: string } {
  const { peer } = open;
  const partner = requireManager(open, partnerId);
  if (!partner.members.has(memberId)) throw new TesseraError('INVALID_INPUT', 'That person is not in the partner. Admit them into it first (tessera workspace invite --partner).');
  const doc = partnerDoc(peer, partnerId, accountId);
  if (partner.managers.has(memberId)) throw new TesseraError('INVALID_INPUT', "A partner's Managers already hold every account shared with the partner.");
  if (partner.grants.get(doc.docId)?.has(memberId)) throw new TesseraError('INVALID_INPUT', 'That person already has this account.');
  peer.workspace.partnerGrant(partnerId, memberId, doc.docId, true);
  return { docId: doc.docId };
}

/** Takes an account back from one of the partner's people; re-keyed (and queued for rotation) where this device owns it. */
export function revokeAccount(open: OpenTeams, partnerId: string, memberId: string, accountId: string, rotation: RotationHook): { rotationJobs: number } {
  const { peer } = open;
  const partner = requireManager(open, partnerId);
  const doc = partnerDoc(peer, partnerId, accountId);
  if (!partner.grants.get(doc.docId)?.has(memberId)) throw new TesseraError('INVALID_INPUT', 'That person does not hold this account through the partner.');
  return takingAccess(open, memberId, rotation, `taken back from a partner's member`, () => peer.workspace.partnerGrant(partnerId, memberId, doc.docId, false));
}

/** Takes a person out of the partner: one who came in through it then leaves the workspace (the host's admin device removes them). */
export function removeFromPartner(open: OpenTeams, partnerId: string, memberId: string, rotation: RotationHook): { rotationJobs: number } {
  const partner = requireManager(open, partnerId);
  if (!partner.members.has(memberId)) throw new TesseraError('INVALID_INPUT', 'That person is not in the partner.');
  if (memberId === open.identity.memberId) throw new TesseraError('INVALID_INPUT', 'You cannot remove yourself from a partner. Ask an Owner or Admin of the host workspace.');
  return takingAccess(open, memberId, rotation, `removed from a partner`, () => open.peer.workspace.removeFromPartner(partnerId, memberId));
}

/** Ends the partnership: its outside people leave the workspace (new epoch), accounts they could read are re-keyed and queued for rotation. */
export function endPartnership(open: OpenTeams, partnerId: string, rotation: RotationHook): { removedMembers: number; rotationJobs: number } {
  requireAdmin(open, 'end partnerships');
  activePartner(open, partnerId);
  const { peer } = open;
  const { state } = peer.workspace;
  const leaving = [...state.members.values()].filter((m) => m.active && m.partnerId === partnerId).map((m) => m.memberId);
  const leavingDevices = [...state.devices.values()].filter((d) => leaving.includes(d.memberId)).map((d) => d.certificate.deviceId);
  const exposed = exposedAccounts(peer.accounts(), leavingDevices).map((doc) => doc.docId);
  const withGrant = peer.accounts().filter((doc) => doc.grants().has(`partner:${partnerId}`)).map((doc) => doc.docId);
  peer.workspace.endPartner(partnerId);
  // The grant is void now; an Owner's device drops it from its docs so the access list stays true.
  const owned = peer.accounts().filter((doc) => effectiveAccountRole(doc, open.identity.memberId, peer.workspace.state) === 'owner');
  for (const doc of owned) if (doc.grants().has(`partner:${partnerId}`)) doc.revokeGrant(`partner:${partnerId}`);
  const accountIds = [...new Set([...exposed, ...withGrant])]
    .filter((docId) => owned.some((doc) => doc.docId === docId))
    .flatMap((docId) => {
      const ref = parseDocId(docId);
      return ref?.kind === 'account' ? [ref.accountId] : [];
    });
  const jobs = accountIds.length ? rotation.onEvent({ type: 'member_removed', accountIds, subject: `partnership ${partnerId} ended` }) : [];
  return { removedMembers: leaving.length, rotationJobs: jobs.length };
}

/** Runs a change that takes access from `memberId`; rotations for the accounts this person owns that they lose. */
function takingAccess(open: OpenTeams, memberId: string, rotation: RotationHook, subject: string, change: () => void): { rotationJobs: number } {
  const { peer } = open;
  const usable = peer.accounts().filter((doc) => effectiveAccountRole(doc, memberId, peer.workspace.state));
  change();
  const { state } = peer.workspace;
  const accountIds = usable
    .filter((doc) => !effectiveAccountRole(doc, memberId, state) && effectiveAccountRole(doc, open.identity.memberId, state) === 'owner')
    .flatMap((doc) => {
      const ref = parseDocId(doc.docId);
      return ref?.kind === 'account' ? [ref.accountId] : [];
    });
  const jobs = accountIds.length ? rotation.onEvent({ type: 'member_removed', accountIds, subject }) : [];
  return { rotationJobs: jobs.length };
}

function partnerDoc(peer: SyncPeer, partnerId: string, accountId: string) {
  const doc = sharedDocFor(peer, accountId);
  if (!doc?.grants().has(`partner:${partnerId}`)) throw new TesseraError('INVALID_INPUT', 'That account is not shared with this partner. The host shares it first (tessera share ACCOUNT --with partner:NAME).');
  return doc;
}

function activePartner({ peer }: OpenTeams, partnerId: string) {
  const partner = peer.workspace.state.partners.get(partnerId);
  if (!partner) throw new TesseraError('INVALID_INPUT', 'That partner does not exist in this workspace (it may not have synced yet).');
  if (!partner.active) throw new TesseraError('INVALID_INPUT', 'That partnership has ended.');
  return partner;
}

function requireAdmin({ peer, identity }: OpenTeams, what: string): void {
  if (!isAdmin(peer.workspace.state, identity.memberId)) throw new TesseraError('NOT_PERMITTED', `Only Owners and Admins of the workspace can ${what}. Ask one of them.`);
}

function requireManager(open: OpenTeams, partnerId: string) {
  const partner = activePartner(open, partnerId);
  if (!manages(open.peer.workspace.state, partnerId, open.identity.memberId)) {
    throw new TesseraError('NOT_PERMITTED', "Only the partner's Managers and the workspace's Owners and Admins can change who is in a partner or what they can use.");
  }
  return partner;
}

export interface PartnerActionsOptions {
  controller: SyncController;
  rotation(): RotationHook;
}

/** Partners of the app's live workspaces; every change is saved and sent at once. */
export class PartnerActions {
  constructor(private readonly options: PartnerActionsOptions) {}

  partners(workspaceId: string): PartnerView[] {
    return listPartners(this.options.controller.get(workspaceId));
  }

  findPartner(workspaceId: string, idOrName: string): string {
    return findPartner(this.options.controller.get(workspaceId), idOrName);
  }

  create(workspaceId: string, name: string, guestWorkspaceId?: string): { partnerId: string } {
    return this.#change(workspaceId, (open) => createPartner(open, name, guestWorkspaceId));
  }

  addManager(workspaceId: string, partnerId: string, memberId: string): void {
    this.#change(workspaceId, (open) => addManager(open, partnerId, memberId));
  }

  grant(workspaceId: string, partnerId: string, memberId: string, accountId: string): { docId: string } {
    return this.#change(workspaceId, (open) => grantAccount(open, partnerId, memberId, accountId));
  }

  revoke(workspaceId: string, partnerId: string, memberId: string, accountId: string): { rotationJobs: number } {
    return this.#change(workspaceId, (open) => revokeAccount(open, partnerId, memberId, accountId, this.options.rotation()));
  }

  remove(workspaceId: string, partnerId: string, memberId: string): { rotationJobs: number } {
    return this.#change(workspaceId, (open) => removeFromPartner(open, partnerId, memberId, this.options.rotation()));
  }

  end(workspaceId: string, partnerId: string): { removedMembers: number; rotationJobs: number } {
    return this.#change(workspaceId, (open) => endPartnership(open, partnerId, this.options.rotation()));
  }

  #change<T>(workspaceId: string, change: (open: OpenTeams) => T): T {
    const result = change(this.options.controller.get(workspaceId));
    this.options.controller.saveNow(workspaceId);
    return result;
  }
}
