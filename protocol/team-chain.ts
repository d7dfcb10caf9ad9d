// The team chain: membership, workspace roles, devices, teams and epochs as a signed,
// hash-linked log that every device resolves to the same state. Entries form a DAG (each
// names every head its author had seen); `resolveChain` orders them and applies the rules.
//
// Ordering and forks (the rule every device applies identically):
//  1. Entries are sorted by (counter, hash). Counters are Lamport clocks (greater than every
//     parent's), so parents always come before children.
//  2. Each entry is applied in that order and dropped, with a reason, if it is invalid in the
//     state built so far (bad signature, unknown or inactive author, author not Owner/Admin
//     — except a member adding or removing a device of their own,
//     removing the last Owner, only Owners touching Owners, ...).
//  3. An effective removal or demotion R of X also drops every entry X authored that R's
//     author had not seen (not an ancestor of R), even when the counter orders it first:
//     authority lost in one branch voids what the loser did concurrently (no backdating).
//  4. When two concurrent entries take authority from each other's authors, the more senior
//     member (added earlier in the merged order) wins and the other entry is dropped.
//  Rules 3–4 repeat until nothing more is dropped; the set of dropped entries only grows,
//  so this ends, and the result is a function of the set of entries alone.
//  The epoch advances on every effective remove_member, remove_device and rekey.
import { ROLES, type Role } from './roles';
import { z } from 'zod';
import { TesseraError } from '../main/errors';
import { canonicalJson, digest, fromBase64Url, toBase64Url, utf8 } from './canonical-encoding';
import { certificateProblem, deviceCertificateSchema, type DeviceCertificate, type DeviceKeys } from './device-certificate';
import { samePublicKey, sign, verify } from './identity';
import {
  admitToPartner, clonePartners, commitPartnerAction, forgetPartnerMember, isManagerOf, isPartnerAction, managedPartnerOf, outsideMembersOf, partnerActionSchemas, partnerProblem,
  type PartnerState,
} from './chain-partners';

export { ROLES, type Role };
const ADMIN_ROLES: readonly Role[] = ['owner', 'admin'];

const id = z.string().min(1).max(64);
const role = z.enum(ROLES);
/** The relay-access public key of the epoch an entry opens (protocol/relay-access.ts): what relays accept as current. */
const relayKey = z.string().min(1).max(64).optional();
export const chainActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('create_workspace'), memberId: id, identityKey: id, device: deviceCertificateSchema, epochId: id, relayKey }),
  // `partnerId`: admitted into that partner (as a Guest; `manager` names them its Manager): chain-partners.ts.
  z.object({ type: z.literal('add_member'), memberId: id, identityKey: id, role, device: deviceCertificateSchema, partnerId: id.optional(), manager: z.boolean().optional() }),
  z.object({ type: z.literal('remove_member'), memberId: id, epochId: id, relayKey }),
  z.object({ type: z.literal('change_role'), memberId: id, role }),
  z.object({ type: z.literal('add_device'), device: deviceCertificateSchema }),
  z.object({ type: z.literal('remove_device'), deviceId: id, epochId: id, relayKey }),
  z.object({ type: z.literal('create_team'), teamId: id }),
  z.object({ type: z.literal('add_to_team'), teamId: id, memberId: id }),
  z.object({ type: z.literal('remove_from_team'), teamId: id, memberId: id }),
  z.object({ type: z.literal('rekey'), epochId: id, relayKey }),
  z.object({ type: z.literal('share_keys') }),
  // A member's display name and email (people.ts), encrypted under the epoch key `keyEpoch`
  // so the relay never reads them; authored by the member's own device (or an Owner/Admin's).
  z.object({ type: z.literal('set_profile'), memberId: id, keyEpoch: id, box: z.string().min(1).max(4096) }),
  ...partnerActionSchemas,
]);
export type ChainAction = z.infer<typeof chainActionSchema>;

/** Epoch keys sealed to devices: `epochs` says in the clear which epochs every box holds. */
export const sealedKeysSchema = z.object({
  epochs: z.array(id).max(10_000),
  sealed: z.record(id, z.string().max(4096)),
});
export type SealedKeys = z.infer<typeof sealedKeysSchema>;

