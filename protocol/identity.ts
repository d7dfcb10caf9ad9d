// A person's identity: an Ed25519 key pair plus a stable member id. The identity key only
// certifies devices; day-to-day signing is done by device keys. Also owns fingerprints
// (SHA-256 of a public key, shown in groups so two people can read them to each other).
import { randomBytes } from 'node:crypto';
import { bytesEqual, digest, fromBase64Url, toBase64Url } from './canonical-encoding';
import { curve25519 } from './curve25519';

export interface Identity {
  /** Random and stable; the team chain binds it to the identity key. */
  memberId: string;
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

export function createIdentity(): Identity {
  const { secretKey, publicKey } = curve25519.ed25519Keygen();
  return { memberId: newId(), publicKey, secretKey };
}

/** 128 random bits as base64url: member, device, team and epoch ids. */
export function newId(): string {
  return toBase64Url(new Uint8Array(randomBytes(16)));
}

/** Human-comparable fingerprint: the first 20 bytes of SHA-256, as 10 groups of 4 hex digits. */
export function fingerprint(publicKey: Uint8Array): string {
  const hex = Buffer.from(digest(publicKey).subarray(0, 20)).toString('hex').toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}

/** Compact machine form of a fingerprint (full SHA-256, base64url), used in invitation codes. */
export function fingerprintId(publicKey: Uint8Array): string {
  return toBase64Url(digest(publicKey));
}

export function sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  return curve25519.ed25519Sign(secretKey, message);
}

/** False for any malformed key or signature, never a throw. */
export function verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  return curve25519.ed25519Verify(publicKey, message, signature);
}

export function samePublicKey(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const bytes = (k: string | Uint8Array) => (typeof k === 'string' ? fromBase64Url(k, 'public key') : k);
  return bytesEqual(bytes(a), bytes(b));
}
