import { describe, expect, it } from 'vitest';
import { formatOtpauthUri, parseOtpauthUri } from '../../../main/mfa/otpauth-uri';
import type { OtpParams } from '../../../main/mfa/otp-params';

const secret = 'JBSWY3DPEHPK3PXP';

describe('parseOtpauthUri', () => {
  it.each<[string, string, Partial<OtpParams>]>([
    [
      'the Key Uri Format example',
      'otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example',
      { type: 'totp', secret, issuer: 'Example', accountName: 'alice@google.com', algorithm: 'SHA1', digits: 6, period: 30 },
    ],
    [
      'an encoded colon and spaces in the label',
      'otpauth://totp/ACME%20Co%3A%20john.doe%40email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60',
      { type: 'totp', secret: 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ', issuer: 'ACME Co', accountName: 'john.doe@email.com', algorithm: 'SHA256', digits: 8, period: 60 },
    ],
    ['the issuer only in the label', 'otpauth://totp/GitHub:octocat?secret=jbswy3dpehpk3pxp', { issuer: 'GitHub', accountName: 'octocat', secret }],
    ['the issuer only as a parameter', 'otpauth://totp/octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub', { issuer: 'GitHub', accountName: 'octocat' }],
    ['no label at all', 'otpauth://totp/?secret=JBSWY3DPEHPK3PXP', { type: 'totp', secret }],
    ['an uppercase scheme and type', 'OTPAUTH://TOTP/x?secret=JBSWY3DPEHPK3PXP', { type: 'totp', accountName: 'x' }],
    ['padding and spaces in the secret', 'otpauth://totp/x?secret=JBSW%20Y3DP%20EHPK%203PXP%3D%3D%3D%3D', { secret }],
    ['HOTP with a counter', 'otpauth://hotp/Corp:bob?secret=JBSWY3DPEHPK3PXP&counter=7&algorithm=SHA512', { type: 'hotp', counter: 7, algorithm: 'SHA512', issuer: 'Corp' }],
    ['Steam marked by encoder', 'otpauth://totp/Steam:gamer?secret=JBSWY3DPEHPK3PXP&encoder=steam', { type: 'steam', digits: 5, issuer: 'Steam', accountName: 'gamer' }],
    ['Steam marked by issuer', 'otpauth://totp/gamer?secret=JBSWY3DPEHPK3PXP&issuer=Steam', { type: 'steam', digits: 5 }],
    ['Steam as Aegis writes it', 'otpauth://steam/Steam:gamer?secret=JBSWY3DPEHPK3PXP&issuer=Steam&digits=5', { type: 'steam', digits: 5 }],
  ])('reads %s', (_name, uri, expected) => {
    expect(parseOtpauthUri(uri).params).toMatchObject(expected);
  });

  it('lets the issuer parameter win over the label prefix and reports the mismatch', () => {
    const parsed = parseOtpauthUri('otpauth://totp/OldName:alice?secret=JBSWY3DPEHPK3PXP&issuer=NewName');
    expect(parsed.params.issuer).toBe('NewName');
    expect(parsed.issuerMismatch).toEqual({ labelIssuer: 'OldName', issuerParameter: 'NewName' });
  });

  it('reports no mismatch when label and parameter agree', () => {
    expect(parseOtpauthUri('otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example')).not.toHaveProperty('issuerMismatch');
  });

  it.each([
    ['a different scheme', 'https://example.com/?secret=JBSWY3DPEHPK3PXP', /does not start with otpauth:\/\//],
    ['an unknown type', 'otpauth://motp/x?secret=JBSWY3DPEHPK3PXP', /type 'motp' is unknown/],
    ['a missing type', 'otpauth:///x?secret=JBSWY3DPEHPK3PXP', /type '\(empty\)' is unknown/],
    ['a missing secret', 'otpauth://totp/Example:alice?issuer=Example', /secret parameter is missing/],
    ['an empty secret', 'otpauth://totp/x?secret=', /secret parameter is missing/],
    ['a secret that is not base32', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PX1', /not valid base32/],
    ['digits out of range', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=10', /Digits must be 6 to 8, got 10/],
    ['digits that are not a number', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=six', /digits must be a whole number, got 'six'/],
    ['a negative period', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=-30', /period must be a whole number/],
    ['an unsupported algorithm', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5', /Algorithm 'MD5' is not supported/],
    ['HOTP without a counter', 'otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP', /HOTP URI needs a counter/],
    ['broken percent-encoding in the label', 'otpauth://totp/Bad%E0%A4%A?secret=JBSWY3DPEHPK3PXP', /label has broken percent-encoding/],
  ])('rejects %s with a message naming the problem', (_name, uri, message) => {
    expect(() => parseOtpauthUri(uri)).toThrow(expect.objectContaining({ code: 'OTPAUTH_INVALID', message: expect.stringMatching(message) }));
  });
});

describe('formatOtpauthUri', () => {
  it('writes issuer in both label and parameter, spaces as %20', () => {
    const uri = formatOtpauthUri({ type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30, issuer: 'ACME Co', accountName: 'john@example.com' });
    expect(uri).toBe('otpauth://totp/ACME%20Co:john%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30');
  });

  it('writes Steam entries the way Steam authenticators read them', () => {
    const uri = formatOtpauthUri({ type: 'steam', secret, algorithm: 'SHA1', digits: 5, period: 30, accountName: 'gamer' });
    expect(uri).toBe('otpauth://totp/Steam:gamer?secret=JBSWY3DPEHPK3PXP&issuer=Steam&encoder=steam');
  });

  it.each<[string, OtpParams]>([
    ['TOTP with every option', { type: 'totp', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', algorithm: 'SHA512', digits: 8, period: 60, issuer: 'Big Corp: EU', accountName: 'a+b@c.d' }],
    ['TOTP without names', { type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30 }],
    ['TOTP with only an account', { type: 'totp', secret, algorithm: 'SHA256', digits: 7, period: 15, accountName: 'ünïcødé user' }],
    ['HOTP', { type: 'hotp', secret, algorithm: 'SHA1', digits: 6, counter: 123456789, issuer: 'Corp', accountName: 'bob' }],
    ['Steam', { type: 'steam', secret, algorithm: 'SHA1', digits: 5, period: 30, issuer: 'Steam', accountName: 'gamer' }],
  ])('round-trips %s', (_name, params) => {
    const parsed = parseOtpauthUri(formatOtpauthUri(params));
    expect(parsed.params).toEqual(params);
    expect(parsed).not.toHaveProperty('issuerMismatch');
  });
});

describe('labels with colons', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['an issuer with a colon', 'Big Corp: EU', 'alice'],
    ['an account with a colon', 'Corp', 'dept:alice'],
    ['an account with a colon and no issuer', undefined, 'dept:alice'],
    ['an issuer and no account', 'Corp', undefined],
  ])('round-trip %s', (_name, issuer, accountName) => {
    const params: OtpParams = { type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30, ...(issuer ? { issuer } : {}), ...(accountName ? { accountName } : {}) };
    expect(parseOtpauthUri(formatOtpauthUri(params)).params).toEqual(params);
  });
});
