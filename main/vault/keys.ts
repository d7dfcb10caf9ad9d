// The vault's key hierarchy. A random 256-bit vault master key (VMK) is wrapped twice:
// by the Argon2id key of the master password and by a key derived from the recovery key.
// HKDF-SHA256 turns the VMK into one sub-key per purpose; per-item random keys are wrapped
// by the item-wrap sub-key; the Ed25519 device signing key is stored sealed. `VaultKeys`
// holds every unwrapped secret of an unlocked vault and zeroes them all on lock. HKDF and
// Ed25519 are native (node:crypto; Ed25519 through protocol/curve25519.ts, which falls back to
// @noble/curves where the runtime lacks it): the same bytes as the pure-JS code that made older vaults.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { curve25519 } from '../../protocol/curve25519';
import { encodeAad, open, seal } from '../crypto/aead';

export const VMK_BYTES = 32;
export const ITEM_KEY_BYTES = 32;

export type VmkWrapper = 'password' | 'recovery';

/** One sub-key per purpose, so a key never serves two kinds of data. */
const SUB_KEY_PURPOSES = ['item-wrap', 'index', 'manifest', 'audit', 'device-key', 'fingerprint', 'rotation', 'automation', 'inbox', 'inbox-index', 'mfa', 'sync', 'sync-index'] as const;
export type SubKeyPurpose = (typeof SUB_KEY_PURPOSES)[number];

export function randomKey(bytes = 32): Uint8Array {
  return new Uint8Array(randomBytes(bytes));
}

/**
 * `binding` ties the wrap to the header it lives in (for the password wrapper: the KDF
 * parameters), so editing the header cannot be combined with an old wrap.
 */
export function wrapVmk(kek: Uint8Array, vmk: Uint8Array, vaultId: string, wrapper: VmkWrapper, binding: string): Uint8Array {
  return seal(kek, vmk, encodeAad('vmk', vaultId, wrapper, binding));
}

/** Null when the KEK is wrong (wrong password or recovery key) or the header was altered. */
export function unwrapVmk(kek: Uint8Array, wrapped: Uint8Array, vaultId: string, wrapper: VmkWrapper, binding: string): Uint8Array | null {
  const vmk = open(kek, wrapped, encodeAad('vmk', vaultId, wrapper, binding));
  return vmk !== null && vmk.length === VMK_BYTES ? vmk : null;
}

/** The recovery key already has 256 bits of entropy, so HKDF (not Argon2) stretches it. */
export function recoveryKek(recoveryBytes: Uint8Array, vaultId: string): Uint8Array {
  return hkdfSha256(recoveryBytes, vaultId, 'tessera/recovery-kek');
}

export function deriveSubKey(vmk: Uint8Array, vaultId: string, purpose: SubKeyPurpose): Uint8Array {
  return hkdfSha256(vmk, vaultId, `tessera/sub-key/${purpose}`);
}

/** HKDF-SHA256 (RFC 5869) to 32 bytes, the vault id as salt. */
function hkdfSha256(secret: Uint8Array, vaultId: string, info: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, Buffer.from(vaultId, 'utf8'), Buffer.from(info, 'utf8'), 32));
}

export interface DeviceKeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

export function generateDeviceKey(): DeviceKeyPair {
  return curve25519.ed25519Keygen();
}

function deviceKeyAad(vaultId: string, publicKey: Uint8Array): Uint8Array {
  return encodeAad('device-key', vaultId, Buffer.from(publicKey).toString('hex'));
}

/** Everything an unlocked vault holds in memory. `zero()` overwrites every secret. */
export class VaultKeys {
  readonly vaultId: string;
  readonly devicePublicKey: Uint8Array;
  private readonly vmk: Uint8Array;
  private readonly subKeys: Map<SubKeyPurpose, Uint8Array>;
  private readonly deviceSecretKey: Uint8Array;

