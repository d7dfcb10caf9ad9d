// Ed25519 signatures and X25519 key agreement, native where the runtime has them: node:crypto
// (OpenSSL in Node, BoringSSL in Electron) signs in ~50 µs and verifies in ~150 µs where the
// pure-JS @noble/curves took 1–3 ms. Keys stay raw 32-byte values everywhere else; they are
// turned into KeyObjects here (secret keys through a fixed PKCS#8 prefix, public keys through
// JWK, several times faster than DER both ways) and the KeyObjects of long-lived keys are
// cached: secret keys by their buffer, checked against a keyed digest of its bytes (a buffer reused
// or zeroed by its owner is never answered from the cache; no plain copy is kept beside the
// KeyObject, which goes with the buffer), and the last few thousand public keys.
// At load the native path must reproduce the RFC 8032 and RFC 7748 test vectors; when it cannot
// (a runtime without Ed25519 or X25519), @noble/curves does the work. @noble/curves loads only when
// first needed (the fallback, or the subgroup check of a public key a verification meets), so a
// process that only signs (the CLI unlocking a vault) never loads it.
//
// Both paths accept exactly the same signatures, so devices (and relays) never disagree on one
// a key's holder crafted: the public key must decode canonically to a point of the prime-order
// subgroup (no small-order or mixed-order keys; checked once per key and cached), S < L, and
// R = [S]B − [k]A exactly. OpenSSL checks that cofactorless equation; noble checks the
// cofactored one, which is the same once R is also in the prime-order subgroup, so the noble
// path checks R too.
import { createHmac, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, randomBytes, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as NobleEd25519Module from '@noble/curves/ed25519.js';

export interface KeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

export interface Curve25519 {
  readonly name: 'node:crypto' | '@noble/curves';
  ed25519Keygen(): KeyPair;
  ed25519PublicKey(secretKey: Uint8Array): Uint8Array;
  ed25519Sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  /** False for any malformed key or signature, never a throw. */
  ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  x25519Keygen(): KeyPair;
  x25519PublicKey(secretKey: Uint8Array): Uint8Array;
  /** Throws for a malformed or low-order public key (an all-zero shared secret). */
  x25519SharedSecret(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /** A fresh ephemeral key pair agreed with `publicKey`: its public half and the shared secret (the secret half never leaves). */
  x25519Ephemeral(publicKey: Uint8Array): { publicKey: Uint8Array; sharedSecret: Uint8Array };
}

const KEY_BYTES = 32;
const MAX_CACHED_PUBLIC = 4096;
const MAX_CACHED_SECRET = 64;

type NobleEd25519 = typeof NobleEd25519Module;
let nobleModule: NobleEd25519 | undefined;
const noble = (): NobleEd25519 => (nobleModule ??= createRequire(import.meta.url)('@noble/curves/ed25519.js') as NobleEd25519);

/** A canonical encoding of a point in the prime-order subgroup other than the identity. */
function acceptableKey(publicKey: Uint8Array): boolean {
  try {
    const point = noble().ed25519.Point.fromBytes(publicKey, false);
    return !point.isSmallOrder() && point.isTorsionFree();
  } catch {
    return false;
  }
}

const acceptable = new Map<string, boolean>();
/** acceptableKey, remembered (two scalar multiplications in JS the first time). */
function acceptablePublicKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== KEY_BYTES) return false;
  const id = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('base64url');
  let ok = acceptable.get(id);
  if (ok === undefined) {
    ok = acceptableKey(publicKey);
    if (acceptable.size >= MAX_CACHED_PUBLIC) acceptable.clear();
    acceptable.set(id, ok);
  }
  return ok;
}

