// One shared account as a Y.Doc: metadata, grants (who is Owner or Collaborator), the item
// key sealed to every device that may use the account, and secret fields encrypted under
// that item key. A secret field is a multi-value register: each write lists the values it
// replaces, so two concurrent writes both survive as a conflict an Owner resolves.
import * as Y from 'yjs';
import { randomBytes } from 'node:crypto';
import { TesseraError } from '../errors';
import { open, seal } from '../crypto/aead';
import { encodeFields, fromBase64Url, toBase64Url } from '../../protocol/canonical-encoding';
import type { DeviceCertificate, DeviceKeys } from './device-keys';
import { parseDocId } from '../../protocol/doc-ids';
import { newId } from '../../protocol/identity';
import { openSealed, sealToDevice } from './key-sealing';
import type { ChainState } from '../../protocol/team-chain';

export type AccountRole = 'owner' | 'collaborator';
/** The secret field that carries an unsettled rotation's candidate (main/sharing/rotation-markers.ts). */
export const ROTATION_MARKER_FIELD = 'rotation';
/** Account metadata sealed under the item key (as `meta:<field>` values). */
export type MetaField = 'name' | 'username' | 'url';
/** `member:<memberId>`, `team:<teamId>` or `partner:<partnerId>` (always Collaborator; its Managers grant it on: protocol/chain-partners.ts). */
export type Principal = `member:${string}` | `team:${string}` | `partner:${string}`;

/**
 * Versions grow with each re-key; the id (`<version>.<random>`) keeps two devices that
 * re-key concurrently from overwriting each other's key: both are sealed, both open.
 */
export interface ItemKey {
  id: string;
  version: number;
  key: Uint8Array;
}

export function newItemKey(version = 1): ItemKey {
  return { id: `${version}.${newId()}`, version, key: new Uint8Array(randomBytes(32)) };
}

interface Candidate {
  field: string;
  box: string;
  keyId: string;
  deviceId: string;
  memberId: string;
  at: number;
  supersedes: string[];
}

export type SecretState =
  | { status: 'empty' }
  | { status: 'set'; value: string }
  | { status: 'conflict'; candidates: { id: string; value: string; memberId: string; at: number }[] };

export class SharedAccountDoc {
  constructor(
    readonly docId: string,
    readonly doc: Y.Doc = new Y.Doc(),
  ) {
    // Yjs renders a top-level type only once it is defined locally: define them all up front.
    for (const name of ['meta', 'grants', 'itemKeys', 'secrets']) doc.getMap(name);
  }

