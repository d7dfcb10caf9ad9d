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
  it.each([1, 2] as const)('round-trips through binary encoding version %i', (version) => {
    for (const clock of [1, 127, 128, 300, 2 ** 40 + 5, Number.MAX_SAFE_INTEGER]) {
      const e = envelope(alice, clock);
      expect(decodeEnvelope(encodeEnvelope(e, version), DOC)).toEqual(e);
    }
  });

  it('leaves the doc id out of version 2 (the log names it) and keeps it in version 1', () => {
    const e = envelope(alice, 42);
    // Magic and version, the epoch id as text (not base64url), the device id as its 16 raw bytes, a one-byte clock.
    expect(encodeEnvelope(e).length).toBe(2 + 1 + EPOCH.length + 1 + 16 + 1 + 24 + 64 + e.ciphertext.length);
    expect(decodeEnvelope(encodeEnvelope(e, 1), 'ws:elsewhere').docId).toBe(DOC);
  });

  it('applies a version 1 envelope (what relays already hold)', () => {
    const { doc, guard } = fresh();
    expect(receiveEnvelope(doc, DOC, encodeEnvelope(envelope(alice, 1), 1), context, guard).status).toBe('applied');
    expect(doc.getMap('m').get('k')).toBe('v1');
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

  it('recognises an exact duplicate before checking its signature again', () => {
    const { doc, guard } = fresh();
    const bytes = encodeEnvelope(envelope(alice, 1));
    receiveEnvelope(doc, DOC, bytes, context, guard);
    const noKeys: EnvelopeContext = { ...context, signingKey: () => { throw new Error('the signature was checked again'); } };
    expect(receiveEnvelope(doc, DOC, bytes, noKeys, guard).status).toBe('duplicate');
    // Anything else at that clock is still checked, and refused.
    expect(receiveEnvelope(doc, DOC, encodeEnvelope(envelope(alice, 1, updateSetting('k', 'other'))), context, guard)).toMatchObject({ code: 'SYNC_REPLAY' });
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
    ['an envelope of another doc moved into this log', () => encodeEnvelope(envelope(alice, 2, undefined, { docId: 'ws:other' })), 'SYNC_BAD_SIGNATURE'],
    ['a version 1 envelope naming another doc', () => encodeEnvelope(envelope(alice, 2, undefined, { docId: 'ws:other' }), 1), 'SYNC_NOT_AUTHORIZED'],
    ['a device id as text where its raw bytes belong', () => {
      const b = encodeEnvelope(envelope(alice, 2));
      const deviceAt = 3 + b[2]!;
      const id = new TextEncoder().encode(alice.certificate.deviceId);
      return new Uint8Array([...b.subarray(0, deviceAt), id.length, ...id, ...b.subarray(deviceAt + 1 + 16)]);
    }, 'SYNC_MALFORMED'],
    ['a clock in a longer encoding than needed', () => {
      const b = encodeEnvelope(envelope(alice, 2));
      // magic, version, epoch (length-prefixed text), device (0x80 + 16 raw bytes), then the clock (2: one byte).
      const deviceAt = 3 + b[2]!;
      const at = deviceAt + 1 + 16;
      expect(b[at]).toBe(2);
      return new Uint8Array([...b.subarray(0, at), b[at]! | 0x80, 0, ...b.subarray(at + 1)]);
    }, 'SYNC_MALFORMED'],
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
