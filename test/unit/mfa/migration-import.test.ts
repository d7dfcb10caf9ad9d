import { describe, expect, it } from 'vitest';
import { decodeMigrationPayload, parseMigrationUri } from '../../../main/mfa/migration-import';
import { bytesToBase32Secret } from '../../../main/mfa/base32-secret';
import { bytesField, encodeEntry, encodePayload, migrationUri, varintField, type TestOtpEntry } from './helpers/migration-payload-encoder';

// "Hello!" followed by 0xDEADBEEF: base32 JBSWY3DPEHPK3PXP, the Key Uri Format example key.
const helloSecret = new Uint8Array([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef]);
const alice: TestOtpEntry = { secret: helloSecret, name: 'Example:alice@google.com', issuer: 'Example', algorithm: 1, digits: 1, type: 2 };

describe('parseMigrationUri', () => {
  it('reads a Google Authenticator export of one TOTP account', () => {
    const result = parseMigrationUri(migrationUri(encodePayload({ entries: [alice], version: 1, batchSize: 1, batchIndex: 0, batchId: 1234567 })));
    expect(result).toEqual({
      accounts: [{ type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30, issuer: 'Example', accountName: 'alice@google.com' }],
      rejected: [],
      batch: { index: 0, size: 1, id: 1234567 },
      version: 1,
    });
  });

  it('reads the export as the Google Authenticator app writes it', () => {
    const uri = 'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZSABKAEwAhABGAEgACiQzuO5Bw%3D%3D';
    const result = parseMigrationUri(uri);
    expect(result.accounts).toEqual([
      { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30, issuer: 'Example', accountName: 'alice@google.com' },
    ]);
    expect(result.batch).toMatchObject({ index: 0, size: 1 });
  });

  it('maps every algorithm, digit count and type', () => {
    const secret = new Uint8Array(20).fill(7);
    const result = decodeMigrationPayload(encodePayload({ entries: [
      { secret, name: 'a', algorithm: 2, digits: 2, type: 2 },
      { secret, name: 'b', algorithm: 3, digits: 1, type: 1, counter: 42 },
      { secret, name: 'c' }, // every enum left unspecified: Google's defaults
    ] }));
    expect(result.accounts).toEqual([
      { type: 'totp', secret: bytesToBase32Secret(secret), algorithm: 'SHA256', digits: 8, period: 30, accountName: 'a' },
      { type: 'hotp', secret: bytesToBase32Secret(secret), algorithm: 'SHA512', digits: 6, counter: 42, accountName: 'b' },
      { type: 'totp', secret: bytesToBase32Secret(secret), algorithm: 'SHA1', digits: 6, period: 30, accountName: 'c' },
    ]);
  });

  it('tells which batch of a multi-part export this is', () => {
    const parts = [0, 1, 2].map((batchIndex) =>
      parseMigrationUri(migrationUri(encodePayload({ entries: [{ ...alice, name: `user${batchIndex}` }], version: 1, batchSize: 3, batchIndex, batchId: -5 }))),
    );
    expect(parts.map((p) => p.batch)).toEqual([
      { index: 0, size: 3, id: -5 },
      { index: 1, size: 3, id: -5 },
      { index: 2, size: 3, id: -5 },
    ]);
    expect(parts.map((p) => p.accounts[0]?.accountName)).toEqual(['user0', 'user1', 'user2']);
  });

  it('treats missing batch fields as a single batch', () => {
    expect(decodeMigrationPayload(encodePayload({ entries: [alice] })).batch).toEqual({ index: 0, size: 1, id: 0 });
  });

  it('skips fields it does not know, of every wire type', () => {
    const entry = [...encodeEntry(alice), ...varintField(9, 99), ...bytesField(10, 'future'), 0x5d, 1, 2, 3, 4, 0x59, 1, 2, 3, 4, 5, 6, 7, 8];
    const payload = new Uint8Array([...bytesField(1, new Uint8Array(entry)), ...varintField(2, 1), ...bytesField(15, 'new field'), ...varintField(16, 1)]);
    expect(decodeMigrationPayload(payload).accounts).toHaveLength(1);
  });

  it('keeps the good accounts and lists the ones it cannot use', () => {
    const result = decodeMigrationPayload(encodePayload({ entries: [
      { ...alice, name: 'Legacy:md5', issuer: '', algorithm: 4 },
      alice,
      { secret: new Uint8Array(), name: 'empty' },
      { ...alice, name: 'odd', issuer: '', digits: 7 },
    ] }));
    expect(result.accounts.map((a) => a.accountName)).toEqual(['alice@google.com']);
    expect(result.rejected).toEqual([
      { position: 1, label: 'Legacy: md5', reason: expect.stringMatching(/MD5/) },
      { position: 3, label: 'empty', reason: 'The entry has no secret.' },
      { position: 4, label: 'odd', reason: expect.stringMatching(/setting this version of Tessera does not know/) },
    ]);
  });

  describe('base64 as it survives copy and paste', () => {
    const bytes = encodePayload({ entries: [{ ...alice, secret: new Uint8Array([0xfb, 0xff, 0xbf, 0xfe, 0xfb, 0xef, 0xff, 0xfe, 0xfb, 0xff]) }], version: 1 });
    const standard = Buffer.from(bytes).toString('base64');
    it('has + and / in the test data', () => {
      expect(standard).toMatch(/\+/);
      expect(standard).toMatch(/\//);
    });
    it.each([
      ['percent-encoded', encodeURIComponent(standard)],
      ['raw, with + and =', standard],
      ['with + turned into spaces', standard.replace(/\+/g, ' ')],
      ['URL-safe alphabet', standard.replace(/\+/g, '-').replace(/\//g, '_')],
      ['without padding', standard.replace(/=+$/, '')],
      ['wrapped over lines', standard.replace(/(.{20})/g, '$1\n')],
    ])('decodes %s', (_name, data) => {
      expect(parseMigrationUri(`otpauth-migration://offline?data=${data}`).accounts[0]?.secret).toBe(bytesToBase32Secret(new Uint8Array([0xfb, 0xff, 0xbf, 0xfe, 0xfb, 0xef, 0xff, 0xfe, 0xfb, 0xff])));
    });
  });

  const complete = encodePayload({ entries: [alice], version: 1, batchSize: 1 });
  it.each([
    ['another scheme', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP', /does not start with otpauth-migration/],
    ['no data parameter', 'otpauth-migration://offline', /data parameter is missing/],
    ['an empty data parameter', 'otpauth-migration://offline?data=', /data parameter is missing/],
    ['data with broken percent-encoding', 'otpauth-migration://offline?data=%%%', /broken percent-encoding/],
    ['data with foreign characters', 'otpauth-migration://offline?data=abc$def', /not base64/],
    ['a truncated export', migrationUri(complete.subarray(0, complete.length - 12)), /damaged or incomplete/],
    ['a number cut in the middle', migrationUri(new Uint8Array([0x10, 0x80])), /damaged or incomplete \(data ends inside a number\)/],
    ['a deprecated group wire type', migrationUri(new Uint8Array([0x0b])), /wire type 3/],
    ['no accounts', migrationUri(encodePayload({ entries: [], version: 1 })), /holds no accounts/],
    ['an account field of the wrong type', migrationUri(new Uint8Array(varintField(1, 5))), /wrong type/],
  ])('rejects %s as OTPAUTH_INVALID', (_name, uri, message) => {
    expect(() => parseMigrationUri(uri)).toThrow(expect.objectContaining({ code: 'OTPAUTH_INVALID', message: expect.stringMatching(message) }));
  });
});
