// An interrupted rotation, as everyone the account is shared with sees it: the `rotation`
// secret field of the account's doc, sealed under the item key like the password, holds the
// candidate of a rotation an Owner's device submitted and has not settled (written before the
// submit, cleared once it settles: rotation-marker-publisher.ts). A device that materializes
// the account (a Collaborator's, or another Owner's) keeps it with the account's sealed sync
// record (shared-accounts.ts), so its logins try it when the stored password is stale
// (LoginService) instead of failing with a wrong-password outcome while the rotating device
// is switched off.
import { effectiveAccountRole, ROTATION_MARKER_FIELD, type ItemKey, type SharedAccountDoc, type SyncPeer } from '../sync';

/** A submitted candidate of an unsettled rotation. */
export interface RotationMarker {
  rotationId: string;
  candidate: string;
  /** When the rotating device submitted it (ms since the epoch). */
  since: number;
}

function parseMarker(text: string): RotationMarker | null {
  if (text === '') return null;
  try {
    const value = JSON.parse(text) as Partial<RotationMarker>;
    if (typeof value.rotationId === 'string' && typeof value.candidate === 'string' && value.candidate !== '' && typeof value.since === 'number') {
      return { rotationId: value.rotationId, candidate: value.candidate, since: value.since };
    }
  } catch {
    // A value this version cannot read is no marker.
  }
  return null;
}

/** The doc's marker; null when there is none or it cannot be read with these keys. */
export function readRotationMarker(doc: SharedAccountDoc, keys: readonly ItemKey[]): RotationMarker | null {
  if (!keys.length || doc.candidates(ROTATION_MARKER_FIELD).length === 0) return null;
  try {
    const state = doc.readSecret(ROTATION_MARKER_FIELD, keys);
    // Two Owner devices rotating at once (the lease keeps one per vault, not per workspace): the newest wins.
    if (state.status === 'conflict') return state.candidates.map((c) => parseMarker(c.value)).filter((m) => m !== null).sort((a, b) => b.since - a.since)[0] ?? null;
    return state.status === 'set' ? parseMarker(state.value) : null;
  } catch {
    return null;
  }
}

/**
 * Writes `marker` (or clears the field with null) when the doc says otherwise. Owners only;
 * a clear only replaces markers this device wrote. Returns whether anything was written.
 */
export function writeRotationMarker(peer: SyncPeer, doc: SharedAccountDoc, marker: RotationMarker | null): boolean {
  if (effectiveAccountRole(doc, peer.memberId, peer.workspace.state) !== 'owner') return false;
  const keys = doc.openItemKeys(peer.workspace.device);
  const newest = keys[0];
  if (!newest) return false;
  const deviceId = peer.workspace.device.certificate.deviceId;
  if (marker === null) {
    // Only this device's own marker is cleared: another Owner's device may be settling its own rotation.
    const written = doc.candidates(ROTATION_MARKER_FIELD);
    if (written.length === 0 || written.some((c) => c.deviceId !== deviceId) || isCleared(doc, keys)) return false;
  } else if (sameMarker(readRotationMarker(doc, keys), marker)) {
    return false;
  }
  doc.writeSecret(ROTATION_MARKER_FIELD, marker ? JSON.stringify(marker) : '', newest, { deviceId, memberId: peer.memberId });
  return true;
}

function isCleared(doc: SharedAccountDoc, keys: readonly ItemKey[]): boolean {
  try {
    const state = doc.readSecret(ROTATION_MARKER_FIELD, keys);
    return state.status === 'empty' || (state.status === 'set' && state.value === '');
  } catch {
    return false;
  }
}

function sameMarker(a: RotationMarker | null, b: RotationMarker): boolean {
  return a !== null && a.rotationId === b.rotationId && a.candidate === b.candidate;
}
