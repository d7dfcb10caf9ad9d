// 1Password's 1PUX export (1Password 8: File → Export → 1PUX): a zip holding `export.data`, a
// JSON document of accounts → vaults → items. Only that member is inflated, by fflate's streaming
// unzip, counting the bytes it yields and stopping past MAX_IMPORT_BYTES: a zip bomb or a
// member that lies about its size cannot exhaust memory. Logins (category 001) and passwords
// (005) become accounts: overview title, URLs and tags; the login fields designated username
// and password; notes; section fields (TOTP links as the account's TOTP when it has none yet,
// concealed values as secret custom fields, other text as custom fields); password history.
// Archived items come in (they are kept on purpose); trashed ones and other categories are
// listed as left out.
import { Unzip, UnzipInflate } from 'fflate';
import { z } from 'zod';
import { isTesseraError } from '../../errors';
import type { CustomField, PasswordHistoryEntry } from '../../vault';
import {
  ImportCollector, MAX_IMPORT_BYTES, MAX_IMPORT_ITEMS, SkipItem, importInvalid, nameFor, tagsFrom, totpFromText, webUrls,
  type ImportedAccount, type ParsedImport,
} from '../imported-account';

/** A zip whose central directory names export.data (1PUX), told from any other zip. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const CATEGORY_NAMES: Record<string, string> = {
  '002': 'a credit card', '003': 'a secure note', '004': 'an identity', '006': 'a document', '100': 'a software license',
  '101': 'a bank account', '102': 'a database', '103': "a driver's license", '105': 'a membership', '106': 'a passport',
  '107': 'a reward program', '108': 'a social security number', '109': 'a wireless router', '110': 'a server',
  '111': 'an SSH key', '112': 'an API credential', '113': 'a crypto wallet', '114': 'a medical record',
};

const fieldValueSchema = z.object({
  totp: z.string().optional(),
  concealed: z.string().optional(),
  string: z.string().optional(),
  url: z.string().optional(),
  email: z.union([z.string(), z.object({ email_address: z.string().optional() }).passthrough()]).optional(),
}).passthrough();
const itemSchema = z.object({
  uuid: z.string().optional(),
  state: z.string().optional(),
  trashed: z.boolean().optional(),
  categoryUuid: z.string().optional(),
  updatedAt: z.number().optional(),
  details: z.object({
    loginFields: z.array(z.object({ value: z.string().optional(), designation: z.string().optional(), name: z.string().optional(), fieldType: z.string().optional() }).passthrough()).optional(),
    notesPlain: z.string().optional(),
    password: z.string().optional(),
    sections: z.array(z.object({
      title: z.string().optional(),
      fields: z.array(z.object({ title: z.string().optional(), id: z.string().optional(), value: fieldValueSchema.optional() }).passthrough()).optional(),
    }).passthrough()).optional(),
    passwordHistory: z.array(z.object({ value: z.string(), time: z.number().optional() }).passthrough()).optional(),
  }).passthrough().optional(),
  overview: z.object({
    title: z.string().optional(),
    url: z.string().optional(),
    urls: z.array(z.object({ url: z.string().optional() }).passthrough()).optional(),
    tags: z.array(z.string()).optional(),
  }).passthrough().optional(),
}).passthrough();
type Item = z.infer<typeof itemSchema>;
const exportSchema = z.object({
  accounts: z.array(z.object({
    vaults: z.array(z.object({
      attrs: z.object({ name: z.string().optional() }).passthrough().optional(),
      items: z.array(z.unknown()),
    }).passthrough()),
  }).passthrough()),
});

/** export.data, inflated with a byte budget. */
function exportData(bytes: Uint8Array): string {
  let chunks: Uint8Array[] | null = null;
  let size = 0;
  let failure: Error | null = null;
  let complete = false;
  const unzip = new Unzip((file) => {
    if (file.name !== 'export.data' || chunks !== null) return;
    chunks = [];
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = importInvalid('This 1PUX file is damaged (its export.data does not inflate). Export it again from 1Password.');
        return;
      }
      size += chunk.length;
      if (size > MAX_IMPORT_BYTES) {
        failure = importInvalid(`This 1PUX file's data inflates past ${MAX_IMPORT_BYTES / 1024 / 1024} MiB; it was refused (a real export of this size would be split).`);
        file.terminate();
        return;
      }
      chunks!.push(chunk);
      if (final) complete = true;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(bytes, true);
  } catch {
    failure ??= importInvalid('This zip file is damaged or cut short. Export it again from 1Password.');
  }
  if (failure) throw failure;
  if (chunks === null) throw importInvalid('This zip file holds no export.data, so it is not a 1Password 1PUX export. Export again from 1Password as 1PUX or CSV.');
  if (!complete) throw importInvalid('This 1PUX file is cut short. Export it again from 1Password.');
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks as Uint8Array[]) {
    all.set(chunk, at);
    at += chunk.length;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw importInvalid('This 1PUX file\'s export.data is not UTF-8 text. Export it again from 1Password.');
  }
}