export const chainEntrySchema = z.object({
  v: z.literal(1),
  /** Hash of the workspace's creation entry; empty in that entry itself. */
  workspaceId: z.string().max(64),
  prev: z.array(id).max(1000),
  counter: z.number().int().nonnegative(),
  author: id,
  action: chainActionSchema,
  keys: sealedKeysSchema.optional(),
  signature: z.string().min(1).max(128),
});
export type ChainEntry = z.infer<typeof chainEntrySchema>;

export function parseChainEntry(value: unknown): ChainEntry {
  const parsed = chainEntrySchema.safeParse(value);
  if (!parsed.success) throw new TesseraError('CHAIN_INVALID', 'Received a team chain entry in an unknown format; it was ignored.');
  return parsed.data;
}

function signedBytes(entry: Omit<ChainEntry, 'signature'>): Uint8Array {
  return utf8(`tessera.chain.v1\n${canonicalJson(entry)}`);
}

const hashes = new WeakMap<ChainEntry, string>();

/** Entries are treated as immutable once signed, so the hash is computed once per object. */
export function entryHash(entry: ChainEntry): string {
  let hash = hashes.get(entry);
  if (!hash) {
    hash = toBase64Url(digest(utf8(canonicalJson(entry))));
    hashes.set(entry, hash);
  }
  return hash;
}

/** Signature checks are pure and the chain is re-resolved often: remember verdicts by entry hash. */
const verifiedSignatures = new Map<string, boolean>();

function signatureValid(entry: ChainEntry, hash: string, signingKey: string): boolean {
  let valid = verifiedSignatures.get(hash);
  if (valid === undefined) {
    const { signature, ...unsigned } = entry;
    valid = verify(fromBase64Url(signingKey), signedBytes(unsigned), safeBytes(signature));
    if (verifiedSignatures.size > 50_000) verifiedSignatures.clear();
    verifiedSignatures.set(hash, valid);
  }
  return valid;
}

/** An entry as one record of the chain log: UTF-8 JSON. */
export function chainRecord(entry: ChainEntry): Uint8Array {
  return utf8(JSON.stringify(entry));
}

/** A chain-log record back into an entry; undefined for anything that is not one. */
export function parseChainRecord(record: Uint8Array): ChainEntry | undefined {
  try {
    return parseChainEntry(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(record)));
  } catch {
    return undefined;
  }
}

export function signEntry(unsigned: Omit<ChainEntry, 'signature'>, author: DeviceKeys): ChainEntry {
  return { ...unsigned, signature: toBase64Url(sign(author.signingSecretKey, signedBytes(unsigned))) };
}

// --- state -------------------------------------------------------------------------------

export interface MemberState {
  memberId: string;
  identityKey: string;
  role: Role;
  active: boolean;
  /** Position in the merged order of the entry that added the member: lower is more senior. */
  seniority: number;
  /** The partner this person came in through (chain-partners.ts): a Guest who leaves with it. */
  partnerId?: string;
}

export interface DeviceState {
  certificate: DeviceCertificate;
  memberId: string;
  active: boolean;
}

export interface EpochState {
  epochId: string;
  number: number;
  openedBy: string;
  /** Devices an effective entry sealed this epoch's key to. */
  holders: Set<string>;
  /** The relay-access public key the opening entry names (absent in chains written before relays read it). */
  relayKey?: string;
}

export interface ChainState {
  workspaceId: string;
  members: Map<string, MemberState>;
  devices: Map<string, DeviceState>;
  teams: Map<string, Set<string>>;
  partners: Map<string, PartnerState>;
  epochs: EpochState[];
  /** Each member's latest profile box (see people.ts), by member id. */
  profiles: Map<string, { keyEpoch: string; box: string }>;
}

export interface ResolvedChain {
  state: ChainState;
  /** Effective entries in the merged order. */
  order: ChainEntry[];
  rejected: { hash: string; entry: ChainEntry; reason: string }[];
  /** Entries whose parents have not arrived yet; they are resolved once they do. */
  pending: ChainEntry[];
  /** Hashes of entries no other valid entry builds on: the `prev` of the next entry. */
  heads: string[];
  /** One more than the highest counter seen: the next entry's Lamport counter. */
  nextCounter: number;
}

