// One device's view of a workspace: the team chain entries it holds, their resolution, and
// the epoch keys sealed to this device. Authoring methods build, sign and apply an entry in
// one step and refuse (CHAIN_INVALID, with the chain's reason) what the chain would reject.
import { openProfiles, sealProfile, type Profile } from './people';
import { randomBytes } from 'node:crypto';
import { TesseraError } from '../errors';
import { fromBase64Url, toBase64Url } from '../../protocol/canonical-encoding';
import { relayAccessPublicKey } from '../../protocol/relay-access';
import type { DeviceCertificate, DeviceKeys } from './device-keys';
import { newId, type Identity } from '../../protocol/identity';
import { openSealed, sealToDevice } from './key-sealing';
import {
  activeDevices,
  chainRecord,
  currentEpoch,
  entryHash,
  keyMaintenance,
  resolveChain,
  signEntry,
  type ChainAction,
  type ChainEntry,
  type ChainState,
  type ResolvedChain,
  type Role,
  type SealedKeys,
} from '../../protocol/team-chain';

const KEY_BYTES = 32;

/** Whether a chain change came from an entry this device authored or from entries it received. */
export type ChangeOrigin = 'authored' | 'received';

/** What a joining person hands the inviter: who they are and their first device. */
export interface MemberRequest {
  memberId: string;
  identityKey: string;
  device: DeviceCertificate;
}

export class Workspace {
  readonly #entries = new Map<string, ChainEntry>();
  readonly #keys = new Map<string, Uint8Array>();
  readonly #listeners = new Set<(entries: ChainEntry[]) => void>();
  readonly #changeListeners = new Set<(origin: ChangeOrigin) => void>();
  #resolved!: ResolvedChain;

  private constructor(
    readonly workspaceId: string,
    readonly device: DeviceKeys,
    entries: readonly ChainEntry[],
  ) {
    for (const entry of entries) this.#entries.set(entryHash(entry), entry);
    this.#resolve();
  }

  /** The workspace's name and everything else people type live in the (encrypted) team doc, not here. */
  static create(identity: Identity, device: DeviceKeys): Workspace {
    const epochId = newId();
    const epochKey = new Uint8Array(randomBytes(KEY_BYTES));
    const unsigned = {
      v: 1 as const,
      workspaceId: '',
      prev: [],
      counter: 0,
      author: device.certificate.deviceId,
      action: {
        type: 'create_workspace' as const, memberId: identity.memberId, identityKey: toBase64Url(identity.publicKey), device: device.certificate, epochId,
        relayKey: relayAccessPublicKey(epochId, epochKey),
      },
      keys: sealKeys('', [epochId], [epochKey], [device.certificate]),
    };
    const genesis = signEntry(unsigned, device);
    return new Workspace(entryHash(genesis), device, [genesis]);
  }

  /**
   * Opens a workspace from the chain entries this device holds. A device that was just
   * invited may hold none: its state stays empty until the chain arrives from a relay.
   */
  static open(workspaceId: string, device: DeviceKeys, entries: readonly ChainEntry[]): Workspace {
    return new Workspace(workspaceId, device, entries);
  }

  get resolved(): ResolvedChain {
    return this.#resolved;
  }

  get state(): ChainState {
    return this.#resolved.state;
  }

