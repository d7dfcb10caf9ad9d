import { describe, expect, it } from 'vitest';
import { bytesToBase32Secret } from '../../../main/mfa/base32-secret';
import { generateCode, remainingSeconds } from '../../../main/mfa/otp-generator';
import type { OtpAlgorithm, OtpParams } from '../../../main/mfa/otp-params';

const asciiSecret = (text: string) => bytesToBase32Secret(new TextEncoder().encode(text));
const hexSecret = (hex: string) => bytesToBase32Secret(Buffer.from(hex, 'hex'));
const base64Secret = (b64: string) => bytesToBase32Secret(Buffer.from(b64, 'base64'));

// RFC 6238 Appendix B: the seed is the ASCII string "1234567890" repeated to the hash size.
const rfc6238Seeds: Record<OtpAlgorithm, string> = {
  SHA1: asciiSecret('12345678901234567890'),
  SHA256: asciiSecret('12345678901234567890123456789012'),
  SHA512: asciiSecret('1234567890123456789012345678901234567890123456789012345678901234'),
};

const totp = (algorithm: OtpAlgorithm, digits = 8, period = 30): OtpParams => ({
  type: 'totp', secret: rfc6238Seeds[algorithm], algorithm, digits, period,
});

describe('generateCode: TOTP (RFC 6238 Appendix B)', () => {
  it.each<[number, OtpAlgorithm, string]>([
    [59, 'SHA1', '94287082'], [59, 'SHA256', '46119246'], [59, 'SHA512', '90693936'],
    [1111111109, 'SHA1', '07081804'], [1111111109, 'SHA256', '68084774'], [1111111109, 'SHA512', '25091201'],
    [1111111111, 'SHA1', '14050471'], [1111111111, 'SHA256', '67062674'], [1111111111, 'SHA512', '99943326'],
    [1234567890, 'SHA1', '89005924'], [1234567890, 'SHA256', '91819424'], [1234567890, 'SHA512', '93441116'],
    [2000000000, 'SHA1', '69279037'], [2000000000, 'SHA256', '90698825'], [2000000000, 'SHA512', '38618901'],
    [20000000000, 'SHA1', '65353130'], [20000000000, 'SHA256', '77737706'], [20000000000, 'SHA512', '47863826'],
  ])('at %i s with %s gives %s', (seconds, algorithm, code) => {
    expect(generateCode(totp(algorithm), seconds * 1000)).toBe(code);
  });

  it('gives the last 6 and 7 digits of the same value', () => {
    expect(generateCode(totp('SHA1', 6), 59_000)).toBe('287082');
    expect(generateCode(totp('SHA1', 7), 59_000)).toBe('4287082');
  });

  it('uses the period: 60 s steps make t=119 s the same step as t=59 s at 30 s', () => {
    expect(generateCode(totp('SHA1', 8, 60), 119_000)).toBe(generateCode(totp('SHA1', 8, 30), 59_000));
    expect(generateCode(totp('SHA1', 8, 60), 120_000)).not.toBe(generateCode(totp('SHA1', 8, 60), 119_999));
  });

  it('accepts the short 10-byte secrets real services issue', () => {
    expect(generateCode({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 }, 0)).toMatch(/^\d{6}$/);
  });
});

describe('generateCode: HOTP (RFC 4226 Appendix D)', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  it.each(expected.map((code, counter) => [counter, code] as const))('counter %i gives %s', (counter, code) => {
    const params: OtpParams = { type: 'hotp', secret: rfc6238Seeds.SHA1, algorithm: 'SHA1', digits: 6, counter };
    expect(generateCode(params, Date.now())).toBe(code);
  });
});

describe('generateCode: Steam Guard', () => {
  const steam = (secret: string): OtpParams => ({ type: 'steam', secret, algorithm: 'SHA1', digits: 5, period: 30 });
  // Vectors published with two independent Steam TOTP implementations (shared_secret in base64 / hex).
  it.each<[string, string, number, string]>([
    ['base64', 'cnOgv/KdpLoP6Nbh0GMkXkPXALQ=', 0, 'W3J46'],
    ['base64', 'cnOgv/KdpLoP6Nbh0GMkXkPXALQ=', 1_600_000_000, 'H6G3P'],
    ['base64', 'cnOgv/KdpLoP6Nbh0GMkXkPXALQ=', 1_616_374_841, 'FCCHM'],
    ['base64', 'cnOgv/KdpLoP6Nbh0GMkXkPXALQ=', 2_000_000_000, '68J6V'],
    ['hex', 'deadbeefcafe00', 1_572_580_000, '6RFHH'],
  ])('%s secret %s at %i s gives %s', (encoding, secret, seconds, code) => {
    const base32 = encoding === 'hex' ? hexSecret(secret) : base64Secret(secret);
    expect(generateCode(steam(base32), seconds * 1000)).toBe(code);
  });

  it('always gives 5 characters from the Steam alphabet', () => {
    for (let t = 0; t < 200; t++) {
      expect(generateCode(steam(rfc6238Seeds.SHA1), t * 30_000)).toMatch(/^[23456789BCDFGHJKMNPQRTVWXY]{5}$/);
    }
  });
});

describe('remainingSeconds', () => {
  const params = totp('SHA1', 6, 30);
  it.each([
    [0, 30], [1, 30], [999, 30], [1000, 29], [29_000, 1], [29_999, 1], [30_000, 30], [1_700_000_005_500, 5],
  ])('at %i ms is %i', (nowMs, seconds) => {
    expect(remainingSeconds(params, nowMs)).toBe(seconds);
  });

  it('follows the entry period', () => {
    expect(remainingSeconds(totp('SHA1', 6, 60), 45_000)).toBe(15);
  });

  it('is null for HOTP, whose code does not expire', () => {
    expect(remainingSeconds({ type: 'hotp', secret: rfc6238Seeds.SHA1, algorithm: 'SHA1', digits: 6, counter: 0 }, 0)).toBeNull();
  });
});
