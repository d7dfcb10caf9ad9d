// The vault's key hierarchy on node:crypto (HKDF, SHA-256, Ed25519) gives the same bytes as the
// @noble code that wrote older vaults: sub-keys, recovery KEKs, audit hashes and device-key
// signatures, so a vault made before opens and verifies unchanged.
import { randomBytes } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { encodeAad, seal } from '../../../main/crypto/aead';
import { auditEntryHash, genesisHash, signAuditEntry, verifyAuditChain } from '../../../main/vault/audit-chain';
import { deriveSubKey, recoveryKek, VaultKeys } from '../../../main/vault/keys';

const random = (n: number) => new Uint8Array(randomBytes(n));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const text = (s: string) => new TextEncoder().encode(s);

describe('keys', () => {
  it('derives the same sub-keys and recovery KEK as @noble/hashes HKDF-SHA256', () => {
    for (let i = 0; i < 8; i++) {
      const secret = random(32);
      const vaultId = `vault-${i}-é`;
      expect(toHex(deriveSubKey(secret, vaultId, 'index'))).toBe(toHex(hkdf(sha256, secret, text(vaultId), text('tessera/sub-key/index'), 32)));
      expect(toHex(recoveryKek(secret, vaultId))).toBe(toHex(hkdf(sha256, secret, text(vaultId), text('tessera/recovery-kek'), 32)));
    }
  });

  it('opens a device key made and sealed by @noble/curves, and signs as it did', () => {
    const vaultId = 'v1';
    const vmk = random(32);
    const device = ed25519.keygen();
    const sealed = seal(deriveSubKey(vmk, vaultId, 'device-key'), device.secretKey, encodeAad('device-key', vaultId, toHex(device.publicKey)));
    const keys = VaultKeys.fromVmk(vaultId, new Uint8Array(vmk), sealed, device.publicKey)!;
    expect(keys).not.toBeNull();
    const message = random(32);
    expect(toHex(keys.sign(message))).toBe(toHex(ed25519.sign(message, device.secretKey)));
    // A header whose public key does not match the sealed secret key is refused.
    expect(VaultKeys.fromVmk(vaultId, new Uint8Array(vmk), sealed, ed25519.keygen().publicKey)).toBeNull();
  });

  it('makes device keys whose signatures @noble/curves verifies', () => {
    const { keys } = VaultKeys.create('v2', random(32));
    const message = random(40);
    expect(ed25519.verify(keys.sign(message), message, keys.devicePublicKey)).toBe(true);
  });
});

describe('audit chain', () => {
  it('hashes with SHA-256 as before and verifies a chain signed by @noble/curves', () => {
    expect(toHex(genesisHash('v3'))).toBe(toHex(sha256(encodeAad('audit-genesis', 'v3'))));
    const device = ed25519.keygen();
    const nobleSign = (m: Uint8Array) => ed25519.sign(m, device.secretKey);
    const first = signAuditEntry({ seq: 1, at: 1000, kind: 'vault.create', accountId: null, details: random(20), prevHash: genesisHash('v3') }, nobleSign);
    const second = signAuditEntry({ seq: 2, at: 2000, kind: 'vault.unlock', accountId: null, details: random(20), prevHash: first.hash }, nobleSign);
    expect(toHex(first.hash)).toBe(toHex(sha256(encodeAad('audit-entry', 1, 1000, 'vault.create', '', toHex(first.details), toHex(genesisHash('v3'))))));
    expect(toHex(auditEntryHash({ seq: 2, at: 2000, kind: 'vault.unlock', accountId: null, details: second.details, prevHash: first.hash }))).toBe(toHex(second.hash));
    expect(verifyAuditChain([first, second], device.publicKey, genesisHash('v3'), { seq: 2, hash: second.hash })).toEqual({ ok: true, entries: 2 });
    const forged = { ...second, signature: new Uint8Array(second.signature) };
    forged.signature[5]! ^= 1;
    expect(verifyAuditChain([first, forged], device.publicKey, genesisHash('v3'), { seq: 2, hash: second.hash })).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'bad-signature' });
  });
});