  entries(): ChainEntry[] {
    return [...this.#entries.values()];
  }

  /** The creation entry as the chain log publishes it (what a relay pins the workspace's first key from), once this device holds it. */
  genesisRecord(): Uint8Array | undefined {
    const genesis = this.#entries.get(this.workspaceId);
    return genesis && chainRecord(genesis);
  }

  /** Called with entries this device authored, for the caller to publish. */
  onAuthored(listener: (entries: ChainEntry[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called after the resolved state changed, saying whether by entries authored here or received. */
  onChange(listener: (origin: ChangeOrigin) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** Merges entries from elsewhere; returns those that were new. */
  receive(entries: readonly ChainEntry[]): ChainEntry[] {
    const fresh = entries.filter((e) => !this.#entries.has(entryHash(e)));
    if (!fresh.length) return [];
    for (const entry of fresh) this.#entries.set(entryHash(entry), entry);
    this.#resolve();
    for (const listener of this.#changeListeners) listener('received');
    return fresh;
  }

  epochKey(epochId: string): Uint8Array | undefined {
    return this.#keys.get(epochId);
  }

  currentEpoch(): { epochId: string; key: Uint8Array } {
    const epochId = currentEpoch(this.state)?.epochId;
    const key = epochId && this.#keys.get(epochId);
    if (!epochId || !key) throw new TesseraError('SYNC_UNKNOWN_EPOCH', 'This device has not received the current team key yet; sync the team chain and try again.');
    return { epochId, key };
  }

  signingKey(deviceId: string): Uint8Array | undefined {
    const device = this.state.devices.get(deviceId);
    return device && fromBase64Url(device.certificate.signingKey);
  }

  // --- authoring -------------------------------------------------------------------------

  /** `partner`: admitted into that partner (a Guest; its Manager when `manager`), by an Owner/Admin or one of its Managers. */
  addMember(request: MemberRequest, role: Role, partner?: { partnerId: string; manager: boolean }): ChainEntry {
    const action = {
      type: 'add_member' as const, memberId: request.memberId, identityKey: request.identityKey, role, device: request.device,
      ...(partner ? { partnerId: partner.partnerId, ...(partner.manager ? { manager: true } : {}) } : {}),
    };
    return this.#author(action, this.#historyFor(request.device));
  }

  addDevice(certificate: DeviceCertificate): ChainEntry {
    return this.#author({ type: 'add_device', device: certificate }, this.#historyFor(certificate));
  }

  removeMember(memberId: string): ChainEntry {
    const epochId = newId();
    const remaining = activeDevices(this.state).filter((d) => d.memberId !== memberId);
    const { keys, relayKey } = this.#freshEpoch(epochId, remaining.map((d) => d.certificate));
    return this.#author({ type: 'remove_member', memberId, epochId, relayKey }, keys);
  }

  removeDevice(deviceId: string): ChainEntry {
    const epochId = newId();
    const remaining = activeDevices(this.state).filter((d) => d.certificate.deviceId !== deviceId);
    const { keys, relayKey } = this.#freshEpoch(epochId, remaining.map((d) => d.certificate));
    return this.#author({ type: 'remove_device', deviceId, epochId, relayKey }, keys);
  }

  /** Signs this member's (or, as an Owner/Admin, another member's) name and email into the chain. */
  setProfile(profile: Profile, memberId = this.device.certificate.memberId): ChainEntry {
    const { epochId, key } = this.currentEpoch();
    return this.#author({ type: 'set_profile', memberId, keyEpoch: epochId, box: sealProfile(this.workspaceId, memberId, epochId, key, profile) });
  }

  /** Every member's name and email this device can read. */
  profiles(): Map<string, Profile> {
    return openProfiles(this.state, (epochId) => this.#keys.get(epochId));
  }

  changeRole(memberId: string, role: Role): ChainEntry {
    return this.#author({ type: 'change_role', memberId, role });
  }

  createTeam(): { teamId: string; entry: ChainEntry } {
    const teamId = newId();
    return { teamId, entry: this.#author({ type: 'create_team', teamId }) };
  }

  addToTeam(teamId: string, memberId: string): ChainEntry {
    return this.#author({ type: 'add_to_team', teamId, memberId });
  }

  /** The member loses the team's grants; Owner devices re-key the accounts they lose (SyncPeer). */
  removeFromTeam(teamId: string, memberId: string): ChainEntry {
    return this.#author({ type: 'remove_from_team', teamId, memberId });
  }

  // --- partners (protocol/chain-partners.ts) ----------------------------------------------

  /** `guestWorkspaceId`: the partner organisation's own workspace (host-guest); none for a local partner. */
  createPartner(guestWorkspaceId?: string): { partnerId: string; entry: ChainEntry } {
    const partnerId = newId();
    return { partnerId, entry: this.#author({ type: 'create_partner', partnerId, ...(guestWorkspaceId ? { guestWorkspaceId } : {}) }) };
  }

  addToPartner(partnerId: string, memberId: string, manager: boolean): ChainEntry {
    return this.#author({ type: 'add_to_partner', partnerId, memberId, manager });
  }

  removeFromPartner(partnerId: string, memberId: string): ChainEntry {
    return this.#author({ type: 'remove_from_partner', partnerId, memberId });
  }

  /** Grants (or takes back) an account shared with the partner to one of its members. */
  partnerGrant(partnerId: string, memberId: string, docId: string, granted: boolean): ChainEntry {
    return this.#author({ type: 'partner_grant', partnerId, memberId, docId, granted });
  }

  /** Ends a partnership: its outside members leave, and a new epoch is sealed to everyone else. */
  endPartner(partnerId: string): ChainEntry {
    const epochId = newId();
    const leaving = new Set([...this.state.members.values()].filter((m) => m.partnerId === partnerId).map((m) => m.memberId));
    const remaining = activeDevices(this.state).filter((d) => !leaving.has(d.memberId));
    const { keys, relayKey } = this.#freshEpoch(epochId, remaining.map((d) => d.certificate));
    return this.#author({ type: 'end_partner', partnerId, epochId, relayKey }, keys);
  }

  /** A fresh team key for everyone active: after a suspected leak, or as routine hygiene. */
  rekey(): ChainEntry {
    const epochId = newId();
    const { keys, relayKey } = this.#freshEpoch(epochId, activeDevices(this.state).map((d) => d.certificate));
    return this.#author({ type: 'rekey', epochId, relayKey }, keys);
  }

  /**
   * After concurrent entries merge, an epoch key may have reached a device removed in the
   * other branch, or a device added in one branch may lack a key opened in the other. An
   * admin device repairs both: a rekey for a leak, then the missing keys it holds.
   */
  repairKeys(): ChainEntry[] {
    const authored: ChainEntry[] = [];
    if (keyMaintenance(this.state).leakedTo.length) authored.push(this.rekey());
    for (const [deviceId, epochs] of keyMaintenance(this.state).missing) {
      const held = epochs.filter((e) => this.#keys.has(e));
      const cert = this.state.devices.get(deviceId)!.certificate;
      if (held.length) authored.push(this.#author({ type: 'share_keys' }, sealKeys(this.workspaceId, held, held.map((e) => this.#keys.get(e)!), [cert])));
    }
    return authored;
  }

  #historyFor(certificate: DeviceCertificate): SealedKeys {
    const epochs = this.state.epochs.map((e) => e.epochId).filter((e) => this.#keys.has(e));
    return sealKeys(this.workspaceId, epochs, epochs.map((e) => this.#keys.get(e)!), [certificate]);
  }

  #freshEpoch(epochId: string, recipients: DeviceCertificate[]): { keys: SealedKeys; relayKey: string } {
    const key = new Uint8Array(randomBytes(KEY_BYTES));
    this.#keys.set(epochId, key);
    return { keys: sealKeys(this.workspaceId, [epochId], [key], recipients), relayKey: relayAccessPublicKey(epochId, key) };
  }

  #author(action: ChainAction, keys?: SealedKeys): ChainEntry {
    const entry = signEntry(
      { v: 1, workspaceId: this.workspaceId, prev: this.#resolved.heads, counter: this.#resolved.nextCounter, author: this.device.certificate.deviceId, action, ...(keys ? { keys } : {}) },
      this.device,
    );
    const hash = entryHash(entry);
    this.#entries.set(hash, entry);
    this.#resolve();
    const refused = this.#resolved.rejected.find((r) => r.hash === hash);
    if (refused) {
      this.#entries.delete(hash);
      this.#resolve();
      throw new TesseraError('CHAIN_INVALID', `The team chain refuses this change: ${refused.reason}.`);
    }
    for (const listener of this.#listeners) listener([entry]);
    for (const listener of this.#changeListeners) listener('authored');
    return entry;
  }

  #resolve(): void {
    this.#resolved = resolveChain(this.workspaceId, [...this.#entries.values()]);
    const me = this.device.certificate.deviceId;
    for (const entry of this.#resolved.order) {
      const box = entry.keys?.sealed[me];
      if (!box || entry.keys!.epochs.every((e) => this.#keys.has(e))) continue;
      const opened = openSealed(this.device.exchangeSecretKey, fromBase64Url(box), sealContext(entry.workspaceId, me, entry.keys!.epochs));
      if (!opened || opened.length !== KEY_BYTES * entry.keys!.epochs.length) continue;
      entry.keys!.epochs.forEach((epochId, i) => this.#keys.set(epochId, opened.slice(i * KEY_BYTES, (i + 1) * KEY_BYTES)));
    }
  }
}

function sealContext(workspaceId: string, deviceId: string, epochs: readonly string[]): string[] {
  return ['team-epoch-keys', workspaceId, deviceId, ...epochs];
}

function sealKeys(workspaceId: string, epochs: string[], keys: Uint8Array[], recipients: readonly DeviceCertificate[]): SealedKeys {
  const plain = new Uint8Array(KEY_BYTES * keys.length);
  keys.forEach((key, i) => plain.set(key, i * KEY_BYTES));
  const sealed = Object.fromEntries(
    recipients.map((cert) => [cert.deviceId, toBase64Url(sealToDevice(cert.exchangeKey, plain, sealContext(workspaceId, cert.deviceId, epochs)))]),
  );
  plain.fill(0);
  return { epochs, sealed };
}