/** Undefined only while a joining device has not yet received the creation entry. */
export function currentEpoch(state: ChainState): EpochState | undefined {
  return state.epochs.at(-1);
}

export function activeDevices(state: ChainState): DeviceState[] {
  return [...state.devices.values()].filter((d) => d.active && state.members.get(d.memberId)?.active);
}

/** Why the current epoch needs maintenance: its key reached a removed device, or an active device lacks one. */
export function keyMaintenance(state: ChainState): { leakedTo: string[]; missing: Map<string, string[]> } {
  const active = activeDevices(state);
  const activeIds = new Set(active.map((d) => d.certificate.deviceId));
  const leakedTo = [...(currentEpoch(state)?.holders ?? [])].filter((d) => !activeIds.has(d));
  const missing = new Map<string, string[]>();
  for (const device of active) {
    const lacks = state.epochs.filter((e) => !e.holders.has(device.certificate.deviceId)).map((e) => e.epochId);
    if (lacks.length) missing.set(device.certificate.deviceId, lacks);
  }
  return { leakedTo, missing };
}

// --- resolution --------------------------------------------------------------------------

interface Indexed {
  entry: ChainEntry;
  hash: string;
}

type Verdict = { ok: true } | { ok: false; reason: string; lostVia?: string };

class Applier {
  readonly state: ChainState;
  /** Who lost authority through which entry: `m:<memberId>` or `d:<deviceId>`. */
  readonly lostVia = new Map<string, string>();
  position = 0;

  constructor(workspaceId: string) {
    this.state = { workspaceId, members: new Map(), devices: new Map(), teams: new Map(), partners: new Map(), epochs: [], profiles: new Map() };
  }

  apply({ entry, hash }: Indexed): Verdict {
    const verdict = this.check(entry, hash);
    if (verdict.ok) this.commit(entry, hash);
    this.position++;
    return verdict;
  }

  private check(entry: ChainEntry, hash: string): Verdict {
    const { action } = entry;
    const s = this.state;
    if (action.type === 'create_workspace') {
      if (hash !== s.workspaceId) return fail('a workspace has exactly one creation entry');
      if (action.device.deviceId !== entry.author) return fail('the creation entry must be signed by the creating device');
      const keysProblem = this.keysProblem(entry);
      return keysProblem ? fail(keysProblem) : (validNewDevice(s, action.device, action.memberId, action.identityKey) ?? ok());
    }
    if (action.type === 'set_profile') return this.profileVerdict(entry, action);
    const author = this.authority(entry.author, this.ownDeviceAction(entry) || this.managerAction(entry));
    if (!author.ok) return author;
    const authorMember = s.members.get(s.devices.get(entry.author)!.memberId)!;
    const isOwner = authorMember.role === 'owner';
    const keysProblem = this.keysProblem(entry);
    if (keysProblem) return fail(keysProblem);
    if (isPartnerAction(action)) {
      const problem = partnerProblem(s, authorMember, ADMIN_ROLES.includes(authorMember.role), action);
      if (problem) return fail(problem, this.lostVia.get(`m:${authorMember.memberId}`));
      return action.type === 'end_partner' ? this.freshEpoch(action.epochId) ?? ok() : ok();
    }

    switch (action.type) {
      case 'add_member': {
        if (s.members.has(action.memberId)) return fail('the member id is already used');
        if (action.role === 'owner' && !isOwner) return fail('only an Owner may add an Owner');
        const partnerRule = action.partnerId !== undefined ? partnerProblem(s, authorMember, ADMIN_ROLES.includes(authorMember.role), action) : action.manager ? 'only an admission into a partner names a Manager' : null;
        if (partnerRule) return fail(partnerRule);
        return validNewDevice(s, action.device, action.memberId, action.identityKey) ?? ok();
      }
      case 'remove_member': {
        const target = s.members.get(action.memberId);
        if (!target?.active) return fail('the member is not an active member');
        if (target.role === 'owner' && !isOwner) return fail('only an Owner may remove an Owner');
        return this.freshEpoch(action.epochId) ?? this.keepsAnOwner((st) => { st.members.get(action.memberId)!.active = false; }) ?? ok();
      }
      case 'change_role': {
        const target = s.members.get(action.memberId);
        if (!target?.active) return fail('the member is not an active member');
        if ((target.role === 'owner' || action.role === 'owner') && !isOwner) return fail('only an Owner may grant or take the Owner role');
        if (target.role === action.role) return fail('the member already has that role');
        if (target.partnerId !== undefined) return fail("a partner's member stays a Guest of the host workspace");
        return this.keepsAnOwner((st) => { st.members.get(action.memberId)!.role = action.role; }) ?? ok();
      }
      case 'add_device': {
        const member = s.members.get(action.device.memberId);
        if (!member?.active) return fail('the device belongs to no active member');
        if (member.role === 'owner' && !isOwner && member.memberId !== authorMember.memberId) return fail("only an Owner may add a device to an Owner's account");
        return validNewDevice(s, action.device, member.memberId, member.identityKey) ?? ok();
      }
      case 'remove_device': {
        const device = s.devices.get(action.deviceId);
        if (!device?.active) return fail('the device is not active');
        const owner = s.members.get(device.memberId)!;
        if (owner.role === 'owner' && !isOwner && owner.memberId !== authorMember.memberId) return fail("only an Owner may remove an Owner's device");
        return this.freshEpoch(action.epochId) ?? this.keepsAnOwner((st) => { st.devices.get(action.deviceId)!.active = false; }) ?? ok();
      }
      case 'create_team':
        return s.teams.has(action.teamId) ? fail('the team id is already used') : ok();
      case 'add_to_team': {
        const team = s.teams.get(action.teamId);
        if (!team) return fail('the team does not exist');
        if (!s.members.get(action.memberId)?.active) return fail('the member is not an active member');
        return team.has(action.memberId) ? fail('the member is already in the team') : ok();
      }
      case 'remove_from_team': {
        const team = s.teams.get(action.teamId);
        if (!team) return fail('the team does not exist');
        return team.has(action.memberId) ? ok() : fail('the member is not in the team');
      }
      case 'rekey':
        return this.freshEpoch(action.epochId) ?? ok();
      case 'share_keys':
        return entry.keys && Object.keys(entry.keys.sealed).length ? ok() : fail('sharing keys needs sealed keys');
    }
  }

