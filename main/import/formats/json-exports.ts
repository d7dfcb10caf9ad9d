// The JSON exports: Tessera's own (`tessera export --plaintext`) and Bitwarden's unencrypted
// JSON (logins with URIs, TOTP, custom fields, folders and collections). Shapes are checked
// with zod item by item, so one odd item is skipped with the reason and the rest come in.
import { z } from 'zod';
import { AccountInputSchema, PasswordHistorySchema, type CustomField } from '../../vault';
import {
  MAX_IMPORT_ITEMS, SkipItem, collect, importInvalid, nameFor, tagsFrom, totpFromText, webUrls, type ParsedImport,
} from '../imported-account';

export function isTesseraExport(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === 'tessera-export';
}

export function isBitwardenExport(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Array.isArray((value as { items?: unknown }).items) && 'encrypted' in value;
}

const tesseraExportSchema = z.object({
  format: z.literal('tessera-export'),
  version: z.literal(1),
  accounts: z.array(z.object({ record: z.unknown(), history: z.unknown().optional() })).max(MAX_IMPORT_ITEMS),
});

export function readTesseraExport(value: unknown): ParsedImport {
  const parsed = tesseraExportSchema.safeParse(value);
  if (!parsed.success) throw importInvalid('This Tessera export is damaged or from a newer Tessera; export it again.');
  return collect('tessera-json', parsed.data.accounts, (item) => {
    const record = AccountInputSchema.safeParse(item.record);
    if (!record.success) throw new SkipItem(`it is not a valid account (${record.error.issues[0]?.message ?? 'unknown field'})`);
    const history = PasswordHistorySchema.safeParse(item.history ?? []);
    return { input: record.data, history: history.success ? history.data : [] };
  });
}

const bitwardenItemSchema = z.object({
  type: z.number().int(),
  name: z.string().nullish(),
  notes: z.string().nullish(),
  folderId: z.string().nullish(),
  collectionIds: z.array(z.string()).nullish(),
  login: z.object({
    username: z.string().nullish(),
    password: z.string().nullish(),
    totp: z.string().nullish(),
    uris: z.array(z.object({ uri: z.string().nullish() })).nullish(),
  }).nullish(),
  passwordHistory: z.array(z.object({ password: z.string(), lastUsedDate: z.string().nullish() })).nullish(),
  fields: z.array(z.object({ name: z.string().nullish(), value: z.string().nullish(), type: z.number().int() })).nullish(),
});

const bitwardenExportSchema = z.object({
  encrypted: z.boolean(),
  passwordProtected: z.boolean().optional(),
  folders: z.array(z.object({ id: z.string(), name: z.string() })).nullish(),
  collections: z.array(z.object({ id: z.string(), name: z.string() })).nullish(),
  items: z.array(z.unknown()).max(MAX_IMPORT_ITEMS),
});

const BITWARDEN_TYPES: Record<number, string> = { 2: 'a secure note', 3: 'a card', 4: 'an identity', 5: 'an SSH key' };

export function readBitwardenExport(value: unknown): ParsedImport {
  const parsed = bitwardenExportSchema.safeParse(value);
  if (!parsed.success) throw importInvalid('This Bitwarden export is damaged; export it again as JSON.');
  if (parsed.data.encrypted) {
    throw importInvalid('This Bitwarden export is encrypted. Tessera reads the unencrypted JSON export: export again with the format "JSON", import it, then delete the file.');
  }
  const folderNames = new Map([...(parsed.data.folders ?? []), ...(parsed.data.collections ?? [])].map((f) => [f.id, f.name]));
  return collect('bitwarden-json', parsed.data.items, (raw) => {
    const item = bitwardenItemSchema.safeParse(raw);
    if (!item.success) throw new SkipItem('it is not a Bitwarden item Tessera knows');
    const { type, login, fields } = item.data;
    if (type !== 1 || !login) throw new SkipItem(`${BITWARDEN_TYPES[type] ?? 'an item'} in Bitwarden, not a login`);
    const urls = webUrls((login.uris ?? []).map((u) => u.uri ?? undefined));
    const username = login.username ?? '';
    const name = nameFor(item.data.name ?? undefined, urls, username);
    const history = (item.data.passwordHistory ?? []).slice(0, 100).map((h) => ({ password: h.password, replacedAt: timeOf(h.lastUsedDate), reason: 'edit' as const }));
    return { history, input: {
      name,
      urls,
      username,
      password: login.password ?? '',
      totp: totpFromText(login.totp ?? undefined, name),
      notes: item.data.notes ?? '',
      tags: tagsFrom([item.data.folderId ?? undefined, ...(item.data.collectionIds ?? [])].map((id) => (id ? folderNames.get(id) : undefined))),
      customFields: (fields ?? []).flatMap((field): CustomField[] => {
        const fieldName = (field.name ?? '').trim();
        // 0 text, 1 hidden, 2 boolean; 3 (linked) points at another field and holds no value.
        if (!fieldName || field.type === 3) return [];
        return [{ name: fieldName.slice(0, 200), value: field.value ?? '', secret: field.type === 1 }];
      }).slice(0, 100),
    } };
  });
}

function timeOf(date: string | null | undefined): number {
  const ms = date ? Date.parse(date) : NaN;
  return Number.isFinite(ms) ? ms : 0;
}