export const nobleCurve25519: Curve25519 = {
  name: '@noble/curves',
  ed25519Keygen: () => noble().ed25519.keygen(),
  ed25519PublicKey: (secretKey) => noble().ed25519.getPublicKey(secretKey),
  ed25519Sign: (secretKey, message) => noble().ed25519.sign(message, secretKey),
  ed25519Verify: (publicKey, message, signature) => {
    try {
      if (signature.length !== 2 * KEY_BYTES || !acceptablePublicKey(publicKey)) return false;
      const { ed25519 } = noble();
      return ed25519.Point.fromBytes(signature.subarray(0, KEY_BYTES)).isTorsionFree() && ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
  x25519Keygen: () => noble().x25519.keygen(),
  x25519PublicKey: (secretKey) => noble().x25519.getPublicKey(secretKey),
  x25519SharedSecret: (secretKey, publicKey) => noble().x25519.getSharedSecret(secretKey, publicKey),
  x25519Ephemeral: (publicKey) => {
    const { x25519 } = noble();
    const ephemeral = x25519.keygen();
    try {
      return { publicKey: ephemeral.publicKey, sharedSecret: x25519.getSharedSecret(ephemeral.secretKey, publicKey) };
    } finally {
      ephemeral.secretKey.fill(0);
    }
  },
};

// --- node:crypto ------------------------------------------------------------------------------

const PKCS8_PREFIX = {
  ed25519: Buffer.from('302e020100300506032b657004220420', 'hex'),
  x25519: Buffer.from('302e020100300506032b656e04220420', 'hex'),
} as const;
const JWK_CURVE = { ed25519: 'Ed25519', x25519: 'X25519' } as const;
type Curve = keyof typeof PKCS8_PREFIX;


function checkLength(bytes: Uint8Array, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== KEY_BYTES) throw new TypeError(`${what} must be ${KEY_BYTES} bytes`);
}

/** A random key for this process, so a cached digest says nothing about the secret key outside it. */
const DIGEST_KEY = randomBytes(32);
const secretDigest = (secretKey: Uint8Array): Buffer => createHmac('sha256', DIGEST_KEY).update(secretKey).digest();

function withPrefix(prefix: Buffer, key: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(prefix.length + key.length);
  prefix.copy(out, 0);
  out.set(key, prefix.length);
  return out;
}

/**
 * Secret KeyObjects by the buffer that holds the key, with a keyed digest of its bytes to notice a
 * buffer changed in place (zeroed on lock, reused): no second plain copy of a secret key is kept.
 */
class SecretKeyCache {
  #entries = new WeakMap<Uint8Array, { digest: Buffer; key: KeyObject; publicKey?: Uint8Array }>();
  #count = 0;
  constructor(private readonly curve: Curve) {}

  get(secretKey: Uint8Array): { key: KeyObject; publicKey?: Uint8Array } {
    checkLength(secretKey, 'secret key');
    const cached = this.#entries.get(secretKey);
    const digest = secretDigest(secretKey);
    if (cached && timingSafeEqual(cached.digest, digest)) return cached;
    const der = withPrefix(PKCS8_PREFIX[this.curve], secretKey);
    const entry = { digest, key: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
    der.fill(0);
    // A WeakMap forgets with its keys; the count only bounds how many distinct buffers a busy caller leaves behind.
    if (++this.#count > MAX_CACHED_SECRET) {
      this.#entries = new WeakMap();
      this.#count = 1;
    }
    this.#entries.set(secretKey, entry);
    return entry;
  }

  publicKey(secretKey: Uint8Array): Uint8Array {
    const entry = this.get(secretKey);
    entry.publicKey ??= rawPublicKey(createPublicKey(entry.key));
    return new Uint8Array(entry.publicKey);
  }
}

class PublicKeyCache {
  readonly #entries = new Map<string, KeyObject>();
  constructor(private readonly curve: Curve) {}

  get(publicKey: Uint8Array): KeyObject {
    checkLength(publicKey, 'public key');
    const x = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('base64url');
    let key = this.#entries.get(x);
    if (!key) {
      key = createPublicKey({ key: { kty: 'OKP', crv: JWK_CURVE[this.curve], x }, format: 'jwk' });
      if (this.#entries.size >= MAX_CACHED_PUBLIC) this.#entries.clear();
      this.#entries.set(x, key);
    }
    return key;
  }
}

function rawPublicKey(key: KeyObject): Uint8Array {
  return new Uint8Array(Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url'));
}

function rawSecretKey(key: KeyObject): Uint8Array {
  return new Uint8Array(Buffer.from(key.export({ format: 'jwk' }).d!, 'base64url'));
}

function nodeCurve25519(): Curve25519 {
  const edSecrets = new SecretKeyCache('ed25519');
  const edPublics = new PublicKeyCache('ed25519');
  const xSecrets = new SecretKeyCache('x25519');
  const xPublics = new PublicKeyCache('x25519');
  const keygen = (curve: Curve): KeyPair => {
    const pair = curve === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('x25519');
    return { secretKey: rawSecretKey(pair.privateKey), publicKey: rawPublicKey(pair.publicKey) };
  };
  return {
    name: 'node:crypto',
    ed25519Keygen: () => keygen('ed25519'),
    ed25519PublicKey: (secretKey) => edSecrets.publicKey(secretKey),
    ed25519Sign: (secretKey, message) => new Uint8Array(sign(null, message, edSecrets.get(secretKey).key)),
    ed25519Verify: (publicKey, message, signature) => {
      try {
        return signature.length === 2 * KEY_BYTES && acceptablePublicKey(publicKey) && verify(null, message, edPublics.get(publicKey), signature);
      } catch {
        return false;
      }
    },
    x25519Keygen: () => keygen('x25519'),
    x25519PublicKey: (secretKey) => xSecrets.publicKey(secretKey),
    x25519SharedSecret: (secretKey, publicKey) => new Uint8Array(diffieHellman({ privateKey: xSecrets.get(secretKey).key, publicKey: xPublics.get(publicKey) })),
    x25519Ephemeral: (publicKey) => {
      // The peer's key is usually a device's exchange key: cached like any public key.
      const peer = xPublics.get(publicKey);
      const ephemeral = generateKeyPairSync('x25519');
      return { publicKey: rawPublicKey(ephemeral.publicKey), sharedSecret: new Uint8Array(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: peer })) };
    },
  };
}

// --- choosing ---------------------------------------------------------------------------------

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

/**
 * RFC 8032 §7.1 test 3's public key, the one the known answers verify with. It is a point of the
 * prime-order subgroup (the tests check it with @noble/curves), so it is remembered as acceptable:
 * checking the runtime's native code at load then needs no @noble/curves.
 */
export const KNOWN_ANSWER_PUBLIC_KEY = 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025';
acceptable.set(Buffer.from(KNOWN_ANSWER_PUBLIC_KEY, 'hex').toString('base64url'), true);

/** RFC 8032 §7.1 test 3 and RFC 7748 §6.1, plus fresh round trips: what a runtime must reproduce to be used. */
export function passesKnownAnswers(curves: Curve25519): boolean {
  try {
    const seed = hex('c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7');
    const publicKey = hex(KNOWN_ANSWER_PUBLIC_KEY);
    const message = hex('af82');
    const signature = '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a';
    const alice = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const bobPublic = hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
    const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    const fresh = curves.ed25519Keygen();
    const nonce = new Uint8Array(randomBytes(16));
    const exchange = curves.x25519Keygen();
    const ephemeral = curves.x25519Ephemeral(exchange.publicKey);
    return (
      Buffer.from(curves.ed25519PublicKey(seed)).equals(publicKey) &&
      Buffer.from(curves.ed25519Sign(seed, message)).toString('hex') === signature &&
      curves.ed25519Verify(publicKey, message, hex(signature)) &&
      !curves.ed25519Verify(publicKey, hex('af83'), hex(signature)) &&
      Buffer.from(curves.ed25519PublicKey(fresh.secretKey)).equals(fresh.publicKey) &&
      curves.ed25519Verify(publicKey, nonce, curves.ed25519Sign(seed, nonce)) &&
      Buffer.from(curves.x25519SharedSecret(alice, bobPublic)).toString('hex') === shared &&
      Buffer.from(curves.x25519SharedSecret(exchange.secretKey, ephemeral.publicKey)).equals(ephemeral.sharedSecret)
    );
  } catch {
    return false;
  }
}

function nativeIfWorking(): Curve25519 | undefined {
  try {
    const native = nodeCurve25519();
    return passesKnownAnswers(native) ? native : undefined;
  } catch {
    return undefined;
  }
}

/** The node:crypto implementation when this runtime passes the known answers, else undefined. */
export const nativeCurve25519: Curve25519 | undefined = nativeIfWorking();

/** What every caller uses: native when available, @noble/curves otherwise. */
export const curve25519: Curve25519 = nativeCurve25519 ?? nobleCurve25519;
