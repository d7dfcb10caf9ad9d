// Partners in the team chain: a partnership is a group of people from outside the host
// workspace (another company, an agency) that the host's accounts can be shared with as
// `partner:<id>`, always as Collaborators. Its Managers — the partner organisation's admins,
// admitted through an invitation and a six-digit comparison with a host Owner/Admin (a
// host-guest partnership, naming the partner's own workspace), or host members named by an
// Owner/Admin (a local partner) — admit their own people as Guests of the host workspace,
// grant them the accounts shared with the partner, and remove them. The host's Owners and
// Admins see everyone, may do all of it too, and end a partnership: its outside members
// leave the workspace at once and a new epoch starts (the key is sealed to everyone else).
//
// What a Manager may never do: open an epoch (a Manager's removal takes the person out of the
// partner; the host's designated admin device then removes them from the workspace,
// SyncPeer), admit anyone but a Guest of their own partner, or name another Manager. Partner
// grants are per account doc id: visible to members and relays like the rest of the chain,
// which holds ids, never names (those are in the encrypted team doc).
import { z } from 'zod';

/** The part of the chain state (team-chain.ts ChainState) the partner rules read and change. */
interface PartnerMember {
  memberId: string;
  active: boolean;
  partnerId?: string;
}
interface ChainState {
  members: Map<string, PartnerMember>;
  teams: Map<string, Set<string>>;
  partners: Map<string, PartnerState>;
}

const id = z.string().min(1).max(64);
/** Account doc ids are `<workspaceId>/account/<creatorMemberId>/<accountId>`. */
const docId = z.string().min(1).max(300);
const relayKey = z.string().min(1).max(64).optional();

export const partnerActionSchemas = [
  z.object({ type: z.literal('create_partner'), partnerId: id, guestWorkspaceId: id.optional() }),
  z.object({ type: z.literal('add_to_partner'), partnerId: id, memberId: id, manager: z.boolean() }),
  z.object({ type: z.literal('remove_from_partner'), partnerId: id, memberId: id }),
  z.object({ type: z.literal('partner_grant'), partnerId: id, memberId: id, docId, granted: z.boolean() }),
  z.object({ type: z.literal('end_partner'), partnerId: id, epochId: id, relayKey }),
] as const;

type PartnerAction = z.infer<(typeof partnerActionSchemas)[number]>;
export type PartnerActionType = PartnerAction['type'];
const PARTNER_ACTIONS: readonly string[] = partnerActionSchemas.map((s) => s.shape.type.value);

export interface PartnerState {
  active: boolean;
  /** The partner organisation's own workspace (a host-guest partnership); absent for a local partner. */
  guestWorkspaceId?: string;
  /** Everyone in the partner, Managers included. */
  members: Set<string>;
  managers: Set<string>;
  /** Per account doc id, the members a Manager (or a host admin) granted it to. */
  grants: Map<string, Set<string>>;
}

export function isPartnerAction(action: { type: string }): action is PartnerAction {
  return PARTNER_ACTIONS.includes(action.type);
}

/** The partner an entry acts in, when the author may act as its Manager (every partner action but creating and ending one; an admission into it). */
export function managedPartnerOf(action: { type: string; partnerId?: string | undefined; manager?: boolean | undefined }): string | undefined {
  if (action.type === 'create_partner' || action.type === 'end_partner') return undefined;
  if (action.type === 'add_member' || isPartnerAction(action)) return action.partnerId;
  return undefined;
}

export function isManagerOf(state: ChainState, partnerId: string, memberId: string): boolean {
  const partner = state.partners.get(partnerId);
  return partner?.active === true && partner.managers.has(memberId);
}

/** Members who came in through the partner (not host members named its Managers): they leave with it. */
export function outsideMembersOf(state: ChainState, partnerId: string): PartnerMember[] {
  return [...state.members.values()].filter((m) => m.partnerId === partnerId);
}

