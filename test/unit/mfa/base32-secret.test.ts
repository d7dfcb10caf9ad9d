import { describe, expect, it } from 'vitest';
import { base32SecretToBytes, bytesToBase32Secret, normalizeBase32Secret } from '../../../main/mfa/base32-secret';

describe('normalizeBase32Secret', () => {
  it.each([
    ['JBSWY3DPEHPK3PXP', 'JBSWY3DPEHPK3PXP'],
    ['jbsw y3dp ehpk 3pxp', 'JBSWY3DPEHPK3PXP'],
    ['JBSWY3DPEHPK3PXP====', 'JBSWY3DPEHPK3PXP'],
    ['  mzxw6===\n', 'MZXW6'],
  ])('accepts %j as %s', (raw, expected) => {
    expect(normalizeBase32Secret(raw)).toBe(expected);
  });

  it.each([
    ['', /missing/],
    ['   ', /missing/],
    ['JBSWY3DPEHPK3PX1', /character 16 is outside A–Z and 2–7/],
    ['JBSWY3DP0', /character 9/],
    ['JBSWY3DPE', /9 characters cannot encode whole bytes/],
    ['A'.repeat(500), /too long/],
  ])('rejects %j', (raw, message) => {
    expect(() => normalizeBase32Secret(raw)).toThrow(expect.objectContaining({ code: 'OTPAUTH_INVALID', message: expect.stringMatching(message) }));
  });
});

describe('base32 bytes', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes %j as %s (RFC 4648 §10) and back', (plain, encoded) => {
    const bytes = new TextEncoder().encode(plain);
    expect(bytesToBase32Secret(bytes)).toBe(encoded);
    expect(new TextDecoder().decode(base32SecretToBytes(encoded))).toBe(plain);
  });
});
