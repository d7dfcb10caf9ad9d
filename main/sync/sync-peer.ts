// One device taking part in a workspace's sync: its Workspace (team chain and epoch keys),
// pinned peer keys, the team doc and the shared account docs, each as a DocReplica, and the
// authorization rule the receiver applies before any update touches a doc.
import type { Profile } from './people';
import * as Y from 'yjs';
import { TesseraError, type ErrorCode } from '../errors';
import { ChainLog } from './chain-log';
import { DocReplica, type ReplicaContext, type ReplicaState } from './doc-replica';
import { accountDocId, parseDocId, teamDocId } from '../../protocol/doc-ids';
import { REMOTE_ORIGIN, type Refusal } from './envelope-receiver';
import { newId } from '../../protocol/identity';
import { PeerPins } from './peer-pins';
import { effectiveAccountRole, newItemKey, SharedAccountDoc, type AccountRole, type ItemKey, type Principal } from './shared-account-doc';
import type { SyncedLog } from './synced-log';
import { activeDevices, keyMaintenance, type ChainState } from '../../protocol/team-chain';
import { TeamDoc } from './team-doc';
import type { ChangeOrigin, Workspace } from './workspace';

/** Shared accounts re-keyed after a received chain change, for a rotation of their credentials. */
export interface Exposure {
  docIds: string[];
}

/** What a device persists between runs (beside Workspace.entries() and the client's sequence numbers). */
export interface SavedDocs {
  [docId: string]: { state: Uint8Array; replica: ReplicaState };
}

export interface SyncPeerOptions {
  pins?: PeerPins;
  saved?: SavedDocs;
}

/** A refused record, or one held back until a person confirms a peer's changed key. */
export interface Rejection {
  docId: string;
  result: { status: 'rejected' | 'deferred'; code: ErrorCode; reason: string };
}

export class SyncPeer {
  readonly chain: ChainLog;
  readonly team: { doc: TeamDoc; replica: DocReplica };
  readonly #accounts = new Map<string, { doc: SharedAccountDoc; replica: DocReplica }>();
  readonly #rejections = new Set<(rejection: Rejection) => void>();
  readonly #exposedListeners = new Set<(exposure: Exposure) => void>();
  #maintaining: ChangeOrigin | undefined;
  readonly #logsAdded = new Set<(log: SyncedLog) => void>();
  readonly #context: ReplicaContext;
  readonly #saved: SavedDocs;
  readonly pins: PeerPins;
  /** The name and email this person wants the team to see (signed into the chain once admitted). */
  #profile: Profile | undefined;

  constructor(
    readonly workspace: Workspace,
    options: SyncPeerOptions = {},
  ) {
    this.pins = options.pins ?? new PeerPins();
    this.#saved = options.saved ?? {};
    this.#context = {
      signingKey: (deviceId) => workspace.signingKey(deviceId),
      epochKey: (epochId) => workspace.epochKey(epochId),
      currentEpoch: () => workspace.currentEpoch(),
      authorize: (docId, deviceId) => this.#authorize(docId, deviceId),
    };
    this.chain = new ChainLog(workspace);
    // A guid of our own: Yjs would draw a random UUID per doc (32 calls to the CSPRNG, ~0.3 ms).
    const teamDoc = new TeamDoc(new Y.Doc({ guid: teamDocId(workspace.workspaceId) }));
    this.team = { doc: teamDoc, replica: this.#replica(teamDocId(workspace.workspaceId), teamDoc.doc) };
    workspace.onChange((origin) => {
      // A removal this device authors while maintaining keys after a received change belongs to that change.
      this.#maintainKeys(this.#maintaining ?? origin);
      this.#flushAll();
    });
    // Follow every account the team directory lists, as soon as it appears (only the changed keys: the directory may be large).
    const follow = (docIds: Iterable<string>) => {
      for (const docId of docIds) {
        const ref = parseDocId(docId);
        if (ref?.kind === 'account' && ref.workspaceId === workspace.workspaceId && teamDoc.doc.getMap('accounts').has(docId)) this.account(docId);
      }
    };
    teamDoc.doc.getMap('accounts').observe((event) => follow(event.keysChanged));
    follow(teamDoc.accountDocIds());
  }

  /**
   * The person's profile for this workspace: signed into the chain now if this device is an
   * active member holding the team key, else as soon as it is (after admission).
   */
  useProfile(profile: Profile | undefined): void {
    this.#profile = profile;
    this.#maintainProfile();
  }

