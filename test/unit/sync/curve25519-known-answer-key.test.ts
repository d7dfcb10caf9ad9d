// protocol/curve25519.ts remembers the RFC 8032 test 3 public key as acceptable (a point of the
// prime-order subgroup), so its check of the native code at load needs no @noble/curves: the key
// must really be one, and a verification with any other key still runs the check.
import { ed25519 } from '@noble/curves/ed25519.js';
import { expect, it } from 'vitest';
import { curve25519, KNOWN_ANSWER_PUBLIC_KEY } from '../../../protocol/curve25519';

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

it('the key the known answers verify with is a canonical point of the prime-order subgroup', () => {
  const point = ed25519.Point.fromBytes(hex(KNOWN_ANSWER_PUBLIC_KEY), false);
  expect(point.isSmallOrder()).toBe(false);
  expect(point.isTorsionFree()).toBe(true);
  expect(Buffer.from(point.toBytes()).toString('hex')).toBe(KNOWN_ANSWER_PUBLIC_KEY);
});

it('still refuses a public key outside the prime-order subgroup (mixed order) after the load-time check', () => {
  const { secretKey, publicKey } = curve25519.ed25519Keygen();
  const message = new Uint8Array([1, 2, 3]);
  const signature = curve25519.ed25519Sign(secretKey, message);
  expect(curve25519.ed25519Verify(publicKey, message, signature)).toBe(true);
  // The key plus a point of order 8: decodes fine, but is not in the prime-order subgroup.
  const torsion = ed25519.Point.fromBytes(hex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'));
  expect(torsion.isSmallOrder() && !torsion.is0()).toBe(true);
  const mixed = ed25519.Point.fromBytes(publicKey).add(torsion).toBytes();
  expect(ed25519.Point.fromBytes(mixed).isTorsionFree()).toBe(false);
  expect(curve25519.ed25519Verify(mixed, message, signature)).toBe(false);
});