  get #meta(): Y.Map<string> {
    return this.doc.getMap('meta');
  }
  get #grants(): Y.Map<AccountRole> {
    return this.doc.getMap('grants');
  }
  get #itemKeys(): Y.Map<string> {
    return this.doc.getMap('itemKeys');
  }
  /** Flat on purpose: a nested map per field, created concurrently on two devices, would keep only one. */
  get #secrets(): Y.Map<Candidate> {
    return this.doc.getMap('secrets');
  }

  /** Values of a field that no other value replaces (keyed by candidate id). */
  #current(field: string): Map<string, Candidate> {
    const all = [...this.#secrets.entries()].filter(([, c]) => c.field === field);
    const superseded = new Set(all.flatMap(([, c]) => c.supersedes));
    return new Map(all.filter(([id]) => !superseded.has(id)).sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  // --- metadata and grants -------------------------------------------------------------

  setMeta(fields: Record<string, string>): void {
    this.doc.transact(() => {
      for (const [key, value] of Object.entries(fields)) this.#meta.set(key, value);
    });
  }

  /**
   * Plaintext metadata of docs written before it was sealed (readable by every member device
   * holding the epoch key); new writes keep name, username and URL as `meta:` secret fields
   * under the item key (sealedMeta), and clearMeta drops these old values.
   */
  meta(): Record<string, string> {
    return this.#meta.toJSON() as Record<string, string>;
  }

  clearMeta(): void {
    this.doc.transact(() => {
      for (const key of [...this.#meta.keys()]) this.#meta.delete(key);
    });
  }

  /**
   * A metadata field sealed under the item key, readable only by devices of people with a
   * role on the account: the newest value when two edits were concurrent (names are not
   * worth a conflict), undefined when empty or not readable with these keys.
   */
  sealedMeta(field: MetaField, keys: readonly ItemKey[]): string | undefined {
    const current = [...this.#current(`meta:${field}`)].sort(([, a], [, b]) => b.at - a.at);
    for (const [id, c] of current) {
      try {
        return new TextDecoder().decode(this.#decrypt(id, c, keys));
      } catch {
        continue;
      }
    }
    return undefined;
  }

  grant(principal: Principal, role: AccountRole): void {
    this.#grants.set(principal, role);
  }

  revokeGrant(principal: Principal): void {
    this.#grants.delete(principal);
  }

  grants(): Map<Principal, AccountRole> {
    return new Map(this.#grants.entries() as IterableIterator<[Principal, AccountRole]>);
  }

  // --- item keys -----------------------------------------------------------------------

  sealItemKey(itemKey: ItemKey, devices: readonly DeviceCertificate[]): void {
    this.doc.transact(() => {
      for (const cert of devices) {
        this.#itemKeys.set(`${itemKey.id}/${cert.deviceId}`, toBase64Url(sealToDevice(cert.exchangeKey, itemKey.key, this.#keyContext(itemKey.id, cert.deviceId))));
      }
    });
  }

  /** Every item key sealed to this device, newest first (older ones still open values not yet re-keyed). */
  openItemKeys(device: DeviceKeys): ItemKey[] {
    const me = device.certificate.deviceId;
    const keys: ItemKey[] = [];
    for (const [slot, box] of this.#itemKeys.entries()) {
      const [id, deviceId] = slot.split('/') as [string, string];
      if (deviceId !== me) continue;
      const key = openSealed(device.exchangeSecretKey, fromBase64Url(box), this.#keyContext(id, me));
      if (key) keys.push({ id, version: Number(id.split('.')[0]), key });
    }
    return keys.sort((a, b) => b.version - a.version || (a.id < b.id ? -1 : 1));
  }

  /** Devices the newest key version is sealed to: who can read the secrets now. */
  keyHolders(): { version: number; deviceIds: string[] } {
    const slots = [...this.#itemKeys.keys()].map((k) => k.split('/') as [string, string]);
    const versionOf = (id: string) => Number(id.split('.')[0]);
    const version = Math.max(0, ...slots.map(([id]) => versionOf(id)));
    return { version, deviceIds: [...new Set(slots.filter(([id]) => versionOf(id) === version).map(([, d]) => d))].sort() };
  }

  /** Every device any key version was ever sealed to: who could have read a secret at some point. */
  everKeyHolders(): Set<string> {
    return new Set([...this.#itemKeys.keys()].map((k) => k.split('/')[1]!));
  }

  #keyContext(keyId: string, deviceId: string): string[] {
    return ['account-item-key', this.docId, keyId, deviceId];
  }

  // --- secrets ---------------------------------------------------------------------------

  writeSecret(field: string, value: string, access: ItemKey, author: { deviceId: string; memberId: string }, now = Date.now()): void {
    const replaced = [...this.#current(field).keys()];
    const id = `${author.deviceId}:${newId()}`;
    this.doc.transact(() => {
      this.#secrets.set(id, {
        field,
        box: toBase64Url(seal(access.key, new TextEncoder().encode(value), this.#secretAad(field, id, access.id))),
        keyId: access.id,
        deviceId: author.deviceId,
        memberId: author.memberId,
        at: now,
        supersedes: replaced,
      });
      for (const old of replaced) this.#secrets.delete(old);
    });
  }

  readSecret(field: string, keys: readonly ItemKey[]): SecretState {
    const current = [...this.#current(field)];
    if (!current.length) return { status: 'empty' };
    const opened = current.map(([id, c]) => ({ id, value: new TextDecoder().decode(this.#decrypt(id, c, keys)), memberId: c.memberId, at: c.at }));
    return opened.length === 1 ? { status: 'set', value: opened[0]!.value } : { status: 'conflict', candidates: opened };
  }

  /** Who wrote each current value of a field, and when; never the values. */
  candidates(field: string): { id: string; deviceId: string; memberId: string; at: number }[] {
    return [...this.#current(field)].map(([id, c]) => ({ id, deviceId: c.deviceId, memberId: c.memberId, at: c.at }));
  }

  /**
   * Fields with more than one current value: an Owner must choose (writeSecret replaces them
   * all). Sealed metadata takes the newest instead, and so does the rotation marker.
   */
  conflicts(): string[] {
    return this.#fields().filter((f) => !f.startsWith('meta:') && f !== ROTATION_MARKER_FIELD && this.#current(f).size > 1);
  }

  /** Re-encrypts every current value under a new key version (after a removal) and seals it to the given devices. */
  rekey(oldKeys: readonly ItemKey[], devices: readonly DeviceCertificate[]): ItemKey {
    const next = newItemKey(this.keyHolders().version + 1);
    this.doc.transact(() => {
      for (const field of this.#fields()) {
        for (const [id, c] of this.#current(field)) {
          const value = this.#decrypt(id, c, oldKeys);
          this.#secrets.set(id, { ...c, keyId: next.id, box: toBase64Url(seal(next.key, value, this.#secretAad(field, id, next.id))) });
        }
      }
      this.sealItemKey(next, devices);
    });
    return next;
  }

  #fields(): string[] {
    return [...new Set([...this.#secrets.values()].map((c) => c.field))].sort();
  }

  #decrypt(id: string, c: Candidate, keys: readonly ItemKey[]): Uint8Array {
    const key = keys.find((k) => k.id === c.keyId);
    const plain = key && open(key.key, fromBase64Url(c.box), this.#secretAad(c.field, id, c.keyId));
    if (!plain) throw new TesseraError('ITEM_CORRUPT', `The value of ${c.field} cannot be decrypted with the keys this device holds.`);
    return plain;
  }

  #secretAad(field: string, candidateId: string, keyId: string): Uint8Array {
    return encodeFields('tessera.sync.account-secret.v1', [this.docId, field, candidateId, keyId]);
  }
}

/**
 * A member's role on an account: the strongest of their direct grant and their teams'
 * grants, capped at Collaborator for Login-Only members and Guests. Until anyone holds the
 * Owner role, the member who created the doc is its Owner. A grant to a partner reaches its
 * Managers and the members they granted this account to, as Collaborators only.
 */
export function effectiveAccountRole(account: SharedAccountDoc, memberId: string, chain: ChainState): AccountRole | null {
  const member = chain.members.get(memberId);
  if (!member?.active) return null;
  const grants = account.grants();
  const roles: AccountRole[] = [];
  const direct = grants.get(`member:${memberId}`);
  if (direct) roles.push(direct);
  for (const [teamId, members] of chain.teams) {
    const viaTeam = grants.get(`team:${teamId}`);
    if (viaTeam && members.has(memberId)) roles.push(viaTeam);
  }
  for (const [partnerId, partner] of chain.partners) {
    if (!partner.active || !grants.has(`partner:${partnerId}`)) continue;
    if (partner.managers.has(memberId) || partner.grants.get(account.docId)?.has(memberId)) roles.push('collaborator');
  }
  // The doc id is parsed only while nobody holds the Owner role (asked for every account on every chain change).
  if (![...grants.values()].includes('owner')) {
    const ref = parseDocId(account.docId);
    if (ref?.kind === 'account' && ref.creatorMemberId === memberId) roles.push('owner');
  }
  if (!roles.length) return null;
  const strongest: AccountRole = roles.includes('owner') ? 'owner' : 'collaborator';
  return member.role === 'login-only' || member.role === 'guest' ? 'collaborator' : strongest;
}
