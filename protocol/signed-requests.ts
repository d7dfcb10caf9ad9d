// Signed HTTP requests from a device to a relay: an Ed25519 signature over the purpose, the
// method, the route, the workspace, the time and the body's SHA-256, in one header
// (`key=<signer id>;at=<ms>;sig=<signature>`). The relay decides which signer ids count (the
// workspace's current relay-access key for share links; an Owner or Admin device, as its team
// chain says, for SCIM settings) and looks up their public key; a request more than five
// minutes away from the relay's clock is refused, and so is one whose signature the relay has
// already accepted (`firstUse`: a captured request cannot be sent again within those minutes).
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeFields, fromBase64Url, toBase64Url } from './canonical-encoding';

/** How far a signed request's time may be from the relay's clock. */
export const REQUEST_SKEW_MS = 5 * 60_000;

export interface RequestSigner {
  /** What the relay looks the public key up by (a public key itself, or a device id). */
  id: string;
  secretKey: Uint8Array;
}

function signedBytes(purpose: string, method: string, path: string, workspaceId: string, at: number, body: Uint8Array): Uint8Array {
  return encodeFields(purpose, [method.toUpperCase(), path, workspaceId, String(at), toBase64Url(sha256(body))]);
}

let lastAt = 0;
/** Now, but never the same millisecond twice in this process: two identical requests sent at once get two signatures (the relay refuses a signature it has seen). */
function nextAt(): number {
  lastAt = Math.max(Date.now(), lastAt + 1);
  return lastAt;
}

export function signRequest(purpose: string, method: string, path: string, workspaceId: string, body: Uint8Array, signer: RequestSigner, at = nextAt()): string {
  return `key=${signer.id};at=${at};sig=${toBase64Url(ed25519.sign(signedBytes(purpose, method, path, workspaceId, at, body), signer.secretKey))}`;
}

/**
 * Asked once a signature is valid and timely: false when it was seen before (a replay). The
 * relay remembers each accepted signature until `expiresAt`, when its time falls out of the skew.
 */
export type FirstUse = (signature: string, expiresAt: number) => boolean;

/** The signer id when the header is its valid, timely, first-seen signature of this request (and `publicKeyOf` knows it), else undefined. */
export function verifyRequest(
  purpose: string, header: string | undefined, method: string, path: string, workspaceId: string, body: Uint8Array,
  publicKeyOf: (id: string) => string | undefined, now = Date.now(), firstUse?: FirstUse,
): string | undefined {
  if (!header || header.length > 512) return undefined;
  const fields = new Map(header.split(';').map((part) => {
    const eq = part.indexOf('=');
    return [part.slice(0, eq).trim(), part.slice(eq + 1).trim()] as const;
  }));
  const id = fields.get('key');
  const at = Number(fields.get('at'));
  const signature = fields.get('sig');
  const publicKey = id ? publicKeyOf(id) : undefined;
  if (!id || !publicKey || !signature || !Number.isSafeInteger(at) || Math.abs(now - at) > REQUEST_SKEW_MS) return undefined;
  let valid: boolean;
  try {
    valid = ed25519.verify(fromBase64Url(signature), signedBytes(purpose, method, path, workspaceId, at, body), fromBase64Url(publicKey));
  } catch {
    return undefined;
  }
  // Remembered only once valid: a forged header cannot fill the relay's memory.
  return valid && (firstUse?.(signature, at + REQUEST_SKEW_MS) ?? true) ? id : undefined;
}
