// Every format's fixture read into accounts: names, sites, usernames, passwords, TOTP
// parameters (the codes must match the source app's), notes, tags and custom fields, and
// the items left out with their reason.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImportBytes, readImportFile, type ImportFormat, type ParsedImport } from '../../../main/import';
import { generateCode, otpParamsFromStored, type StoredTotp } from '../../../main/mfa';

const fixture = (name: string) => join(import.meta.dirname, '../../fixtures/import', name);
const read = (name: string) => readImportFile(fixture(name));
const byName = (parsed: ParsedImport, name: string) => {
  const found = parsed.accounts.find((a) => a.input.name === name);
  if (!found) throw new Error(`no account named ${name} in ${parsed.accounts.map((a) => a.input.name).join(', ')}`);
  return found.input;
};
const AT = Date.UTC(2026, 11, 5, 12, 0, 0);
const codeOf = (totp: unknown) => generateCode(otpParamsFromStored(totp as StoredTotp), AT);
/** The code the source app shows: RFC 6238 written out here, independent of Tessera's generator. */
function sourceAppCode(base32: string, { digits = 6, period = 30, algorithm = 'sha1' } = {}): string {
  const bits = [...base32].map((c) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(AT / 1000 / period)));
  const mac = createHmac(algorithm, key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
}