export function readOnePux(bytes: Uint8Array): ParsedImport {
  let value: unknown;
  try {
    value = JSON.parse(exportData(bytes));
  } catch (error) {
    if (isTesseraError(error)) throw error;
    throw importInvalid('This 1PUX file\'s export.data is not JSON. Export it again from 1Password.');
  }
  const parsed = exportSchema.safeParse(value);
  if (!parsed.success) throw importInvalid('This 1PUX file does not hold 1Password accounts and vaults. Export it again from 1Password.');
  const collector = new ImportCollector();
  let count = 0;
  for (const account of parsed.data.accounts) {
    for (const vault of account.vaults) {
      for (const raw of vault.items) {
        if (++count > MAX_IMPORT_ITEMS) throw importInvalid(`This file holds more than ${MAX_IMPORT_ITEMS.toLocaleString('en')} items; export the vaults one by one.`);
        const item = itemSchema.safeParse(raw);
        const title = item.success ? item.data.overview?.title?.trim() ?? '' : '';
        collector.add(`item ${count}${title ? ` (${title.slice(0, 60)})` : ''}`, () => {
          if (!item.success) throw new SkipItem('it is not a 1Password item Tessera knows');
          return accountFrom(item.data, vault.attrs?.name);
        });
      }
    }
  }
  return collector.result('1password-1pux');
}

function accountFrom(item: Item, vaultName: string | undefined): Omit<ImportedAccount, 'where'> {
  if (item.trashed || item.state === 'deleted') throw new SkipItem('it is in 1Password\'s Recently Deleted');
  const category = item.categoryUuid ?? '001';
  if (category !== '001' && category !== '005') throw new SkipItem(`${CATEGORY_NAMES[category] ?? 'an item'} in 1Password, not a login`);
  const details = item.details ?? {};
  const overview = item.overview ?? {};
  const login = details.loginFields ?? [];
  const designated = (designation: string) => login.find((f) => f.designation === designation)?.value ?? '';
  const urls = webUrls([overview.url, ...(overview.urls ?? []).map((u) => u.url)]);
  const username = designated('username');
  const name = nameFor(overview.title, urls, username);
  let totp = null as ReturnType<typeof totpFromText>;
  const customFields: CustomField[] = [];
  for (const section of details.sections ?? []) {
    for (const field of section.fields ?? []) {
      const v = field.value ?? {};
      const label = (field.title ?? '').trim() || (section.title ?? '').trim() || 'Field';
      if (v.totp !== undefined && v.totp.trim() !== '') {
        if (totp === null) totp = totpFromText(v.totp, name);
        else customFields.push({ name: label.slice(0, 200), value: v.totp, secret: true });
      } else if (v.concealed !== undefined && v.concealed !== '') {
        customFields.push({ name: label.slice(0, 200), value: v.concealed, secret: true });
      } else {
        const text = v.string ?? v.url ?? (typeof v.email === 'string' ? v.email : v.email?.email_address);
        if (text !== undefined && text !== '') customFields.push({ name: label.slice(0, 200), value: text, secret: false });
      }
    }
  }
  const history: PasswordHistoryEntry[] = (details.passwordHistory ?? []).slice(0, 100)
    .map((h) => ({ password: h.value, replacedAt: (h.time ?? 0) * 1000, reason: 'edit' as const }));
  return {
    history,
    input: {
      name,
      urls,
      username,
      password: category === '005' ? details.password ?? '' : designated('password'),
      totp,
      notes: details.notesPlain ?? '',
      tags: tagsFrom([...(overview.tags ?? []), vaultName && vaultName !== 'Personal' && vaultName !== 'Private' ? vaultName : undefined]),
      customFields: customFields.slice(0, 100),
    },
  };
}
