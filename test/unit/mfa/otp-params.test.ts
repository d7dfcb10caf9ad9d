import { describe, expect, it } from 'vitest';
import { normalizeOtpParams, type OtpParamsDraft } from '../../../main/mfa/otp-params';

const secret = 'JBSWY3DPEHPK3PXP';

describe('normalizeOtpParams', () => {
  it('fills the Key Uri Format defaults for TOTP', () => {
    expect(normalizeOtpParams({ type: 'totp', secret: 'jbsw y3dp ehpk 3pxp' })).toEqual({
      type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30,
    });
  });

  it('keeps a HOTP counter and no period', () => {
    expect(normalizeOtpParams({ type: 'hotp', secret, counter: 42, digits: 8, algorithm: 'sha256' })).toEqual({
      type: 'hotp', secret, algorithm: 'SHA256', digits: 8, counter: 42,
    });
  });

  it('fixes Steam to SHA-1, 5 characters and 30 seconds whatever the source says', () => {
    expect(normalizeOtpParams({ type: 'steam', secret, digits: 6, algorithm: 'SHA512', period: 60, issuer: 'Steam' })).toEqual({
      type: 'steam', secret, algorithm: 'SHA1', digits: 5, period: 30, issuer: 'Steam',
    });
  });

  it('accepts algorithm spellings apps use', () => {
    for (const algorithm of ['sha512', 'SHA-512', 'Sha512']) {
      expect(normalizeOtpParams({ type: 'totp', secret, algorithm }).algorithm).toBe('SHA512');
    }
  });

  it('trims names and drops empty ones', () => {
    const params = normalizeOtpParams({ type: 'totp', secret, issuer: '  ACME ', accountName: '   ' });
    expect(params.issuer).toBe('ACME');
    expect(params).not.toHaveProperty('accountName');
  });

  it.each<[string, OtpParamsDraft, RegExp]>([
    ['5 digits', { type: 'totp', secret, digits: 5 }, /Digits must be 6 to 8, got 5/],
    ['9 digits', { type: 'hotp', secret, digits: 9 }, /Digits must be 6 to 8, got 9/],
    ['MD5', { type: 'totp', secret, algorithm: 'MD5' }, /Algorithm 'MD5' is not supported/],
    ['a zero period', { type: 'totp', secret, period: 0 }, /period must be 1 to 3600 seconds, got 0/],
    ['a fractional period', { type: 'totp', secret, period: 1.5 }, /period/],
    ['a negative counter', { type: 'hotp', secret, counter: -1 }, /counter must be a whole number of 0 or more/],
    ['a bad secret', { type: 'totp', secret: 'ABC!' }, /not valid base32/],
  ])('rejects %s', (_name, draft, message) => {
    expect(() => normalizeOtpParams(draft)).toThrow(expect.objectContaining({ code: 'OTPAUTH_INVALID', message: expect.stringMatching(message) }));
  });
});
