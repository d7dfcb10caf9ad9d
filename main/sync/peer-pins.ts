// Trust on first use for peers' identity keys: the first key seen for a member is pinned;
// a different key later blocks sync with that member (SYNC_KEY_CHANGED) until a person
// confirms the change, having checked the new fingerprint with its owner.
import { TesseraError } from '../errors';
import { fingerprint } from '../../protocol/identity';
import { fromBase64Url } from '../../protocol/canonical-encoding';

export type PinState = Record<string, { key: string; offered?: string }>;

export class PeerPins {
  readonly #pins: Map<string, { key: string; offered?: string }>;

  constructor(state: PinState = {}) {
    this.#pins = new Map(Object.entries(state).map(([peer, pin]) => [peer, { ...pin }]));
  }

  /** Pins an unknown peer; throws SYNC_KEY_CHANGED for a known peer presenting another key. */
  check(peerId: string, identityKey: string): void {
    const pin = this.#pins.get(peerId);
    if (!pin) {
      this.#pins.set(peerId, { key: identityKey });
      return;
    }
    if (pin.key === identityKey && !pin.offered) return;
    if (pin.key !== identityKey) pin.offered = identityKey;
    throw new TesseraError(
      'SYNC_KEY_CHANGED',
      `The identity key of ${peerId} changed (new fingerprint ${fingerprint(fromBase64Url(pin.offered!))}). Sync with them is paused until you confirm the new key with them.`,
    );
  }

  isBlocked(peerId: string): boolean {
    return !!this.#pins.get(peerId)?.offered;
  }

  pendingChange(peerId: string): { pinned: string; offered: string } | undefined {
    const pin = this.#pins.get(peerId);
    return pin?.offered ? { pinned: pin.key, offered: pin.offered } : undefined;
  }

  /** Accepts the offered key only: confirming a key nobody presented would be a blind trust. */
  confirmKeyChange(peerId: string, identityKey: string): void {
    const pin = this.#pins.get(peerId);
    if (!pin?.offered || pin.offered !== identityKey) {
      throw new TesseraError('INVALID_INPUT', `There is no pending key change for ${peerId} with that key.`);
    }
    this.#pins.set(peerId, { key: identityKey });
  }

  toJSON(): PinState {
    return Object.fromEntries([...this.#pins].map(([peer, pin]) => [peer, { ...pin }]));
  }
}
