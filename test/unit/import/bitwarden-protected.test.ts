// Bitwarden's password-protected encrypted export, with PBKDF2 and with Argon2id: it asks for
// the password, opens with the right one into the same accounts as the plain export, says
// when the password is wrong or the data was altered, and refuses absurd KDF costs unopened.
// The fixtures follow Bitwarden's published description (make-bitwarden-protected.mjs); no
// file written by Bitwarden itself could be made here.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openImportFile, readImportBytes, readImportFile } from '../../../main/import';

const fixture = (name: string) => join(import.meta.dirname, '../../fixtures/import', name);
const credentials = { password: 'bitwarden-export-password' };

describe('Bitwarden password-protected exports', () => {
  const plain = readImportFile(fixture('bitwarden.json'));

  it.each(['bitwarden-protected-pbkdf2.json', 'bitwarden-protected-argon2.json'])('%s opens with its password into the same accounts as the plain export', async (file) => {
    await expect(openImportFile(fixture(file))).rejects.toMatchObject({ code: 'IMPORT_NEEDS_PASSWORD', details: { kind: 'bitwarden' } });
    const parsed = await openImportFile(fixture(file), { credentials });
    expect(parsed).toEqual(plain);
    await expect(openImportFile(fixture(file), { credentials: { password: 'wrong' } })).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringMatching(/does not open with that password/) });
  });

  it('says when the data was altered, and refuses absurd KDF costs unopened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-bw-'));
    const file = JSON.parse(readFileSync(fixture('bitwarden-protected-pbkdf2.json'), 'utf8')) as Record<string, unknown>;
    const [iv, data, mac] = (file['data'] as string).slice(2).split('|');
    const flipped = Buffer.from(data!, 'base64');
    flipped[0]! ^= 1;
    writeFileSync(join(dir, 'altered.json'), JSON.stringify({ ...file, data: `2.${iv}|${flipped.toString('base64')}|${mac}` }));
    await expect(openImportFile(join(dir, 'altered.json'), { credentials })).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringMatching(/altered/) });
    writeFileSync(join(dir, 'costly.json'), JSON.stringify({ ...file, kdfIterations: 1_000_000_000 }));
    await expect(openImportFile(join(dir, 'costly.json'), { credentials })).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringMatching(/1,000,000,000 PBKDF2 iterations/) });
    const argon = JSON.parse(readFileSync(fixture('bitwarden-protected-argon2.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'costly-argon2.json'), JSON.stringify({ ...argon, kdfMemory: 65_536 }));
    await expect(openImportFile(join(dir, 'costly-argon2.json'), { credentials })).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringMatching(/65536 MiB of Argon2 memory/) });
    // The account-restricted export stays refused with its own sentence.
    expect(() => readImportBytes(readFileSync(fixture('bitwarden-encrypted.json')))).toThrow(expect.objectContaining({ code: 'IMPORT_INVALID', message: expect.stringMatching(/encrypted/) }));
  });
});