  /** A member sets their own profile; an Owner or Admin may set anyone's (directory sync). */
  private profileVerdict(entry: ChainEntry, action: Extract<ChainAction, { type: 'set_profile' }>): Verdict {
    const s = this.state;
    const device = s.devices.get(entry.author);
    if (!device) return fail('the author device is not a device of this workspace');
    if (!device.active) return fail('the author device was removed', this.lostVia.get(`d:${entry.author}`));
    const author = s.members.get(device.memberId)!;
    if (!author.active) return fail('the author was removed', this.lostVia.get(`m:${author.memberId}`));
    if (entry.keys) return fail('a profile entry seals no keys');
    if (author.memberId !== action.memberId) {
      if (!ADMIN_ROLES.includes(author.role)) return fail("only Owners and Admins may set another member's profile", this.lostVia.get(`m:${author.memberId}`));
      if (!s.members.get(action.memberId)?.active) return fail('the member is not an active member');
    }
    return s.epochs.some((e) => e.epochId === action.keyEpoch) ? ok() : fail('the profile is sealed under an unknown epoch');
  }

  /**
   * `anyRole`: a person linking or removing one of their own devices needs no Owner or Admin
   * role — any active member may (their identity key certifies the device either way).
   */
  private authority(deviceId: string, anyRole = false): Verdict {
    const device = this.state.devices.get(deviceId);
    if (!device) return fail('the author device is not a device of this workspace');
    if (!device.active) return fail('the author device was removed', this.lostVia.get(`d:${deviceId}`));
    const member = this.state.members.get(device.memberId)!;
    if (!member.active) return fail('the author was removed', this.lostVia.get(`m:${member.memberId}`));
    if (!anyRole && !ADMIN_ROLES.includes(member.role)) return fail('the author is not an Owner or Admin', this.lostVia.get(`m:${member.memberId}`));
    return ok();
  }

  /** An entry a partner's Manager may author without being an Owner or Admin (partnerProblem says what they may do). */
  private managerAction(entry: ChainEntry): boolean {
    const partnerId = managedPartnerOf(entry.action);
    const authorMember = this.state.devices.get(entry.author)?.memberId;
    return partnerId !== undefined && authorMember !== undefined && isManagerOf(this.state, partnerId, authorMember);
  }

