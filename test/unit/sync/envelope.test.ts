import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { fromBase64Url } from '../../../protocol/canonical-encoding';
import { createDevice, type DeviceKeys } from '../../../main/sync/device-keys';
import { decodeEnvelope, encodeEnvelope, sealEnvelope, type Envelope } from '../../../main/sync/envelope';
import { receiveEnvelope, ReplayGuard, type EnvelopeContext } from '../../../main/sync/envelope-receiver';
import { createIdentity } from '../../../protocol/identity';

const DOC = 'ws:team';
const EPOCH = 'epoch-1';
const epochKey = new Uint8Array(randomBytes(32));
const alice = createDevice(createIdentity(), 'alice');
const mallory = createDevice(createIdentity(), 'mallory');
const outsider = createDevice(createIdentity(), 'outsider');

const context: EnvelopeContext = {
  signingKey: (deviceId) => {
    const device = [alice, mallory].find((d) => d.certificate.deviceId === deviceId);
    return device && fromBase64Url(device.certificate.signingKey);
  },
  authorize: (_doc, deviceId) =>
    deviceId === mallory.certificate.deviceId ? { code: 'SYNC_NOT_AUTHORIZED', reason: 'mallory was removed' } : null,
  epochKey: (id) => (id === EPOCH ? epochKey : undefined),
};

function updateSetting(key: string, value: string): Uint8Array {
  const source = new Y.Doc();
  source.getMap('m').set(key, value);
  return Y.encodeStateAsUpdate(source);
}

function envelope(device: DeviceKeys, clock: number, update = updateSetting('k', `v${clock}`), overrides: Partial<{ epoch: string; docId: string }> = {}): Envelope {
  return sealEnvelope({
    docId: overrides.docId ?? DOC,
    epoch: overrides.epoch ?? EPOCH,
    epochKey,
    author: { deviceId: device.certificate.deviceId, signingSecretKey: device.signingSecretKey },
    clock,
    update,
  });
}

function fresh() {
  return { doc: new Y.Doc(), guard: new ReplayGuard() };
}

describe('envelopes', () => {
  it('round-trips through the binary encoding', () => {
    const e = envelope(alice, 42);
    expect(decodeEnvelope(encodeEnvelope(e))).toEqual(e);
  });

  it('applies a signed, authorized, fresh envelope', () => {
    const { doc, guard } = fresh();
    const result = receiveEnvelope(doc, DOC, encodeEnvelope(envelope(alice, 1)), context, guard);
    expect(result.status).toBe('applied');
    expect(doc.getMap('m').get('k')).toBe('v1');
  });

  it('ignores an exact duplicate of an applied envelope', () => {
    const { doc, guard } = fresh();
    const bytes = encodeEnvelope(envelope(alice, 1));
    receiveEnvelope(doc, DOC, bytes, context, guard);
    expect(receiveEnvelope(doc, DOC, bytes, context, guard).status).toBe('duplicate');
  });

  const flip = (bytes: Uint8Array, at: number) => {
    const copy = bytes.slice();
    copy[at]! ^= 1;
    return copy;
  };
  const resign = (e: Envelope, change: Partial<Envelope>) => encodeEnvelope({ ...e, ...change });

  it.each<[string, () => Uint8Array, string]>([
    ['garbage bytes', () => new Uint8Array([1, 2, 3]), 'SYNC_MALFORMED'],
    ['a flipped ciphertext bit', () => { const b = encodeEnvelope(envelope(alice, 2)); return flip(b, b.length - 1); }, 'SYNC_BAD_SIGNATURE'],
    ['a changed clock', () => resign(envelope(alice, 2), { clock: 3 }), 'SYNC_BAD_SIGNATURE'],
    ['a forged author', () => resign(envelope(mallory, 2), { deviceId: alice.certificate.deviceId }), 'SYNC_BAD_SIGNATURE'],
    ['an unknown device', () => encodeEnvelope(envelope(outsider, 2)), 'SYNC_NOT_AUTHORIZED'],
    ['a removed device', () => encodeEnvelope(envelope(mallory, 2)), 'SYNC_NOT_AUTHORIZED'],
    ['another doc id', () => encodeEnvelope(envelope(alice, 2, undefined, { docId: 'ws:other' })), 'SYNC_NOT_AUTHORIZED'],
    ['an unknown epoch', () => encodeEnvelope(envelope(alice, 2, undefined, { epoch: 'epoch-9' })), 'SYNC_UNKNOWN_EPOCH'],
    ['an older clock than applied', () => encodeEnvelope(envelope(alice, 1, updateSetting('k', 'replayed'))), 'SYNC_REPLAY'],
    ['a signed body under a wrong key', () => {
      const e = envelope(alice, 2);
      const reencrypted = sealEnvelope({ docId: DOC, epoch: EPOCH, epochKey: new Uint8Array(32), author: { deviceId: alice.certificate.deviceId, signingSecretKey: alice.signingSecretKey }, clock: 2, update: updateSetting('k', 'x') });
      return encodeEnvelope({ ...reencrypted, docId: e.docId });
    }, 'SYNC_TAMPERED'],
    ['a valid envelope whose plaintext is not Yjs', () => encodeEnvelope(envelope(alice, 2, new Uint8Array([9, 9, 9, 9]))), 'SYNC_MALFORMED'],
  ])('refuses %s with its reason and leaves the doc intact', (_name, make, code) => {
    const { doc, guard } = fresh();
    receiveEnvelope(doc, DOC, encodeEnvelope(envelope(alice, 1)), context, guard);
    const before = Y.encodeStateAsUpdate(doc);
    const result = receiveEnvelope(doc, DOC, make(), context, guard);
    expect(result).toMatchObject({ status: 'rejected', code });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(doc.getMap('m').get('k')).toBe('v1');
  });

  it('keeps replay state across a restart through its JSON form', () => {
    const { doc, guard } = fresh();
    const bytes = encodeEnvelope(envelope(alice, 5));
    receiveEnvelope(doc, DOC, bytes, context, guard);
    const restored = new ReplayGuard(JSON.parse(JSON.stringify(guard.toJSON())));
    expect(receiveEnvelope(doc, DOC, bytes, context, restored).status).toBe('duplicate');
    expect(receiveEnvelope(doc, DOC, encodeEnvelope(envelope(alice, 4)), context, restored)).toMatchObject({ code: 'SYNC_REPLAY' });
  });
});
