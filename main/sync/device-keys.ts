// Per-device keys: an Ed25519 signing key (envelopes, chain entries) and an X25519 key
// (sealed epoch and item keys), bound to the owner's identity by a device certificate the
// identity key signs. Secret material leaves this module only as bytes, for the caller
// to store encrypted through a KeyStore (the vault implements one; tests use memory).
import { z } from 'zod';
import { TesseraError } from '../errors';
import { bytesEqual, fromBase64Url, toBase64Url, utf8 } from '../../protocol/canonical-encoding';
import { curve25519 } from '../../protocol/curve25519';
import { sign, type Identity } from '../../protocol/identity';
import { certificateBytes, deviceIdFor, type DeviceKeys, deviceCertificateSchema } from '../../protocol/device-certificate';

export { certificateProblem, deviceCertificateSchema, deviceIdFor, type DeviceCertificate, type DeviceKeys } from '../../protocol/device-certificate';

export function createDevice(identity: Identity, name: string, now = Date.now()): DeviceKeys {
  const signing = curve25519.ed25519Keygen();
  const exchange = curve25519.x25519Keygen();
  const unsigned = {
    deviceId: deviceIdFor(signing.publicKey),
    memberId: identity.memberId,
    identityKey: toBase64Url(identity.publicKey),
    signingKey: toBase64Url(signing.publicKey),
    exchangeKey: toBase64Url(exchange.publicKey),
    name,
    issuedAt: now,
  };
  const signature = toBase64Url(sign(identity.secretKey, certificateBytes(unsigned)));
  return { certificate: { ...unsigned, signature }, signingSecretKey: signing.secretKey, exchangeSecretKey: exchange.secretKey };
}

/**
 * The same device (same keys, same id) with a certificate that names no host: what a device
 * made before names left certificates re-issues, so the chains it joins from now on carry none.
 */
export function reissueWithoutName(identity: Identity, device: DeviceKeys): DeviceKeys {
  if (device.certificate.memberId !== identity.memberId) throw new TesseraError('INTERNAL', 'This device certificate belongs to another identity.');
  const { signature: _old, ...unsigned } = { ...device.certificate, name: '' };
  const signature = toBase64Url(sign(identity.secretKey, certificateBytes(unsigned)));
  return { ...device, certificate: { ...unsigned, signature } };
}

// --- secret material as bytes -------------------------------------------------------------

const identitySecretSchema = z.object({ v: z.literal(1), kind: z.literal('identity'), memberId: z.string(), secretKey: z.string() });
const deviceSecretSchema = z.object({
  v: z.literal(1),
  kind: z.literal('device'),
  certificate: deviceCertificateSchema,
  signingSecretKey: z.string(),
  exchangeSecretKey: z.string(),
});

export function serializeIdentity(identity: Identity): Uint8Array {
  return utf8(JSON.stringify({ v: 1, kind: 'identity', memberId: identity.memberId, secretKey: toBase64Url(identity.secretKey) }));
}

export function deserializeIdentity(bytes: Uint8Array): Identity {
  const parsed = identitySecretSchema.safeParse(parseJson(bytes));
  if (!parsed.success) throw new TesseraError('SYNC_MALFORMED', 'The stored identity key is unreadable.');
  const secretKey = fromBase64Url(parsed.data.secretKey, 'identity secret key');
  return { memberId: parsed.data.memberId, secretKey, publicKey: curve25519.ed25519PublicKey(secretKey) };
}

export function serializeDeviceKeys(device: DeviceKeys): Uint8Array {
  return utf8(JSON.stringify({
    v: 1,
    kind: 'device',
    certificate: device.certificate,
    signingSecretKey: toBase64Url(device.signingSecretKey),
    exchangeSecretKey: toBase64Url(device.exchangeSecretKey),
  }));
}

/** Also proves the secrets belong to the certificate, so a mixed-up store fails here, not later. */
export function deserializeDeviceKeys(bytes: Uint8Array): DeviceKeys {
  const parsed = deviceSecretSchema.safeParse(parseJson(bytes));
  if (!parsed.success) throw new TesseraError('SYNC_MALFORMED', 'The stored device keys are unreadable.');
  const { certificate } = parsed.data;
  const signingSecretKey = fromBase64Url(parsed.data.signingSecretKey, 'signing secret key');
  const exchangeSecretKey = fromBase64Url(parsed.data.exchangeSecretKey, 'exchange secret key');
  const matches =
    bytesEqual(curve25519.ed25519PublicKey(signingSecretKey), fromBase64Url(certificate.signingKey)) &&
    bytesEqual(curve25519.x25519PublicKey(exchangeSecretKey), fromBase64Url(certificate.exchangeKey));
  if (!matches) throw new TesseraError('SYNC_MALFORMED', 'The stored device keys do not match their certificate.');
  return { certificate, signingSecretKey, exchangeSecretKey };
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

// --- storage -----------------------------------------------------------------------------

/**
 * Where the caller keeps secret key material. Implementations store the bytes encrypted
 * (the vault seals them under its master key); this module never writes them anywhere.
 */
export interface KeyStore {
  get(name: string): Promise<Uint8Array | undefined>;
  put(name: string, secret: Uint8Array): Promise<void>;
  delete(name: string): Promise<void>;
}

export const IDENTITY_KEY_NAME = 'sync.identity';
export const DEVICE_KEY_NAME = 'sync.device';

/** For tests and throwaway sessions: holds copies so callers may zero their buffers. */
export class MemoryKeyStore implements KeyStore {
  readonly #entries = new Map<string, Uint8Array>();
  async get(name: string): Promise<Uint8Array | undefined> {
    const value = this.#entries.get(name);
    return value && new Uint8Array(value);
  }
  async put(name: string, secret: Uint8Array): Promise<void> {
    this.#entries.set(name, new Uint8Array(secret));
  }
  async delete(name: string): Promise<void> {
    this.#entries.get(name)?.fill(0);
    this.#entries.delete(name);
  }
}

export async function saveKeys(store: KeyStore, identity: Identity, device: DeviceKeys): Promise<void> {
  await store.put(IDENTITY_KEY_NAME, serializeIdentity(identity));
  await store.put(DEVICE_KEY_NAME, serializeDeviceKeys(device));
}

export async function loadKeys(store: KeyStore): Promise<{ identity: Identity; device: DeviceKeys } | undefined> {
  const [identity, device] = await Promise.all([store.get(IDENTITY_KEY_NAME), store.get(DEVICE_KEY_NAME)]);
  if (!identity || !device) return undefined;
  return { identity: deserializeIdentity(identity), device: deserializeDeviceKeys(device) };
}