  /** An add_device or remove_device of a device of the author's own member. */
  private ownDeviceAction(entry: ChainEntry): boolean {
    const authorMember = this.state.devices.get(entry.author)?.memberId;
    if (authorMember === undefined) return false;
    const { action } = entry;
    if (action.type === 'add_device') return action.device.memberId === authorMember;
    if (action.type === 'remove_device') return this.state.devices.get(action.deviceId)?.memberId === authorMember;
    return false;
  }

  /**
   * Epoch-opening entries must seal their new epoch, never to the device or member they
   * remove. A recipient removed in a concurrent branch is not a reason to drop the entry:
   * it shows up in keyMaintenance().leakedTo and an admin device rekeys.
   */
  private keysProblem(entry: ChainEntry): string | null {
    const { action, keys } = entry;
    const opens = 'epochId' in action ? action.epochId : undefined;
    if (opens && (!keys || keys.epochs.length !== 1 || keys.epochs[0] !== opens)) return 'an entry that opens an epoch must seal exactly that epoch key';
    if (!keys) return null;
    const known = new Set(this.state.epochs.map((e) => e.epochId));
    if (keys.epochs.some((e) => e !== opens && !known.has(e))) return 'the entry seals keys of unknown epochs';
    const added = 'device' in action ? action.device.deviceId : undefined;
    const removed = action.type === 'remove_device' ? action.deviceId : undefined;
    for (const recipient of Object.keys(keys.sealed)) {
      const device = this.state.devices.get(recipient);
      if (recipient !== added && !device) return 'the entry seals keys to an unknown device';
      const leaves = (action.type === 'remove_member' && device?.memberId === action.memberId)
        || (action.type === 'end_partner' && device !== undefined && this.state.members.get(device.memberId)?.partnerId === action.partnerId);
      if (recipient === removed || leaves) {
        return 'the entry seals the new key to the device it removes';
      }
    }
    return null;
  }

  private freshEpoch(epochId: string): Verdict | null {
    return this.state.epochs.some((e) => e.epochId === epochId) ? fail('the epoch id is already used') : null;
  }

  /** Rejects a change after which no active Owner keeps an active device. */
  private keepsAnOwner(change: (s: ChainState) => void): Verdict | null {
    const trial = cloneState(this.state);
    change(trial);
    const ownerWithDevice = activeDevices(trial).some((d) => trial.members.get(d.memberId)!.role === 'owner');
    return ownerWithDevice ? null : fail('the workspace would be left without an Owner');
  }

  private commit(entry: ChainEntry, hash: string): void {
    const s = this.state;
    const { action } = entry;
    const addDevice = (cert: DeviceCertificate) => s.devices.set(cert.deviceId, { certificate: cert, memberId: cert.memberId, active: true });
    switch (action.type) {
      case 'create_workspace':
        s.members.set(action.memberId, { memberId: action.memberId, identityKey: action.identityKey, role: 'owner', active: true, seniority: this.position });
        addDevice(action.device);
        break;
      case 'add_member':
        s.members.set(action.memberId, {
          memberId: action.memberId, identityKey: action.identityKey, role: action.role, active: true, seniority: this.position,
          ...(action.partnerId !== undefined ? { partnerId: action.partnerId } : {}),
        });
        addDevice(action.device);
        if (action.partnerId !== undefined) admitToPartner(s, action.partnerId, action.memberId, action.manager === true);
        break;
      case 'remove_member':
        s.members.get(action.memberId)!.active = false;
        this.lostVia.set(`m:${action.memberId}`, hash);
        for (const team of s.teams.values()) team.delete(action.memberId);
        forgetPartnerMember(s, action.memberId);
        break;
      case 'end_partner':
        for (const member of outsideMembersOf(s, action.partnerId)) this.lostVia.set(`m:${member.memberId}`, hash);
        commitPartnerAction(s, action);
        break;
      case 'create_partner':
      case 'add_to_partner':
      case 'remove_from_partner':
      case 'partner_grant':
        commitPartnerAction(s, action);
        break;
      case 'change_role':
        s.members.get(action.memberId)!.role = action.role;
        if (ADMIN_ROLES.includes(action.role)) this.lostVia.delete(`m:${action.memberId}`);
        else this.lostVia.set(`m:${action.memberId}`, hash);
        break;
      case 'add_device':
        addDevice(action.device);
        break;
      case 'remove_device':
        s.devices.get(action.deviceId)!.active = false;
        this.lostVia.set(`d:${action.deviceId}`, hash);
        break;
      case 'create_team':
        s.teams.set(action.teamId, new Set());
        break;
      case 'add_to_team':
        s.teams.get(action.teamId)!.add(action.memberId);
        break;
      case 'remove_from_team':
        s.teams.get(action.teamId)!.delete(action.memberId);
        break;
      case 'set_profile':
        s.profiles.set(action.memberId, { keyEpoch: action.keyEpoch, box: action.box });
        break;
      case 'rekey':
      case 'share_keys':
        break;
    }
    if ('epochId' in action) s.epochs.push({ epochId: action.epochId, number: s.epochs.length, openedBy: hash, holders: new Set(), ...(action.relayKey ? { relayKey: action.relayKey } : {}) });
    for (const epochId of entry.keys?.epochs ?? []) {
      const epoch = s.epochs.find((e) => e.epochId === epochId)!;
      for (const recipient of Object.keys(entry.keys!.sealed)) epoch.holders.add(recipient);
    }
  }
}

