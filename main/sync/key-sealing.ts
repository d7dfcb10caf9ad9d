// Seals a small secret (an epoch key, an item key) to one device's X25519 key: a fresh
// ephemeral key pair, X25519, HKDF-SHA256 bound to both public keys, XChaCha20-Poly1305.
// Box layout: ephemeral public key (32) ‖ nonce (24) ‖ ciphertext ‖ tag (16). X25519 is native
// where the runtime has it (protocol/curve25519.ts). Within a sealing batch (one synchronous
// turn that seals many secrets, a bulk share), the boxes for one device share its ephemeral
// key and so its box key, each with its own random nonce and context: one key agreement per
// device instead of one per box; the box layout and opening are the same.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { open, seal } from '../crypto/aead';
import { encodeFields, fromBase64Url } from '../../protocol/canonical-encoding';
import { curve25519 } from '../../protocol/curve25519';

const EPHEMERAL_BYTES = 32;
const INFO = new TextEncoder().encode('tessera.sync.seal.v1');

function boxKey(shared: Uint8Array, ephemeralPublic: Uint8Array, recipientPublic: Uint8Array): Uint8Array {
  const salt = new Uint8Array(EPHEMERAL_BYTES * 2);
  salt.set(ephemeralPublic, 0);
  salt.set(recipientPublic, EPHEMERAL_BYTES);
  return hkdf(sha256, shared, salt, INFO, 32);
}

interface BoxKey {
  ephemeralPublic: Uint8Array;
  key: Uint8Array;
}

/** The box keys of the running sealing batch, by recipient exchange key (undefined outside one). */
let batch: Map<string, BoxKey> | undefined;

function agree(recipientExchangeKey: string): BoxKey {
  const recipientPublic = fromBase64Url(recipientExchangeKey, 'exchange key');
  const ephemeral = curve25519.x25519Ephemeral(recipientPublic);
  const key = boxKey(ephemeral.sharedSecret, ephemeral.publicKey, recipientPublic);
  ephemeral.sharedSecret.fill(0);
  return { ephemeralPublic: ephemeral.publicKey, key };
}

/**
 * Runs `work` (synchronous) as one sealing batch: every box it seals to the same device uses
 * one ephemeral key agreement (each box keeps its own random nonce and context). The box
 * keys are zeroed when `work` returns or throws; a batch inside a batch joins the outer one.
 */
export function sealingBatch<T>(work: () => T): T {
  if (batch) return work();
  const keys = new Map<string, BoxKey>();
  batch = keys;
  try {
    return work();
  } finally {
    batch = undefined;
    for (const { key } of keys.values()) key.fill(0);
  }
}

/** `context` names what is sealed and for whom (e.g. workspace and device ids); it is bound as AAD. */
export function sealToDevice(recipientExchangeKey: string, secret: Uint8Array, context: readonly string[]): Uint8Array {
  let agreed = batch?.get(recipientExchangeKey);
  if (!agreed) {
    agreed = agree(recipientExchangeKey);
    batch?.set(recipientExchangeKey, agreed);
  }
  const box = seal(agreed.key, secret, encodeFields('tessera.sync.sealed', context));
  if (!batch) agreed.key.fill(0);
  const out = new Uint8Array(EPHEMERAL_BYTES + box.length);
  out.set(agreed.ephemeralPublic, 0);
  out.set(box, EPHEMERAL_BYTES);
  return out;
}

/** Null when the box is not for this key, was altered, or was sealed under another context. */
export function openSealed(exchangeSecretKey: Uint8Array, sealed: Uint8Array, context: readonly string[]): Uint8Array | null {
  if (sealed.length <= EPHEMERAL_BYTES) return null;
  const ephemeralPublic = sealed.subarray(0, EPHEMERAL_BYTES);
  try {
    const recipientPublic = curve25519.x25519PublicKey(exchangeSecretKey);
    const shared = curve25519.x25519SharedSecret(exchangeSecretKey, ephemeralPublic);
    const key = boxKey(shared, ephemeralPublic, recipientPublic);
    shared.fill(0);
    const plain = open(key, sealed.subarray(EPHEMERAL_BYTES), encodeFields('tessera.sync.sealed', context));
    key.fill(0);
    return plain;
  } catch {
    return null;
  }
}