describe('import formats, recognized from the content', () => {
  it.each<[string, ImportFormat, number]>([
    ['bitwarden.json', 'bitwarden-json', 2],
    ['bitwarden.csv', 'bitwarden-csv', 2],
    ['1password.csv', '1password-csv', 2],
    ['lastpass.csv', 'lastpass-csv', 1],
    ['keepassxc.csv', 'keepassxc-csv', 1],
    ['keepass.xml', 'keepass-xml', 2],
    ['chrome.csv', 'chrome-csv', 2],
    ['firefox.csv', 'firefox-csv', 1],
    ['safari.csv', 'safari-csv', 1],
    ['dashlane.csv', 'dashlane-csv', 1],
    ['otpauth.txt', 'otpauth-list', 2],
  ])('%s is %s with %i account(s)', (file, format, count) => {
    const parsed = read(file);
    expect(parsed.format).toBe(format);
    expect(parsed.accounts).toHaveLength(count);
  });

  it('reads Bitwarden JSON: web URIs only, both TOTP spellings, hidden fields secret, folders as tags, other item kinds left out', () => {
    const parsed = read('bitwarden.json');
    const twitter = byName(parsed, 'Team Twitter');
    expect(twitter).toMatchObject({
      urls: ['https://twitter.com/login'],
      username: 'social@team.example',
      password: 'Tw1tter-Team-Pass!',
      notes: 'Shared by marketing',
      tags: ['Social'],
      customFields: [{ name: 'Recovery PIN', value: '4411', secret: true }, { name: 'Owner team', value: 'Marketing', secret: false }],
      totp: { secret: 'JBSWY3DPEHPK3PXP', issuer: 'Twitter', digits: 6, period: 30 },
    });
    expect(byName(parsed, 'Vendor Portal')).toMatchObject({ tags: ['Vendors'], totp: { secret: 'JBSWY3DPEHPK3PXP' } });
    expect(codeOf(twitter.totp)).toBe(sourceAppCode('JBSWY3DPEHPK3PXP'));
    expect(codeOf(byName(parsed, 'Vendor Portal').totp)).toBe(sourceAppCode('JBSWY3DPEHPK3PXP'));
    expect(parsed.skipped).toEqual([
      { where: 'item 3 (Wi-Fi note)', reason: 'a secure note in Bitwarden, not a login' },
      { where: 'item 4 (Company card)', reason: 'a card in Bitwarden, not a login' },
      { where: 'item 5 (Broken TOTP)', reason: expect.stringMatching(/^its one-time code secret is not usable/) },
    ]);
  });

  it('reads Bitwarden CSV: a cell with line breaks, fields as secret custom fields, a nameless login named by its site', () => {
    const parsed = read('bitwarden.csv');
    expect(byName(parsed, 'Team Instagram')).toMatchObject({
      notes: 'Line one\nline two',
      customFields: [{ name: 'PIN', value: '9911', secret: true }, { name: 'Team', value: 'Social', secret: true }],
      tags: ['Social'],
      totp: { secret: 'JBSWY3DPEHPK3PXP' },
    });
    expect(byName(parsed, 'billing.vendor.example')).toMatchObject({ username: 'billing@team.example', tags: ['Vendors'], totp: null });
    // Rows count records as a spreadsheet shows them (the header is row 1), not lines of the file.
    expect(parsed.skipped).toEqual([{ where: 'row 3', reason: 'a Bitwarden note, not a login' }]);
  });

  it('reads 1Password CSV with an 8-digit, 60-second code and comma-separated tags', () => {
    const admin = byName(read('1password.csv'), 'Admin Console');
    expect(admin).toMatchObject({ tags: ['ops', 'infra'], notes: 'Break-glass account', totp: { digits: 8, period: 60, issuer: 'Console' } });
    expect(codeOf(admin.totp)).toBe(sourceAppCode('JBSWY3DPEHPK3PXP', { digits: 8, period: 60 }));
  });

  it('reads LastPass CSV and leaves out its secure notes', () => {
    const parsed = read('lastpass.csv');
    expect(byName(parsed, 'LinkedIn')).toMatchObject({ notes: 'Recruiting team', tags: ['Social\\Recruiting'], totp: { secret: 'JBSWY3DPEHPK3PXP' } });
    expect(parsed.skipped).toEqual([{ where: 'row 3', reason: 'a LastPass secure note, not a login' }]);
  });

  it('reads KeePassXC, Safari and Dashlane CSV with their TOTP; Chrome and Firefox rows without a name are named by their site', () => {
    expect(byName(read('keepassxc.csv'), 'Stripe Dashboard')).toMatchObject({ tags: ['Root/Vendors'], totp: { issuer: 'Stripe', secret: 'JBSWY3DPEHPK3PXP' } });
    expect(byName(read('safari.csv'), 'apple.com (appleid@team.example)')).toMatchObject({ totp: { issuer: 'Apple' } });
    expect(byName(read('dashlane.csv'), 'Zendesk')).toMatchObject({ tags: ['Support'], notes: 'Support desk', totp: { secret: 'JBSWY3DPEHPK3PXP' } });
    const chrome = read('chrome.csv');
    expect(byName(chrome, 'example.org')).toMatchObject({ username: 'someone', notes: 'Saved from Edge' });
    expect(chrome.skipped).toEqual([{ where: 'row 4', reason: 'it has no username, password or web address' }]);
    expect(byName(read('firefox.csv'), 'accounts.firefox.com')).toMatchObject({ username: 'fx@team.example', password: 'F1refox-Pass' });
  });

  it('reads KeePass XML: group paths as tags, protected strings as secret fields, the otp attribute, history, and not the Recycle Bin', () => {
    const parsed = read('keepass.xml');
    const mail = parsed.accounts.find((a) => a.input.name === 'Mail Admin')!;
    expect(mail.input).toMatchObject({ password: 'M4il-Admin & <3', notes: 'Line one\nLine two', tags: [], urls: ['https://mail.team.example/admin'] });
    expect(mail.history?.map((h) => h.password)).toEqual(['older-mail-pass', 'oldest-mail-pass']);
    const stripe = byName(parsed, 'Stripe');
    expect(stripe).toMatchObject({
      tags: ['Vendors/Billing'],
      customFields: [{ name: 'Recovery code', value: 'aaaa-bbbb', secret: true }, { name: 'Account number', value: '12345', secret: false }],
    });
    expect(codeOf(stripe.totp)).toBe(sourceAppCode('JBSWY3DPEHPK3PXP'));
    expect(parsed.skipped).toEqual([{ where: 'entry 3 (Deleted thing)', reason: 'it is in the Recycle Bin' }]);
  });

  it('reads a list of otpauth links as accounts named by their issuer', () => {
    const parsed = read('otpauth.txt');
    expect(parsed.accounts.map((a) => a.input.name)).toEqual(['GitLab', 'Amazon Web Services']);
    expect(byName(parsed, 'GitLab')).toMatchObject({ username: 'dev@team.example', totp: { secret: 'JBSWY3DPEHPK3PXP' } });
    const aws = byName(parsed, 'Amazon Web Services');
    expect(aws).toMatchObject({ totp: { algorithm: 'SHA256' } });
    expect(codeOf(aws.totp)).toBe(sourceAppCode('KRSXG5CTMVRXEZLU', { algorithm: 'sha256' }));
  });

  it('takes a format named explicitly, and says so when the file is not that format', () => {
    expect(readImportFile(fixture('chrome.csv'), 'chrome-csv').format).toBe('chrome-csv');
    expect(() => readImportFile(fixture('chrome.csv'), 'lastpass-csv')).toThrow(expect.objectContaining({ code: 'IMPORT_INVALID' }));
    expect(() => readImportFile(fixture('chrome.csv'), 'bitwarden-json')).toThrow(expect.objectContaining({ code: 'IMPORT_INVALID' }));
  });
});