function ok(): Verdict {
  return { ok: true };
}

function fail(reason: string, lostVia?: string): Verdict {
  return lostVia ? { ok: false, reason, lostVia } : { ok: false, reason };
}

function validNewDevice(s: ChainState, cert: DeviceCertificate, memberId: string, identityKey: string): Verdict | null {
  const problem = certificateProblem(cert);
  if (problem) return fail(problem);
  if (cert.memberId !== memberId || !samePublicKey(cert.identityKey, identityKey)) return fail('the device certificate belongs to someone else');
  return s.devices.has(cert.deviceId) ? fail('the device is already registered') : null;
}

function cloneState(s: ChainState): ChainState {
  return {
    ...s,
    members: new Map([...s.members].map(([k, m]) => [k, { ...m }])),
    devices: new Map([...s.devices].map(([k, d]) => [k, { ...d }])),
    teams: new Map([...s.teams].map(([k, t]) => [k, new Set(t)])),
    partners: clonePartners(s.partners),
    profiles: new Map(s.profiles),
  };
}

/** What an entry takes away: the members or devices whose authority an effective entry removes. */
function authorityTargets(entry: ChainEntry, state: ChainState): string[] {
  const { action } = entry;
  if (action.type === 'remove_member') return [`m:${action.memberId}`];
  if (action.type === 'remove_device') return [`d:${action.deviceId}`];
  if (action.type === 'change_role' && !ADMIN_ROLES.includes(action.role)) return [`m:${action.memberId}`];
  if (action.type === 'end_partner') return outsideMembersOf(state, action.partnerId).map((m) => `m:${m.memberId}`);
  return [];
}

