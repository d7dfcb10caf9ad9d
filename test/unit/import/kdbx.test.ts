// KeePass databases: a KDBX 3.1 file with AES-KDF written by KeePassXC itself
// (`keepassxc-cli import`), the same with a key file, and a KDBX 4 file with Argon2id and
// ChaCha20 (written by kdbxweb and opened by KeePassXC to check it: make-kdbx4.mjs). Each reads
// as the KeePass XML export does: groups as tags, protected fields secret, the `otp`
// attribute's codes, the history, the Recycle Bin left out. A missing or wrong password or key
// file and a header asking for absurd key-derivation work are refused with their own sentence.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type * as Kdbxweb from 'kdbxweb';
import { openImportFile, readImportFile } from '../../../main/import';
import { generateCode } from '../../../main/mfa';

const fixture = (name: string) => join(import.meta.dirname, '../../fixtures/import', name);
const password = 'kdbx-fixture-password';

async function expectRead(file: string, credentials: { password: string; keyFile?: Uint8Array }) {
  const parsed = await openImportFile(fixture(file), { credentials });
  expect(parsed.format).toBe('kdbx');
  const byName = new Map(parsed.accounts.map((a) => [a.input.name, a]));
  expect([...byName.keys()].sort()).toEqual(['Mail Admin', 'Stripe']);
  const stripe = byName.get('Stripe')!.input;
  expect(stripe).toMatchObject({ username: 'finance@team.example', password: 'Str1pe-Pass!', urls: ['https://dashboard.stripe.com/login'], tags: ['Vendors/Billing'] });
  expect(stripe.customFields).toEqual(expect.arrayContaining([{ name: 'Recovery code', value: 'aaaa-bbbb', secret: true }, { name: 'Account number', value: '12345', secret: false }]));
  // The same codes KeePassXC shows for its otp attribute (secret JBSWY3DPEHPK3PXP, 30 s, 6 digits).
  const at = Date.UTC(2026, 11, 5, 12, 0, 0);
  expect(generateCode({ type: 'totp', secret: stripe.totp!.secret, digits: stripe.totp!.digits ?? 6, period: stripe.totp!.period ?? 30, algorithm: stripe.totp!.algorithm ?? 'SHA1' }, at)).toBe(generateCode({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP', digits: 6, period: 30, algorithm: 'SHA1' }, at));
  const mail = byName.get('Mail Admin')!;
  expect(mail.input).toMatchObject({ password: 'M4il-Admin & <3', notes: 'Line one\nLine two', tags: [] });
  expect(mail.history?.map((h) => h.password)).toEqual(['older-mail-pass', 'oldest-mail-pass']);
  expect(parsed.skipped.map((s) => s.reason)).toEqual(['it is in the Recycle Bin']);
}

describe('KeePass databases (.kdbx)', () => {
  it('reads a KDBX 3.1 database KeePassXC wrote (AES-KDF)', () => expectRead('keepassxc.kdbx', { password }));
  it('reads a KDBX 4 database with Argon2id and ChaCha20', () => expectRead('keepassxc-argon2.kdbx', { password }));
  it('reads a database with a key file', () => expectRead('keepassxc-keyfile.kdbx', { password, keyFile: readFileSync(fixture('keepassxc.key')) }));

  it('asks for the password, and says when the password or key file is wrong', async () => {
    await expect(openImportFile(fixture('keepassxc-argon2.kdbx'))).rejects.toMatchObject({ code: 'IMPORT_NEEDS_PASSWORD' });
    expect(() => readImportFile(fixture('keepassxc.kdbx'))).toThrow(expect.objectContaining({ code: 'IMPORT_NEEDS_PASSWORD' }));
    await expect(openImportFile(fixture('keepassxc-argon2.kdbx'), { credentials: { password: 'wrong' } })).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringMatching(/does not open with that password/) });
    await expect(openImportFile(fixture('keepassxc-keyfile.kdbx'), { credentials: { password } })).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringMatching(/does not open with that password \(and key file\)/) });
    await expect(openImportFile(fixture('keepass.xml'), { format: 'kdbx', credentials: { password } })).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringMatching(/not a KeePass database/) });
  });

  it('refuses a header that asks for gigabytes of Argon2 memory or billions of AES rounds, before any key derivation', async () => {
    const kdbxweb = createRequire(import.meta.url)('kdbxweb') as typeof Kdbxweb;
    const dir = mkdtempSync(join(tmpdir(), 'tessera-kdbx-'));
    // KDBX 4: the Argon2 memory raised to 4 GiB, and the header's SHA-256 (checked before the key) made to match.
    const bytes = new Uint8Array(readFileSync(fixture('keepassxc-argon2.kdbx')));
    const stream = new kdbxweb.BinaryStream(bytes.slice().buffer);
    kdbxweb.KdbxHeader.read(stream, new kdbxweb.KdbxContext({ kdbx: new kdbxweb.Kdbx() }));
    const headerEnd = stream.pos;
    const sixtyFourMiB = Buffer.alloc(8);
    sixtyFourMiB.writeBigUInt64LE(64n * 1024n * 1024n);
    const at = Buffer.from(bytes.subarray(0, headerEnd)).indexOf(sixtyFourMiB);
    expect(at).toBeGreaterThan(0);
    Buffer.from(bytes.buffer).writeBigUInt64LE(4n * 1024n * 1024n * 1024n, at);
    bytes.set(createHash('sha256').update(bytes.subarray(0, headerEnd)).digest(), headerEnd);
    writeFileSync(join(dir, 'costly-argon2.kdbx'), bytes);
    await expect(openImportFile(join(dir, 'costly-argon2.kdbx'), { credentials: { password } })).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringMatching(/4096 MiB of memory/) });

    // KDBX 3.1: the transform rounds (header field 6) raised to 2^40.
    copyFileSync(fixture('keepassxc.kdbx'), join(dir, 'costly-aes.kdbx'));
    const aes = Buffer.from(readFileSync(join(dir, 'costly-aes.kdbx')));
    let pos = 12;
    while (aes[pos] !== 6) pos += 3 + aes.readUInt16LE(pos + 1);
    aes.writeBigUInt64LE(1n << 40n, pos + 3);
    writeFileSync(join(dir, 'costly-aes.kdbx'), aes);
    await expect(openImportFile(join(dir, 'costly-aes.kdbx'), { credentials: { password } })).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringMatching(/AES rounds/) });
  });
});