describe('import of bad and hostile files: a clear error with a stable code', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it.each<[string, Uint8Array, string, RegExp]>([
    ['an encrypted Bitwarden export', readFileSync(fixture('bitwarden-encrypted.json')), 'IMPORT_INVALID', /encrypted/],
    ['a JSON export cut short', readFileSync(fixture('bitwarden.json')).subarray(0, 700), 'IMPORT_INVALID', /cut short or damaged/],
    ['JSON of another kind', bytes('{"hello": "world"}'), 'IMPORT_INVALID', /not a Tessera or Bitwarden export/],
    ['a CSV with unknown columns', bytes('a,b,c\n1,2,3\n'), 'IMPORT_INVALID', /not those of a password export/],
    ['a CSV with an unclosed quote', bytes('name,url,username,password\n"GitHub,https://github.com,u,p\n'), 'IMPORT_INVALID', /cannot be read/],
    ['an empty file', bytes(''), 'IMPORT_INVALID', /empty/],
    ['text that is not UTF-8', new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0xff, 0xfe, 0x0a]), 'IMPORT_INVALID', /not UTF-8/],
    ['a KeePass database without its password', new Uint8Array([0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5]), 'IMPORT_NEEDS_PASSWORD', /give its master password/],
    ['XML with entity expansion (billion laughs)', bytes('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><KeePassFile><Root>&lol2;</Root></KeePassFile>'), 'IMPORT_INVALID', /DOCTYPE/],
    ['XML of another kind', bytes('<?xml version="1.0"?><rss><channel/></rss>'), 'IMPORT_INVALID', /not a KeePass export/],
    ['KeePass XML cut short', bytes('<KeePassFile><Root><Group><Name>Root</Name><Entry><String><Key>Title'), 'IMPORT_INVALID', /XML file cannot be read/],
    ['a zip that is not a 1PUX export', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), 'IMPORT_INVALID', /1PUX/],
  ])('refuses %s', (_what, data, code, message) => {
    expect(() => readImportBytes(data)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });

  it('keeps a formula-looking name as text (CSV injection is a risk only for spreadsheets, which Tessera never writes)', () => {
    const parsed = readImportBytes(bytes('name,url,username,password\n"=HYPERLINK(""http://evil.example"")",https://a.example,u,p\n'));
    expect(parsed.accounts[0]!.input.name).toBe('=HYPERLINK("http://evil.example")');
  });
});