export function resolveChain(workspaceId: string, entries: readonly ChainEntry[]): ResolvedChain {
  const byHash = new Map<string, Indexed>();
  for (const entry of entries) {
    const hash = entryHash(entry);
    byHash.set(hash, { entry, hash });
  }
  const rejected: ResolvedChain['rejected'] = [];
  const reject = (item: Indexed, reason: string) => rejected.push({ hash: item.hash, entry: item.entry, reason });

  // Signatures first: a device id is derived from its signing key, so any certificate naming it yields the same key.
  const signingKeys = new Map<string, string>();
  for (const { entry } of byHash.values()) {
    const { action } = entry;
    if ('device' in action && !certificateProblem(action.device)) signingKeys.set(action.device.deviceId, action.device.signingKey);
  }
  const signed = new Map<string, Indexed>();
  for (const item of byHash.values()) {
    const { entry } = item;
    const key = signingKeys.get(entry.author);
    const genesis = item.hash === workspaceId;
    if (genesis ? entry.workspaceId !== '' || entry.prev.length > 0 : entry.workspaceId !== workspaceId) {
      reject(item, 'the entry belongs to another workspace');
    } else if (!key || !signatureValid(entry, item.hash, key)) {
      reject(item, 'the signature does not verify');
    } else {
      signed.set(item.hash, item);
    }
  }

  // Parents must be present and earlier: otherwise the entry waits (or is refused when a parent was refused).
  const placed = new Map<string, Indexed>();
  const pending: ChainEntry[] = [];
  const settle = (item: Indexed, seen = new Set<string>()): 'placed' | 'pending' | 'rejected' => {
    if (placed.has(item.hash)) return 'placed';
    if (seen.has(item.hash)) return 'rejected';
    seen.add(item.hash);
    for (const parentHash of item.entry.prev) {
      const parent = signed.get(parentHash);
      if (!parent) return byHash.has(parentHash) ? 'rejected' : 'pending';
      if (parent.entry.counter >= item.entry.counter || settle(parent, seen) !== 'placed') return 'rejected';
    }
    placed.set(item.hash, item);
    return 'placed';
  };
  for (const item of signed.values()) {
    const outcome = settle(item);
    if (outcome === 'pending') pending.push(item.entry);
    if (outcome === 'rejected') reject(item, 'the entry builds on an entry that is missing its signature or order');
  }

  const ordered = [...placed.values()].sort((a, b) => a.entry.counter - b.entry.counter || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  const ancestorCache = new Map<string, Set<string>>();
  const ancestors = (hash: string): Set<string> => {
    let found = ancestorCache.get(hash);
    if (found) return found;
    found = new Set();
    const stack = [...placed.get(hash)!.entry.prev];
    while (stack.length) {
      const next = stack.pop()!;
      if (found.has(next)) continue;
      found.add(next);
      stack.push(...placed.get(next)!.entry.prev);
    }
    ancestorCache.set(hash, found);
    return found;
  };

  const excluded = new Map<string, string>();
  for (;;) {
    const applier = new Applier(workspaceId);
    const effective: Indexed[] = [];
    const refused: { item: Indexed; verdict: Extract<Verdict, { ok: false }> }[] = [];
    for (const item of ordered) {
      if (excluded.has(item.hash)) continue;
      const verdict = applier.apply(item);
      if (verdict.ok) effective.push(item);
      else refused.push({ item, verdict });
    }
    const s = applier.state;
    const memberOf = (item: Indexed) => s.devices.get(item.entry.author)?.memberId;
    const before = excluded.size;

    // Rule 3: a removal or demotion voids what its target did without the remover having seen it.
    effective.forEach((loss, at) => {
      const targets = authorityTargets(loss.entry, s);
      if (!targets.length) return;
      const seen = ancestors(loss.hash);
      for (const other of effective.slice(0, at)) {
        const authoredByTarget = targets.includes(`d:${other.entry.author}`) || targets.includes(`m:${memberOf(other)}`);
        if (authoredByTarget && !seen.has(other.hash) && !excluded.has(other.hash)) {
          excluded.set(other.hash, 'made concurrently with the removal or demotion of its author');
        }
      }
    });
    // Rule 4: of two concurrent entries that take authority from each other's authors, the senior author's wins.
    for (const { item, verdict } of refused) {
      const winner = verdict.lostVia && placed.get(verdict.lostVia);
      if (!winner || excluded.has(winner.hash) || ancestors(item.hash).has(winner.hash)) continue;
      const mine = s.members.get(memberOf(item) ?? '');
      const theirs = s.members.get(memberOf(winner) ?? '');
      if (mine && theirs && mine.seniority < theirs.seniority) {
        excluded.set(winner.hash, 'lost a concurrent conflict with an entry of a more senior member');
      }
    }

    if (excluded.size === before) {
      for (const { item, verdict } of refused) reject(item, verdict.reason);
      for (const [hash, reason] of excluded) reject(placed.get(hash)!, reason);
      const built = new Set([...placed.values()].flatMap((i) => i.entry.prev));
      const maxCounter = Math.max(-1, ...[...placed.values()].map((i) => i.entry.counter));
      return {
        state: s,
        order: effective.map((i) => i.entry),
        rejected,
        pending,
        heads: [...placed.keys()].filter((h) => !built.has(h)).sort(),
        nextCounter: maxCounter + 1,
      };
    }
  }
}

function safeBytes(text: string): Uint8Array {
  try {
    return fromBase64Url(text);
  } catch {
    return new Uint8Array();
  }
}
