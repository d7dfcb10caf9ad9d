// Authenticated encryption for everything the vault stores: XChaCha20-Poly1305 with a
// random 24-byte nonce (safe to draw at random, unlike 12-byte nonces), stored as
// nonce ‖ ciphertext ‖ tag. Also owns the one canonical AAD encoding, so every caller
// binds its context (format version, vault id, item id, field set, version) the same way.
// The cipher itself is xchacha20-poly1305.ts (native where the runtime has it).
import { randomBytes } from 'node:crypto';
import { XCHACHA_NONCE_BYTES, XCHACHA_TAG_BYTES, xchacha20poly1305 } from './xchacha20-poly1305';

export const NONCE_BYTES = XCHACHA_NONCE_BYTES;
export const TAG_BYTES = XCHACHA_TAG_BYTES;
/** Bumped when the on-disk encoding changes; part of every AAD. */
export const FORMAT_VERSION = 1;

const AAD_PREFIX = new TextEncoder().encode('tessera.aad');

/**
 * Length-prefixed, so ('ab','c') and ('a','bc') never encode alike. The format version
 * always comes first.
 */
export function encodeAad(context: string, ...parts: ReadonlyArray<string | number>): Uint8Array {
  const encoder = new TextEncoder();
  const chunks = [String(FORMAT_VERSION), context, ...parts.map(String)].map((p) => encoder.encode(p));
  const total = AAD_PREFIX.length + chunks.reduce((n, c) => n + 4 + c.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(AAD_PREFIX, 0);
  let offset = AAD_PREFIX.length;
  for (const chunk of chunks) {
    view.setUint32(offset, chunk.length);
    out.set(chunk, offset + 4);
    offset += 4 + chunk.length;
  }
  return out;
}

export function seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const nonce = new Uint8Array(randomBytes(NONCE_BYTES));
  const ciphertext = xchacha20poly1305.seal(key, nonce, plaintext, aad);
  const out = new Uint8Array(NONCE_BYTES + ciphertext.length);
  out.set(nonce, 0);
  out.set(ciphertext, NONCE_BYTES);
  return out;
}

/** Returns null when the box was altered, truncated, sealed under another key or another AAD. */
export function open(key: Uint8Array, box: Uint8Array, aad: Uint8Array): Uint8Array | null {
  if (box.length < NONCE_BYTES + TAG_BYTES) return null;
  try {
    return xchacha20poly1305.open(key, box.subarray(0, NONCE_BYTES), box.subarray(NONCE_BYTES), aad);
  } catch {
    return null;
  }
}

export function sealJson(key: Uint8Array, value: unknown, aad: Uint8Array): Uint8Array {
  return seal(key, new TextEncoder().encode(JSON.stringify(value)), aad);
}

/** Undefined (never a JSON value) when authentication fails or the plaintext is not JSON. */
export function openJson(key: Uint8Array, box: Uint8Array, aad: Uint8Array): unknown {
  const plain = open(key, box, aad);
  if (plain === null) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(plain)) as unknown;
  } catch {
    return undefined;
  }
}