/** Why a partner action (or an admission into a partner) is invalid, or null. `isAdmin`: the author is an Owner or Admin. */
export function partnerProblem(state: ChainState, author: PartnerMember, isAdmin: boolean, action: PartnerAction | { type: 'add_member'; memberId: string; role: string; partnerId?: string; manager?: boolean }): string | null {
  if (action.type === 'create_partner') {
    if (!isAdmin) return 'only Owners and Admins may create a partnership';
    return state.partners.has(action.partnerId) ? 'the partner id is already used' : null;
  }
  const partner = state.partners.get(action.partnerId ?? '');
  if (!partner) return 'the partner does not exist';
  if (!partner.active) return 'the partnership has ended';
  const manages = isAdmin || partner.managers.has(author.memberId);
  if (!manages) return "only the partner's Managers and the workspace's Owners and Admins may change a partner";
  switch (action.type) {
    case 'add_member':
      if (action.role !== 'guest') return "a partner's people join the host workspace as Guests";
      return action.manager && !isAdmin ? 'only Owners and Admins may name a Manager of a partner' : null;
    case 'add_to_partner': {
      const member = state.members.get(action.memberId);
      if (!member?.active) return 'the member is not an active member';
      if (member.partnerId !== undefined && member.partnerId !== action.partnerId) return 'the member came in through another partner';
      if (action.manager && !isAdmin) return 'only Owners and Admins may name a Manager of a partner';
      if (!isAdmin && member.partnerId !== action.partnerId) return "a partner's Manager adds only people who came in through the partner";
      if (action.manager ? partner.managers.has(action.memberId) : partner.members.has(action.memberId)) return 'the member is already in the partner';
      return null;
    }
    case 'remove_from_partner':
      if (!partner.members.has(action.memberId)) return 'the member is not in the partner';
      return partner.managers.has(action.memberId) && !isAdmin ? 'only Owners and Admins may remove a Manager of a partner' : null;
    case 'partner_grant': {
      if (!partner.members.has(action.memberId)) return 'the member is not in the partner';
      const has = partner.grants.get(action.docId)?.has(action.memberId) === true;
      if (has === action.granted) return action.granted ? 'the member already has that account' : 'the member does not have that account';
      return null;
    }
    case 'end_partner':
      return isAdmin ? null : 'only Owners and Admins may end a partnership';
  }
}

/** Applies a valid partner action (end_partner's epoch and keys are the chain's part). */
export function commitPartnerAction(state: ChainState, action: PartnerAction): void {
  if (action.type === 'create_partner') {
    state.partners.set(action.partnerId, {
      active: true, members: new Set(), managers: new Set(), grants: new Map(),
      ...(action.guestWorkspaceId ? { guestWorkspaceId: action.guestWorkspaceId } : {}),
    });
    return;
  }
  const partner = state.partners.get(action.partnerId)!;
  switch (action.type) {
    case 'add_to_partner':
      partner.members.add(action.memberId);
      if (action.manager) partner.managers.add(action.memberId);
      break;
    case 'remove_from_partner':
      leavePartner(partner, action.memberId);
      break;
    case 'partner_grant': {
      const holders = partner.grants.get(action.docId) ?? new Set<string>();
      if (action.granted) holders.add(action.memberId);
      else holders.delete(action.memberId);
      if (holders.size) partner.grants.set(action.docId, holders);
      else partner.grants.delete(action.docId);
      break;
    }
    case 'end_partner':
      for (const member of outsideMembersOf(state, action.partnerId)) member.active = false;
      for (const team of state.teams.values()) for (const member of outsideMembersOf(state, action.partnerId)) team.delete(member.memberId);
      partner.active = false;
      partner.members.clear();
      partner.managers.clear();
      partner.grants.clear();
      break;
  }
}

/** An admission into a partner (add_member with partnerId). */
export function admitToPartner(state: ChainState, partnerId: string, memberId: string, manager: boolean): void {
  const partner = state.partners.get(partnerId)!;
  partner.members.add(memberId);
  if (manager) partner.managers.add(memberId);
}

/** A member left the workspace: out of every partner too. */
export function forgetPartnerMember(state: ChainState, memberId: string): void {
  for (const partner of state.partners.values()) leavePartner(partner, memberId);
}

function leavePartner(partner: PartnerState, memberId: string): void {
  partner.members.delete(memberId);
  partner.managers.delete(memberId);
  for (const [docId, holders] of partner.grants) {
    holders.delete(memberId);
    if (!holders.size) partner.grants.delete(docId);
  }
}

export function clonePartners(partners: Map<string, PartnerState>): Map<string, PartnerState> {
  return new Map([...partners].map(([partnerId, p]) => [partnerId, {
    ...p, members: new Set(p.members), managers: new Set(p.managers), grants: new Map([...p.grants].map(([d, h]) => [d, new Set(h)])),
  }]));
}
