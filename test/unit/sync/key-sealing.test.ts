// Sealing small secrets to a device (main/sync/key-sealing.ts): only that device opens a box,
// and only under the context it was sealed with; inside a sealing batch the boxes for one device
// share one ephemeral key (one key agreement) yet each still opens on its own, boxes for another
// device get another, and outside a batch (after it, or after it threw) every box has a fresh one.
import { describe, expect, it } from 'vitest';
import { openSealed, sealingBatch, sealToDevice } from '../../../main/sync/key-sealing';
import { person } from './chain-helpers';

const alice = person('alice');
const bob = person('bob');
const secret = (n: number) => new Uint8Array(32).fill(n);
const ephemeralOf = (box: Uint8Array) => Buffer.from(box.subarray(0, 32)).toString('hex');
const sealTo = (who: typeof alice, n: number) => sealToDevice(who.device.certificate.exchangeKey, secret(n), ['test', String(n), who.device.certificate.deviceId]);
const opens = (who: typeof alice, box: Uint8Array, n: number) => openSealed(who.device.exchangeSecretKey, box, ['test', String(n), who.device.certificate.deviceId]);

describe('key sealing', () => {
  it('opens only for the device and the context it was sealed for', () => {
    const box = sealTo(bob, 1);
    expect(opens(bob, box, 1)).toEqual(secret(1));
    expect(opens(alice, box, 1)).toBeNull();
    expect(opens(bob, box, 2)).toBeNull();
    expect(ephemeralOf(sealTo(bob, 1))).not.toBe(ephemeralOf(box));
  });

  it('shares one key agreement per device within a batch, and each box still opens on its own', () => {
    const boxes = sealingBatch(() => ({
      bob: [1, 2, 3].map((n) => sealTo(bob, n)),
      alice: [1, 2].map((n) => sealTo(alice, n)),
      // A batch inside a batch joins it.
      nested: sealingBatch(() => sealTo(bob, 4)),
    }));
    expect(new Set([...boxes.bob, boxes.nested].map(ephemeralOf)).size).toBe(1);
    expect(new Set(boxes.alice.map(ephemeralOf)).size).toBe(1);
    expect(ephemeralOf(boxes.alice[0]!)).not.toBe(ephemeralOf(boxes.bob[0]!));
    // Same box key, yet a box opens only under its own context (its own nonce, its own AAD).
    expect(boxes.bob.map((box, i) => opens(bob, box, i + 1))).toEqual([secret(1), secret(2), secret(3)]);
    expect(opens(bob, boxes.nested, 4)).toEqual(secret(4));
    expect(opens(bob, boxes.bob[0]!, 2)).toBeNull();
    expect(boxes.alice.map((box, i) => opens(alice, box, i + 1))).toEqual([secret(1), secret(2)]);
    expect(opens(alice, boxes.bob[0]!, 1)).toBeNull();
    // After the batch, fresh ephemeral keys again.
    const after = sealTo(bob, 5);
    expect(ephemeralOf(after)).not.toBe(ephemeralOf(boxes.bob[0]!));
    expect(ephemeralOf(sealTo(bob, 5))).not.toBe(ephemeralOf(after));
  });

  it('ends the batch when its work throws', () => {
    let inside: Uint8Array | undefined;
    expect(() =>
      sealingBatch(() => {
        inside = sealTo(bob, 1);
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(opens(bob, inside!, 1)).toEqual(secret(1));
    const [one, two] = [sealTo(bob, 1), sealTo(bob, 1)];
    expect(new Set([inside!, one, two].map(ephemeralOf)).size).toBe(3);
  });
});
