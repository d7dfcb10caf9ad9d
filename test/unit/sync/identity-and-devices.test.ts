import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../protocol/canonical-encoding';
import {
  certificateProblem,
  createDevice,
  deserializeDeviceKeys,
  deserializeIdentity,
  loadKeys,
  MemoryKeyStore,
  saveKeys,
  serializeDeviceKeys,
  serializeIdentity,
} from '../../../main/sync/device-keys';
import { createIdentity, fingerprint } from '../../../protocol/identity';
import { openSealed, sealToDevice } from '../../../main/sync/key-sealing';

describe('identities and devices', () => {
  it('shows a fingerprint as ten groups of four hex digits that depends on the key', () => {
    const a = createIdentity();
    const b = createIdentity();
    expect(fingerprint(a.publicKey)).toMatch(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
    expect(fingerprint(a.publicKey)).not.toBe(fingerprint(b.publicKey));
  });

  it('certifies a device with the identity key', () => {
    const device = createDevice(createIdentity(), 'laptop');
    expect(certificateProblem(device.certificate)).toBeNull();
  });

  const identity = createIdentity();
  const cert = createDevice(identity, 'laptop').certificate;
  const other = createDevice(createIdentity(), 'other').certificate;
  it.each([
    ['a renamed device', { ...cert, name: 'evil' }, 'not signed by its identity key'],
    ['another identity claiming it', { ...cert, identityKey: other.identityKey }, 'not signed by its identity key'],
    ['a swapped signing key', { ...cert, signingKey: other.signingKey }, 'device id does not match'],
    ['a swapped exchange key', { ...cert, exchangeKey: other.exchangeKey }, 'not signed by its identity key'],
    ['a garbage signature', { ...cert, signature: 'AAAA' }, 'not signed by its identity key'],
    ['a missing field', { ...cert, memberId: '' }, 'malformed'],
  ])('refuses a certificate with %s', (_name, tampered, reason) => {
    expect(certificateProblem(tampered)).toContain(reason);
  });

  it('round-trips secret material through bytes and a key store', async () => {
    const device = createDevice(identity, 'laptop');
    expect(deserializeIdentity(serializeIdentity(identity))).toEqual(identity);
    expect(deserializeDeviceKeys(serializeDeviceKeys(device))).toEqual(device);
    const store = new MemoryKeyStore();
    expect(await loadKeys(store)).toBeUndefined();
    await saveKeys(store, identity, device);
    expect(await loadKeys(store)).toEqual({ identity, device });
  });

  it('refuses stored device keys that do not belong to their certificate', () => {
    const a = createDevice(identity, 'a');
    const b = createDevice(identity, 'b');
    const mixed = serializeDeviceKeys({ ...a, signingSecretKey: b.signingSecretKey });
    expect(() => deserializeDeviceKeys(mixed)).toThrow(/do not match/);
    expect(() => deserializeDeviceKeys(new TextEncoder().encode('{'))).toThrow(/unreadable/);
  });
});

describe('key sealing', () => {
  const device = createDevice(createIdentity(), 'laptop');
  const secret = new Uint8Array(32).fill(7);
  const sealed = sealToDevice(device.certificate.exchangeKey, secret, ['ws', device.certificate.deviceId]);

  it('opens for the recipient with the same context', () => {
    expect(openSealed(device.exchangeSecretKey, sealed, ['ws', device.certificate.deviceId])).toEqual(secret);
  });

  it.each([
    ['another device', () => openSealed(createDevice(createIdentity(), 'x').exchangeSecretKey, sealed, ['ws', device.certificate.deviceId])],
    ['another context', () => openSealed(device.exchangeSecretKey, sealed, ['ws2', device.certificate.deviceId])],
    ['a flipped bit', () => {
      const copy = sealed.slice();
      copy[40]! ^= 1;
      return openSealed(device.exchangeSecretKey, copy, ['ws', device.certificate.deviceId]);
    }],
    ['a truncated box', () => openSealed(device.exchangeSecretKey, sealed.slice(0, 20), ['ws', device.certificate.deviceId])],
  ])('yields nothing for %s', (_name, attempt) => {
    expect(attempt()).toBeNull();
  });

  it('never contains the secret in the clear', () => {
    expect(toBase64Url(sealed)).not.toContain(toBase64Url(secret).slice(0, 20));
  });
});
