// KeePass 2 XML (KeePass "Export → KeePass XML (2.x)", KeePassXC "Export → XML"): parsed by
// saxes, a strict streaming parser that expands no entity a document declares; a document with
// a DOCTYPE is refused before parsing (no billion laughs, no external entities). Groups become
// tags (their path below the root, with the entry's own <Tags>), Title/UserName/Password/URL
// (and KP2A_URL_n)/Notes the account, KeePassXC's
// `otp` attribute (or KeeOtp's "TOTP Seed") the TOTP, other strings custom fields (protected
// ones secret), and earlier passwords of an entry's History its password history. The Recycle
// Bin is left out.
import { SaxesParser } from 'saxes';
import type { CustomField, PasswordHistoryEntry } from '../../vault';
import {
  ImportCollector, MAX_IMPORT_ITEMS, SkipItem, importInvalid, nameFor, tagsFrom, totpFromText, webUrls,
  type ImportedAccount, type ParsedImport,
} from '../imported-account';

/** Any XML document: KeePass's is the only XML format read, and any other is refused with the reason. */
export function isXml(text: string): boolean {
  return text.startsWith('<');
}

interface RawEntry {
  strings: Map<string, { value: string; protected: boolean }>;
  /** The entry's own tags (KeePass 2.4x and KeePassXC: `a;b` or `a,b`). */
  tags: string[];
  modified: number;
  history: RawEntry[];
}

interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const STANDARD = new Set(['Title', 'UserName', 'Password', 'URL', 'Notes']);
/** More addresses of one entry, as KeePassXC and KeePass2Android keep them. */
const EXTRA_URL = /^KP2A_URL(_\d+)?$/;
const TOTP_KEYS = ['otp', 'TOTP Seed', 'TimeOtp-Secret-Base32'];
const MAX_DEPTH = 64;

export function readKeePassXml(text: string): ParsedImport {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw importInvalid('This XML file declares a DOCTYPE or entities, which KeePass never writes; it was refused unread.');
  const root = parseTree(text);
  if (root.name !== 'KeePassFile') throw importInvalid('This XML file is not a KeePass export.');
  const recycleBin = child(child(root, 'Meta'), 'RecycleBinUUID')?.text.trim() ?? '';
  const collector = new ImportCollector();
  let count = 0;
  const walk = (group: XmlNode, path: string[], inBin: boolean) => {
    const uuid = child(group, 'UUID')?.text.trim() ?? '';
    const binned = inBin || (recycleBin !== '' && uuid === recycleBin);
    for (const node of group.children) {
      if (node.name === 'Group') {
        walk(node, [...path, child(node, 'Name')?.text.trim() ?? ''], binned);
      } else if (node.name === 'Entry') {
        if (++count > MAX_IMPORT_ITEMS) throw importInvalid(`This file holds more than ${MAX_IMPORT_ITEMS.toLocaleString('en')} entries; split it and import the parts one by one.`);
        const entry = rawEntry(node);
        const title = entry.strings.get('Title')?.value ?? '';
        collector.add(`entry ${count}${title.trim() ? ` (${title.trim().slice(0, 60)})` : ''}`, () => {
          if (binned) throw new SkipItem('it is in the Recycle Bin');
          return accountFrom(entry, path);
        });
      }
    }
  };
  const top = child(child(root, 'Root'), 'Group');
  // The top group is the database itself ("Root", "Passwords"): not a tag.
  if (top) walk(top, [], false);
  return collector.result('keepass-xml');
}

function accountFrom(entry: RawEntry, path: readonly string[]): Omit<ImportedAccount, 'where'> {
  const value = (key: string) => entry.strings.get(key)?.value ?? '';
  const extraUrls = [...entry.strings.keys()].filter((key) => EXTRA_URL.test(key)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const urls = webUrls([value('URL'), ...extraUrls.map(value)]);
  const username = value('UserName');
  const name = nameFor(value('Title'), urls, username);
  const totpKey = TOTP_KEYS.find((key) => value(key).trim() !== '');
  const customFields: CustomField[] = [...entry.strings]
    .filter(([key, v]) => !STANDARD.has(key) && !EXTRA_URL.test(key) && key !== totpKey && key !== 'TOTP Settings' && v.value !== '')
    .slice(0, 100)
    .map(([key, v]) => ({ name: key.slice(0, 200), value: v.value, secret: v.protected }));
  const password = value('Password');
  // Older versions, oldest first: each password that differs from the one after it.
  const history: PasswordHistoryEntry[] = [];
  const versions = [...entry.history].sort((a, b) => a.modified - b.modified);
  versions.forEach((version, i) => {
    const old = version.strings.get('Password')?.value ?? '';
    const next = versions[i + 1]?.strings.get('Password')?.value ?? password;
    if (old !== '' && old !== next) history.push({ password: old, replacedAt: versions[i + 1]?.modified ?? entry.modified, reason: 'edit' });
  });
  return {
    input: {
      name,
      urls,
      username,
      password,
      totp: totpKey ? totpFromText(value(totpKey), name) : null,
      notes: value('Notes'),
      tags: tagsFrom([path.filter((p) => p !== '').join('/'), ...entry.tags]),
      customFields,
    },
    history: history.reverse().slice(0, 100),
  };
}

function rawEntry(node: XmlNode): RawEntry {
  const strings = new Map<string, { value: string; protected: boolean }>();
  for (const s of node.children.filter((c) => c.name === 'String')) {
    const key = child(s, 'Key')?.text ?? '';
    const value = child(s, 'Value');
    if (key) strings.set(key, { value: value?.text ?? '', protected: /^true$/i.test(value?.attributes['Protected'] ?? value?.attributes['ProtectInMemory'] ?? '') });
  }
  const modified = Date.parse(child(child(node, 'Times'), 'LastModificationTime')?.text.trim() ?? '');
  const history = (child(node, 'History')?.children ?? []).filter((c) => c.name === 'Entry').map(rawEntry);
  const tags = (child(node, 'Tags')?.text ?? '').split(/[;,]/).map((t) => t.trim()).filter((t) => t !== '');
  return { strings, tags, modified: Number.isFinite(modified) ? modified : 0, history };
}

function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

function parseTree(text: string): XmlNode {
  const parser = new SaxesParser();
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= MAX_DEPTH) {
      failure ??= new Error(`groups are nested more than ${MAX_DEPTH} deep`);
      return;
    }
    const attributes = Object.fromEntries(Object.entries(tag.attributes).map(([k, v]) => [k, String(v)]));
    const node: XmlNode = { name: tag.name, attributes, children: [], text: '' };
    stack.at(-1)?.children.push(node);
    root ??= node;
    stack.push(node);
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(text).close();
  } catch (error) {
    failure ??= error as Error;
  }
  if (failure || !root) throw importInvalid(`This XML file cannot be read (${(failure?.message ?? 'no root element').split('\n')[0]}). Export it again from KeePass or KeePassXC.`);
  return root;
}