  #maintainProfile(): void {
    const wanted = this.#profile;
    if (!wanted || !this.workspace.state.members.get(this.memberId)?.active) return;
    const current = this.workspace.profiles().get(this.memberId);
    if (current?.name === wanted.name && current.email === wanted.email) return;
    try {
      this.workspace.setProfile(wanted);
    } catch {
      // No team key yet (still being admitted): retried at the next chain change.
    }
  }

  get memberId(): string {
    return this.workspace.device.certificate.memberId;
  }

  /**
   * The replica of `docId` if this device may publish a relay snapshot of it: the team doc, or
   * an account doc its member may write (a snapshot is an ordinary envelope, so receivers would
   * refuse one from a Collaborator's device). Undefined for the chain, join logs and the rest.
   */
  snapshotReplica(docId: string): DocReplica | undefined {
    const replica = docId === this.team.replica.docId ? this.team.replica : this.#accounts.get(docId)?.replica;
    return replica && this.#authorize(docId, this.workspace.device.certificate.deviceId) === null ? replica : undefined;
  }

  /** Every log this device syncs, for the sync client: chain first so keys arrive before docs need them. */
  logs(): SyncedLog[] {
    return [this.chain, this.team.replica, ...[...this.#accounts.values()].map((a) => a.replica)];
  }

  /** Called with each account log this device starts following, for the sync client to attach. */
  onLogAdded(listener: (log: SyncedLog) => void): () => void {
    this.#logsAdded.add(listener);
    return () => this.#logsAdded.delete(listener);
  }

  /** Doc states and replica clocks to persist (encrypted, by the vault) and pass back as `saved`. */
  save(): SavedDocs {
    const all = [this.team.replica, ...[...this.#accounts.values()].map((a) => a.replica)];
    return Object.fromEntries(all.map((r) => [r.docId, { state: Y.encodeStateAsUpdate(r.doc), replica: r.state() }]));
  }

  onRejected(listener: (rejection: Rejection) => void): () => void {
    this.#rejections.add(listener);
    return () => this.#rejections.delete(listener);
  }

  /** A person checked the new fingerprint with its owner: resume sync with them, applying what was held back. */
  confirmKeyChange(memberId: string, identityKey: string): void {
    this.pins.confirmKeyChange(memberId, identityKey);
    this.#flushAll();
  }

  /**
   * Creates a shared account this member owns; its item key is sealed to this device. `fill`
   * writes the rest of the doc (fields, grants) in the same transaction: one update, so one
   * envelope without merging.
   */
  createAccount(accountId = newId(), fill?: (created: { doc: SharedAccountDoc; itemKey: ItemKey }) => void): { doc: SharedAccountDoc; replica: DocReplica; itemKey: ItemKey } {
    const role = this.workspace.state.members.get(this.memberId)?.role;
    if (!role || role === 'login-only' || role === 'guest') {
      throw new TesseraError('NOT_PERMITTED', 'Only Owners, Admins and Members can share an account; Login-Only members and Guests can only be Collaborators.');
    }
    const docId = accountDocId(this.workspace.workspaceId, this.memberId, accountId);
    const account = this.account(docId);
    const itemKey = newItemKey();
    account.doc.doc.transact(() => {
      account.doc.grant(`member:${this.memberId}`, 'owner');
      account.doc.sealItemKey(itemKey, [this.workspace.device.certificate]);
      fill?.({ doc: account.doc, itemKey });
    });
    this.team.doc.listAccount(docId);
    return { ...account, itemKey };
  }

  /** Opens (or starts following) a shared account doc by id. */
  account(docId: string): { doc: SharedAccountDoc; replica: DocReplica } {
    let account = this.#accounts.get(docId);
    if (!account) {
      if (parseDocId(docId)?.kind !== 'account') throw new TesseraError('INVALID_INPUT', `${docId} is not a shared account id.`);
      const doc = new SharedAccountDoc(docId, new Y.Doc({ guid: docId }));
      account = { doc, replica: this.#replica(docId, doc.doc) };
      this.#accounts.set(docId, account);
      for (const listener of this.#logsAdded) listener(account.replica);
    }
    return account;
  }

  /** The account doc `docId` when this device follows it (unlike account(), never starts following one). */
  followed(docId: string): SharedAccountDoc | undefined {
    return this.#accounts.get(docId)?.doc;
  }

  accounts(): SharedAccountDoc[] {
    return [...this.#accounts.values()].map((a) => a.doc);
  }

  /**
   * Gives a member or team a role on an account this member owns, and seals the item key to
   * their devices. `openedKeys`: the doc's item keys this device holds, when the caller has
   * them already (a doc it just created), which spares opening them again (X25519).
   */
  share(docId: string, principal: Principal, role: AccountRole, openedKeys?: readonly ItemKey[]): void {
    const account = this.#ownedAccount(docId);
    this.assertGrantable(principal, role);
    account.doc.transact(() => {
      account.grant(principal, role);
      this.reconcileItemKey(account, openedKeys);
    });
  }

  /** Refuses (INVALID_INPUT) a grant the workspace's roles do not allow: checked before anything is published. */
  assertGrantable(principal: Principal, role: AccountRole): void {
    if (role === 'owner' && principal.startsWith('partner:')) throw new TesseraError('INVALID_INPUT', 'A partner can only be a Collaborator on an account.');
    if (principal.startsWith('partner:') && this.workspace.state.partners.get(principal.slice('partner:'.length))?.active !== true) {
      throw new TesseraError('INVALID_INPUT', 'That partnership does not exist or has ended.');
    }
    if (role === 'owner' && principal.startsWith('member:')) {
      const memberRole = this.workspace.state.members.get(principal.slice('member:'.length))?.role;
      if (memberRole === 'login-only' || memberRole === 'guest') throw new TesseraError('INVALID_INPUT', 'Login-Only members and Guests can only be Collaborators.');
    }
  }

  /** Takes a role away; the item key is replaced, so report `exposedTo` for a rotation of the credential. */
  unshare(docId: string, principal: Principal): { exposedTo: string[] } {
    const account = this.#ownedAccount(docId);
    let exposedTo: string[] = [];
    account.doc.transact(() => {
      account.revokeGrant(principal);
      exposedTo = this.reconcileItemKey(account).exposedTo;
    });
    return { exposedTo };
  }

  /**
   * Makes the newest item key of an account this member owns match who may use it: sealed
   * to every active device with a role, and replaced (all values re-encrypted) when a device
   * that held it lost its role or was removed. Returns those devices. `openedKeys`: what
   * `account.openItemKeys` would answer, when the caller holds it already.
   */
  reconcileItemKey(account: SharedAccountDoc, openedKeys?: readonly ItemKey[]): { exposedTo: string[] } {
    const state = this.workspace.state;
    if (effectiveAccountRole(account, this.memberId, state) !== 'owner') return { exposedTo: [] };
    const entitled = activeDevices(state).filter((d) => effectiveAccountRole(account, d.memberId, state)).map((d) => d.certificate);
    const entitledIds = new Set(entitled.map((c) => c.deviceId));
    const { version, deviceIds } = account.keyHolders();
    const exposedTo = deviceIds.filter((d) => !entitledIds.has(d));
    const missing = entitled.filter((c) => !deviceIds.includes(c.deviceId));
    // Checked before opening any key: this runs for every account on every chain change.
    if (!exposedTo.length && !missing.length) return { exposedTo: [] };
    const keys = openedKeys ?? account.openItemKeys(this.workspace.device);
    if (!keys.length) return { exposedTo: [] };
    if (exposedTo.length) {
      account.rekey(keys, entitled);
      return { exposedTo };
    }
    // Concurrent re-keys leave two keys of the newest version: seal both.
    for (const key of keys.filter((k) => k.version === version)) account.sealItemKey(key, missing);
    return { exposedTo: [] };
  }

  #ownedAccount(docId: string): SharedAccountDoc {
    const account = this.account(docId).doc;
    if (effectiveAccountRole(account, this.memberId, this.workspace.state) !== 'owner') {
      throw new TesseraError('NOT_PERMITTED', 'Only an Owner of this account can change who it is shared with.');
    }
    return account;
  }

  /**
   * Accounts this device re-keyed because a change it received (another admin's removal, a
   * partner Manager's) took them from devices that held the key: the credential was exposed
   * and should be rotated. Changes this device authors report their own (revocation.ts).
   */
  onExposed(listener: (exposure: Exposure) => void): () => void {
    this.#exposedListeners.add(listener);
    return () => this.#exposedListeners.delete(listener);
  }

  /**
   * After the chain changed: the designated admin device repairs team keys a fork left
   * leaked or missing (one device, so forks do not multiply rekeys) and removes from the
   * workspace people a partner's Manager took out of their partner (a Manager cannot open
   * an epoch), and every Owner device reconciles the item keys of its accounts with who may
   * use them now.
   */
  #maintainKeys(origin: ChangeOrigin): void {
    const state = this.workspace.state;
    const designated = designatedKeyRepairer(state) === this.workspace.device.certificate.deviceId;
    const maintenance = keyMaintenance(state);
    if ((maintenance.leakedTo.length || maintenance.missing.size) && designated) {
      try {
        this.workspace.repairKeys();
      } catch {
        // A repair the chain refuses now is retried at the next change.
      }
    }
    if (designated) {
      const outer = this.#maintaining;
      this.#maintaining = origin;
      try {
        this.#removeOutsidersWithoutPartner();
      } finally {
        this.#maintaining = outer;
      }
    }
    const exposed: string[] = [];
    for (const { doc } of this.#accounts.values()) {
      if (this.reconcileItemKey(doc).exposedTo.length) exposed.push(doc.docId);
    }
    if (exposed.length && origin === 'received') for (const listener of this.#exposedListeners) listener({ docIds: exposed });
    this.#maintainProfile();
  }

  #removeOutsidersWithoutPartner(): void {
    const state = this.workspace.state;
    for (const member of state.members.values()) {
      if (!member.active || member.partnerId === undefined || state.partners.get(member.partnerId)?.members.has(member.memberId)) continue;
      try {
        this.workspace.removeMember(member.memberId);
      } catch {
        // Refused now (a concurrent change): retried at the next change.
      }
      return; // The removal re-enters this maintenance for the next one.
    }
  }

  #flushAll(): void {
    this.team.replica.flush();
    for (const account of this.#accounts.values()) account.replica.flush();
  }

  #replica(docId: string, doc: Y.Doc): DocReplica {
    const { certificate, signingSecretKey } = this.workspace.device;
    const saved = this.#saved[docId];
    // Restored state was verified when it first arrived; applying it as remote keeps it from being republished.
    if (saved) Y.applyUpdate(doc, saved.state, REMOTE_ORIGIN);
    const replica = new DocReplica(docId, doc, this.#context, { deviceId: certificate.deviceId, signingSecretKey }, saved?.replica);
    replica.onReceived((result) => {
      const report = result.status === 'rejected' || (result.status === 'deferred' && result.code === 'SYNC_KEY_CHANGED');
      if (!report) return;
      for (const listener of this.#rejections) listener({ docId, result: { status: result.status, code: result.code, reason: result.reason } });
    });
    return replica;
  }

  #authorize(docId: string, deviceId: string): Refusal | null {
    const state = this.workspace.state;
    const device = state.devices.get(deviceId);
    if (!device) return { code: 'SYNC_NOT_AUTHORIZED', reason: `Device ${deviceId} is not a device of this workspace.` };
    const member = state.members.get(device.memberId)!;
    if (!member.active) return { code: 'SYNC_NOT_AUTHORIZED', reason: `Member ${member.memberId} was removed from the workspace.` };
    if (!device.active) return { code: 'SYNC_NOT_AUTHORIZED', reason: `Device ${deviceId} was removed from the workspace.` };
    try {
      this.pins.check(member.memberId, member.identityKey);
    } catch (error) {
      // Held back, not dropped: applied once a person confirms the new key.
      return { code: 'SYNC_KEY_CHANGED', reason: (error as Error).message, retryable: true };
    }
    const ref = parseDocId(docId);
    if (!ref || ref.workspaceId !== this.workspace.workspaceId) return { code: 'SYNC_NOT_AUTHORIZED', reason: `${docId} is not a doc of this workspace.` };
    if (ref.kind !== 'account') return null;
    const account = this.#accounts.get(docId);
    const role = account && effectiveAccountRole(account.doc, member.memberId, state);
    if (role === 'owner') return null;
    if (role === 'collaborator') return { code: 'SYNC_NOT_AUTHORIZED', reason: `Member ${member.memberId} is a Collaborator on this account and cannot change it.` };
    // A grant through a team this device has not seen the member join yet: wait for the chain.
    return { code: 'SYNC_NOT_AUTHORIZED', reason: `Member ${member.memberId} holds no role on this account.`, retryable: true };
  }
}

/** The active Owner/Admin device of the most senior such member (ties: lowest device id). */
function designatedKeyRepairer(state: ChainState): string | undefined {
  const candidates = activeDevices(state)
    .map((d) => ({ deviceId: d.certificate.deviceId, member: state.members.get(d.memberId)! }))
    .filter(({ member }) => member.role === 'owner' || member.role === 'admin')
    .sort((a, b) => a.member.seniority - b.member.seniority || (a.deviceId < b.deviceId ? -1 : 1));
  return candidates[0]?.deviceId;
}