  private constructor(vaultId: string, vmk: Uint8Array, device: DeviceKeyPair, subKeys: Map<SubKeyPurpose, Uint8Array>) {
    this.vaultId = vaultId;
    this.vmk = vmk;
    this.subKeys = subKeys;
    this.deviceSecretKey = device.secretKey;
    this.devicePublicKey = device.publicKey;
  }

  /** Takes ownership of `vmk` (it is zeroed with the rest). Null if the sealed device key fails. */
  static fromVmk(vaultId: string, vmk: Uint8Array, sealedDeviceKey: Uint8Array, devicePublicKey: Uint8Array): VaultKeys | null {
    const subKeys = VaultKeys.deriveAll(vmk, vaultId);
    const secretKey = open(subKeys.get('device-key')!, sealedDeviceKey, deviceKeyAad(vaultId, devicePublicKey));
    // The public key in the header is only trusted if the sealed secret key matches it.
    if (secretKey === null || !Buffer.from(curve25519.ed25519PublicKey(secretKey)).equals(devicePublicKey)) {
      for (const key of subKeys.values()) key.fill(0);
      secretKey?.fill(0);
      return null;
    }
    return new VaultKeys(vaultId, vmk, { secretKey, publicKey: devicePublicKey }, subKeys);
  }

  /** For a new vault: keys plus the sealed device key to store in the header. */
  static create(vaultId: string, vmk: Uint8Array): { keys: VaultKeys; sealedDeviceKey: Uint8Array } {
    const subKeys = VaultKeys.deriveAll(vmk, vaultId);
    const device = generateDeviceKey();
    const sealedDeviceKey = seal(subKeys.get('device-key')!, device.secretKey, deviceKeyAad(vaultId, device.publicKey));
    return { keys: new VaultKeys(vaultId, vmk, device, subKeys), sealedDeviceKey };
  }

  private static deriveAll(vmk: Uint8Array, vaultId: string): Map<SubKeyPurpose, Uint8Array> {
    return new Map(SUB_KEY_PURPOSES.map((purpose) => [purpose, deriveSubKey(vmk, vaultId, purpose)]));
  }

  subKey(purpose: Exclude<SubKeyPurpose, 'device-key' | 'item-wrap'>): Uint8Array {
    return this.subKeys.get(purpose)!;
  }

  wrapVmk(kek: Uint8Array, wrapper: VmkWrapper, binding: string): Uint8Array {
    return wrapVmk(kek, this.vmk, this.vaultId, wrapper, binding);
  }

  wrapItemKey(itemId: string, itemKey: Uint8Array): Uint8Array {
    return seal(this.subKeys.get('item-wrap')!, itemKey, encodeAad('item-key', this.vaultId, itemId));
  }

  /** Null when the wrapped key was altered or belongs to another item. */
  unwrapItemKey(itemId: string, wrapped: Uint8Array): Uint8Array | null {
    const key = open(this.subKeys.get('item-wrap')!, wrapped, encodeAad('item-key', this.vaultId, itemId));
    return key !== null && key.length === ITEM_KEY_BYTES ? key : null;
  }

  sign(message: Uint8Array): Uint8Array {
    return curve25519.ed25519Sign(this.deviceSecretKey, message);
  }

  zero(): void {
    for (const buffer of this.secretBuffers()) buffer.fill(0);
  }

  /** The buffers `zero()` overwrites; tests keep references to check they end up all zero. */
  secretBuffers(): Uint8Array[] {
    return [this.vmk, this.deviceSecretKey, ...this.subKeys.values()];
  }
}

/**
 * A keyed fingerprint of a secret: HMAC-SHA256 under the vault's 'fingerprint' sub-key,
 * base64url. Equal secrets give equal fingerprints, so reuse across accounts is found by
 * comparing these, never the secrets; without the vault key they reveal nothing and cannot be
 * matched against another vault's.
 */
export function secretFingerprint(fingerprintKey: Uint8Array, secret: string): string {
  return createHmac('sha256', fingerprintKey).update(secret, 'utf8').digest('base64url');
}
