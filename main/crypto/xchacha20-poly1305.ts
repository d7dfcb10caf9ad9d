// XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha), native where the runtime has it: HChaCha20
// turns the key and the nonce's first 16 bytes into a sub-key, and node:crypto's
// 'chacha20-poly1305' (OpenSSL in Node; BoringSSL in Electron may lack it) seals with that
// sub-key and the nonce 0000 ‖ nonce[16..24] — the same bytes @noble/ciphers produces, tens of
// times faster than its pure JS. At load the native path must reproduce the draft's test vector
// and refuse a changed tag; when it cannot, @noble/ciphers (loaded only then) does the work.
import { createCipheriv, createDecipheriv, getCiphers, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as NobleChaChaModule from '@noble/ciphers/chacha.js';
import { hchacha20 } from './hchacha20';

export const XCHACHA_KEY_BYTES = 32;
export const XCHACHA_NONCE_BYTES = 24;
export const XCHACHA_TAG_BYTES = 16;

export interface XChaCha20Poly1305 {
  readonly name: 'node:crypto' | '@noble/ciphers';
  /** Ciphertext ‖ 16-byte tag. */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /** The plaintext, or null when the tag does not match (altered, another key, another AAD, too short). */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null;
}

function checkSizes(key: Uint8Array, nonce: Uint8Array): void {
  if (key.length !== XCHACHA_KEY_BYTES || nonce.length !== XCHACHA_NONCE_BYTES) throw new TypeError('XChaCha20-Poly1305 takes a 32-byte key and a 24-byte nonce');
}

type NobleChaCha = typeof NobleChaChaModule;
let noble: NobleChaCha | undefined;
/** @noble/ciphers only where it is used: a runtime whose native path works never loads it. */
const nobleCipher = (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array) =>
  (noble ??= createRequire(import.meta.url)('@noble/ciphers/chacha.js') as NobleChaCha).xchacha20poly1305(key, nonce, aad);

export const nobleXChaCha20Poly1305: XChaCha20Poly1305 = {
  name: '@noble/ciphers',
  seal: (key, nonce, plaintext, aad) => {
    checkSizes(key, nonce);
    return nobleCipher(key, nonce, aad).encrypt(plaintext);
  },
  open: (key, nonce, sealed, aad) => {
    checkSizes(key, nonce);
    if (sealed.length < XCHACHA_TAG_BYTES) return null;
    try {
      return nobleCipher(key, nonce, aad).decrypt(sealed);
    } catch {
      return null;
    }
  },
};

const CIPHER = 'chacha20-poly1305';
const asBytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/** The ChaCha20-Poly1305 (RFC 8439) sub-key and 12-byte nonce that XChaCha20 reduces to. */
function reduce(key: Uint8Array, nonce: Uint8Array): { subKey: Uint8Array; iv: Uint8Array } {
  checkSizes(key, nonce);
  const iv = new Uint8Array(12);
  iv.set(nonce.subarray(16, 24), 4);
  return { subKey: hchacha20(key, nonce.subarray(0, 16)), iv };
}

export const nodeXChaCha20Poly1305: XChaCha20Poly1305 = {
  name: 'node:crypto',
  seal: (key, nonce, plaintext, aad) => {
    const { subKey, iv } = reduce(key, nonce);
    try {
      const cipher = createCipheriv(CIPHER, subKey, iv, { authTagLength: XCHACHA_TAG_BYTES });
      cipher.setAAD(aad, { plaintextLength: plaintext.length });
      const out = new Uint8Array(plaintext.length + XCHACHA_TAG_BYTES);
      const body = cipher.update(plaintext);
      out.set(body, 0);
      out.set(cipher.final(), body.length);
      out.set(cipher.getAuthTag(), plaintext.length);
      return out;
    } finally {
      subKey.fill(0);
    }
  },
  open: (key, nonce, sealed, aad) => {
    const { subKey, iv } = reduce(key, nonce);
    if (sealed.length < XCHACHA_TAG_BYTES) return null;
    const length = sealed.length - XCHACHA_TAG_BYTES;
    let plain: Buffer | undefined;
    try {
      const decipher = createDecipheriv(CIPHER, subKey, iv, { authTagLength: XCHACHA_TAG_BYTES });
      decipher.setAAD(aad, { plaintextLength: length });
      decipher.setAuthTag(sealed.subarray(length));
      plain = decipher.update(sealed.subarray(0, length));
      // Throws when the tag does not match: the plaintext is never handed out unchecked.
      const rest = decipher.final();
      return asBytes(rest.length === 0 ? plain : Buffer.concat([plain, rest]));
    } catch {
      plain?.fill(0);
      return null;
    } finally {
      subKey.fill(0);
    }
  },
};

const hex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));
const equalBytes = (a: Uint8Array | null, b: Uint8Array): boolean => a !== null && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

/**
 * draft-irtf-cfrg-xchacha-03 §2.2.1 (HChaCha20) and §A.3.1 (the AEAD), a refused changed tag and
 * a fresh round trip: what an implementation must reproduce to be used.
 */
export function passesKnownAnswers(aead: XChaCha20Poly1305): boolean {
  try {
    const subKey = hchacha20(hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'), hex('000000090000004a0000000031415927'));
    const key = hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
    const nonce = hex('404142434445464748494a4b4c4d4e4f5051525354555657');
    const aad = hex('50515253c0c1c2c3c4c5c6c7');
    const plaintext = new TextEncoder().encode("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
    const expected = hex(
      'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452' +
        '2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13b52e' +
        'c0875924c1c7987947deafd8780acf49',
    );
    const bent = new Uint8Array(expected);
    bent[bent.length - 1]! ^= 1;
    const freshKey = new Uint8Array(randomBytes(XCHACHA_KEY_BYTES));
    const freshNonce = new Uint8Array(randomBytes(XCHACHA_NONCE_BYTES));
    return (
      equalBytes(subKey, hex('82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc')) &&
      equalBytes(aead.seal(key, nonce, plaintext, aad), expected) &&
      equalBytes(aead.open(key, nonce, expected, aad), plaintext) &&
      aead.open(key, nonce, bent, aad) === null &&
      equalBytes(aead.open(freshKey, freshNonce, aead.seal(freshKey, freshNonce, new Uint8Array(0), aad), aad), new Uint8Array(0))
    );
  } catch {
    return false;
  }
}

/**
 * The native implementation when the runtime lists the cipher and `native` passes the known
 * answers, else @noble/ciphers. Parameters for tests: a runtime without it, a broken native path.
 */
export function chooseXChaCha20Poly1305(ciphers: readonly string[] = getCiphers(), native: XChaCha20Poly1305 = nodeXChaCha20Poly1305): XChaCha20Poly1305 {
  return ciphers.includes(CIPHER) && passesKnownAnswers(native) ? native : nobleXChaCha20Poly1305;
}

/** What every caller uses: native when this runtime passes the known answers, @noble/ciphers otherwise. */
export const xchacha20poly1305: XChaCha20Poly1305 = chooseXChaCha20Poly1305();
