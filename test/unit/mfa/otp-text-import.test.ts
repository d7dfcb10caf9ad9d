import { describe, expect, it } from 'vitest';
import { importOtpText, isOtpText } from '../../../main/mfa';
import { encodePayload, migrationUri } from './helpers/migration-payload-encoder';

describe('importOtpText', () => {
  it('reads a pasted otpauth link, surrounding whitespace and all', () => {
    expect(importOtpText('  otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP\n')).toMatchObject({
      kind: 'otpauth',
      params: { type: 'totp', issuer: 'GitHub', accountName: 'octocat' },
    });
  });

  it('reads a Google Authenticator export link', () => {
    const uri = migrationUri(encodePayload({ entries: [{ secret: new Uint8Array(10).fill(3), name: 'Corp:eve' }], batchSize: 1 }));
    expect(importOtpText(uri)).toMatchObject({ kind: 'migration', accounts: [{ issuer: 'Corp', accountName: 'eve' }], batch: { index: 0, size: 1 } });
  });

  it.each(['JBSWY3DPEHPK3PXP', 'https://example.com', ''])('rejects %j, which is not an authenticator link', (text) => {
    expect(() => importOtpText(text)).toThrow(expect.objectContaining({ code: 'OTPAUTH_INVALID', message: expect.stringMatching(/otpauth:\/\/ or otpauth-migration:\/\//) }));
  });
});

describe('isOtpText', () => {
  it.each([
    ['otpauth://totp/x?secret=A', true],
    ['OTPAUTH-MIGRATION://offline?data=x', true],
    ['https://example.com', false],
    ['otpauth:/missing-slash', false],
  ])('%j → %s', (text, expected) => {
    expect(isOtpText(text)).toBe(expected);
  });
});
