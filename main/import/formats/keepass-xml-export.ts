// Export to KeePass 2 XML, as KeePass ("Import → KeePass XML (2.x)") and KeePassXC ("Import →
// KeePass XML") read it: one top group, a sub-group per first tag (further tags in the entry's
// <Tags>), Title/UserName/Password/URL/Notes, more addresses as KP2A_URL_n (KeePassXC's and
// KeePass2Android's convention), the TOTP as KeePassXC's `otp` attribute, custom fields as
// strings (secret ones protected), and earlier passwords as the entry's <History>. Plaintext:
// the caller has the person's confirmation. readKeePassXml reads it back unchanged.
import { randomBytes } from 'node:crypto';
import type { ExportedAccount } from '../../vault';
import { formatOtpauthUri, otpParamsFromStored } from '../../mfa';

/** Text as XML character data: escaped, and without the control characters XML 1.0 forbids. */
function xmlText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const uuid = () => randomBytes(16).toString('base64');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function stringField(key: string, value: string, secret = false): string {
  return `<String><Key>${xmlText(key)}</Key><Value${secret ? ' ProtectInMemory="True"' : ''}>${xmlText(value)}</Value></String>`;
}

function times(created: number, modified: number): string {
  return `<Times><CreationTime>${iso(created)}</CreationTime><LastModificationTime>${iso(modified)}</LastModificationTime></Times>`;
}

function entryXml({ record, history }: ExportedAccount): string {
  const [, ...moreTags] = record.tags;
  const [url = '', ...moreUrls] = record.urls;
  const fields = [
    stringField('Title', record.name),
    stringField('UserName', record.username),
    stringField('Password', record.password, true),
    stringField('URL', url),
    stringField('Notes', record.notes),
    ...moreUrls.map((u, i) => stringField(`KP2A_URL_${i + 1}`, u)),
    ...(record.totp ? [stringField('otp', formatOtpauthUri(otpParamsFromStored(record.totp)), true)] : []),
    ...record.customFields.map((f) => stringField(f.name, f.value, f.secret)),
  ].join('');
  // History versions, oldest first: each holds the password it had until it was replaced.
  const versions = [...history].sort((a, b) => a.replacedAt - b.replacedAt).map((h) =>
    `<Entry><UUID>${uuid()}</UUID>${times(record.createdAt, h.replacedAt)}${stringField('Title', record.name)}${stringField('UserName', record.username)}${stringField('Password', h.password, true)}</Entry>`);
  return `<Entry><UUID>${uuid()}</UUID>${moreTags.length ? `<Tags>${xmlText(moreTags.join(';'))}</Tags>` : ''}${times(record.createdAt, record.updatedAt)}${fields}${versions.length ? `<History>${versions.join('')}</History>` : ''}</Entry>`;
}

export function keePassXmlExport(accounts: readonly ExportedAccount[]): string {
  const byGroup = new Map<string, ExportedAccount[]>();
  for (const account of accounts) {
    const group = account.record.tags[0] ?? '';
    byGroup.set(group, [...(byGroup.get(group) ?? []), account]);
  }
  const subgroups = [...byGroup].filter(([name]) => name !== '').map(([name, members]) =>
    `<Group><UUID>${uuid()}</UUID><Name>${xmlText(name)}</Name>${members.map(entryXml).join('\n')}</Group>`);
  const top = (byGroup.get('') ?? []).map(entryXml);
  return [
    '<?xml version="1.0" encoding="utf-8" standalone="yes"?>',
    '<KeePassFile>',
    `<Meta><Generator>Tessera</Generator><DatabaseName>Tessera export</DatabaseName></Meta>`,
    `<Root><Group><UUID>${uuid()}</UUID><Name>Tessera</Name>`,
    ...top,
    ...subgroups,
    '</Group></Root>',
    '</KeePassFile>',
    '',
  ].join('\n');
}
