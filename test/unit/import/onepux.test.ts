// 1Password's 1PUX export (a zip with export.data): logins and passwords come in with their
// URLs, tags and vault, TOTP (same codes), concealed fields secret, history; notes and trashed
// items are listed as left out. A zip bomb, a zip without export.data and a damaged zip are
// refused with their own sentence, before anything is written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readImportBytes } from '../../../main/import';
import { generateCode } from '../../../main/mfa';

const fixture = (name: string) => join(import.meta.dirname, '../../fixtures/import', name);

describe('1Password 1PUX', () => {
  it('reads logins and passwords, and lists what it leaves out', () => {
    const parsed = readImportBytes(readFileSync(fixture('1password.1pux')));
    expect(parsed.format).toBe('1password-1pux');
    expect(parsed.accounts.map((a) => a.input.name)).toEqual(['GitHub', 'Office router']);
    const github = parsed.accounts[0]!;
    expect(github.input).toMatchObject({
      username: 'ops@team.example', password: 'G1tHub-Team-Pass!', urls: ['https://github.com/login', 'https://github.com/team-example'],
      notes: 'Org owner account', tags: ['dev', 'Shared'],
      customFields: [{ name: 'Recovery code', value: '1111-2222-3333', secret: true }, { name: 'Org', value: 'team-example', secret: false }],
    });
    const at = Date.UTC(2026, 11, 5, 12, 0, 0);
    const totp = github.input.totp!;
    expect(generateCode({ type: 'totp', secret: totp.secret, digits: totp.digits ?? 6, period: totp.period ?? 30, algorithm: totp.algorithm ?? 'SHA1' }, at))
      .toBe(generateCode({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP', digits: 6, period: 30, algorithm: 'SHA1' }, at));
    expect(github.history).toEqual([{ password: 'older-github-pass', replacedAt: 1789000000 * 1000, reason: 'edit' }]);
    expect(parsed.accounts[1]!.input).toMatchObject({ password: 'R0uter-Admin-77', tags: ['Shared'] });
    expect(parsed.skipped).toEqual([
      { where: 'item 3 (Office notes)', reason: 'a secure note in 1Password, not a login' },
      { where: 'item 4 (Old CRM)', reason: "it is in 1Password's Recently Deleted" },
    ]);
  });

  it('refuses a zip bomb while inflating it, a zip without export.data, and a damaged zip', () => {
    // 100 MiB of zeros compress to about 100 KiB: inflating stops at the 64 MiB budget.
    const bomb = zipSync({ 'export.data': new Uint8Array(100 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(() => readImportBytes(bomb)).toThrow(expect.objectContaining({ code: 'IMPORT_INVALID', message: expect.stringMatching(/inflates past 64 MiB/) }));
    expect(() => readImportBytes(zipSync({ 'notes.txt': strToU8('hello') }))).toThrow(expect.objectContaining({ code: 'IMPORT_INVALID', message: expect.stringMatching(/holds no export.data/) }));
    const cut = readFileSync(fixture('1password.1pux')).subarray(0, 400);
    expect(() => readImportBytes(cut)).toThrow(expect.objectContaining({ code: 'IMPORT_INVALID' }));
    expect(() => readImportBytes(zipSync({ 'export.data': strToU8('{"accounts": "not a list"}') }))).toThrow(expect.objectContaining({ code: 'IMPORT_INVALID', message: expect.stringMatching(/does not hold 1Password accounts/) }));
  });
});
