// Concurrent edits of the same secret, as an Owner sees them: the shared account docs of the
// attached sync peers that keep more than one current value for a field (the multi-value
// registers of SharedAccountDoc), who wrote each and when (never the values), one value on
// explicit request, and the resolution: writing the chosen value, which replaces them all on
// every device once synced. Role checks and the audit log are the caller's (the IPC handler).
import { TesseraError } from '../errors';
import { parseDocId } from '../../protocol/doc-ids';
import type { SharedAccountDoc } from './shared-account-doc';
import type { SyncPeer } from './sync-peer';

export interface ConflictCandidate {
  id: string;
  deviceId: string;
  /** The name its owner gave the device (from its signed certificate), when this device knows it. */
  deviceName: string | null;
  memberId: string;
  at: number;
  /** Written on this device. */
  thisDevice: boolean;
}

export interface SecretConflict {
  field: string;
  candidates: ConflictCandidate[];
}

export class SecretConflicts {
  readonly #peers = new Set<SyncPeer>();

  /** `requireOwner`: the concurrent values of a secret are for the account's Owners (services.ts passes the person's roles). */
  constructor(private readonly access: { requireOwner(accountId: string): void } = { requireOwner: () => undefined }) {}

  attach(peer: SyncPeer): () => void {
    this.#peers.add(peer);
    return () => this.#peers.delete(peer);
  }

  clear(): void {
    this.#peers.clear();
  }

  /** The conflicted fields of the shared account whose doc names this local account id; [] when not shared. */
  list(accountId: string): SecretConflict[] {
    this.access.requireOwner(accountId);
    const found = this.#find(accountId);
    if (!found) return [];
    const me = found.peer.workspace.device.certificate.deviceId;
    return found.doc.conflicts().map((field) => ({
      field,
      candidates: found.doc.candidates(field).map((c) => ({
        ...c,
        // The team doc holds names; certificates made before names left the chain still carry one.
        deviceName: found.peer.team.doc.deviceName(c.deviceId) || found.peer.workspace.state.devices.get(c.deviceId)?.certificate.name || null,
        thisDevice: c.deviceId === me,
      })),
    }));
  }

  /** One candidate's value, decrypted with this device's item keys. */
  reveal(accountId: string, field: string, candidateId: string): string {
    this.access.requireOwner(accountId);
    const { peer, doc } = this.#conflicted(accountId, field);
    const state = doc.readSecret(field, doc.openItemKeys(peer.workspace.device));
    const candidate = state.status === 'conflict' ? state.candidates.find((c) => c.id === candidateId) : undefined;
    if (!candidate) throw new TesseraError('ITEM_NOT_FOUND', 'That value is no longer in conflict; reload the account.');
    return candidate.value;
  }

  /** Writes the chosen candidate's value as the field's only value; returns the peer to save. */
  resolve(accountId: string, field: string, candidateId: string): SyncPeer {
    this.access.requireOwner(accountId);
    const value = this.reveal(accountId, field, candidateId);
    const { peer, doc } = this.#conflicted(accountId, field);
    const [newest] = doc.openItemKeys(peer.workspace.device);
    if (!newest) throw new TesseraError('NOT_PERMITTED', 'This device holds no key for this account; ask another Owner to resolve it.');
    doc.writeSecret(field, value, newest, { deviceId: peer.workspace.device.certificate.deviceId, memberId: peer.memberId });
    return peer;
  }

  #conflicted(accountId: string, field: string): { peer: SyncPeer; doc: SharedAccountDoc } {
    const found = this.#find(accountId);
    if (!found || !found.doc.conflicts().includes(field)) throw new TesseraError('ITEM_NOT_FOUND', 'That value is no longer in conflict; reload the account.');
    return found;
  }

  #find(accountId: string): { peer: SyncPeer; doc: SharedAccountDoc } | undefined {
    for (const peer of this.#peers) {
      for (const doc of peer.accounts()) {
        const ref = parseDocId(doc.docId);
        if (ref?.kind === 'account' && ref.accountId === accountId) return { peer, doc };
      }
    }
    return undefined;
  }
}
