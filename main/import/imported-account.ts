// What every format's reader produces: accounts in Tessera's own shape, each with where it
// stood in the file (for messages), and the items left out with the reason. Also the small
// conversions every format shares: a TOTP value (otpauth URI or bare base32) into Tessera's
// TOTP, a name for an item that has none, folders and tags as tags.
import { TesseraError } from '../errors';
import { normalizeOtpParams, storedFromOtpParams, storedFromOtpauthUri, type StoredTotp } from '../mfa';
import { hostOf, type AccountInput, type PasswordHistoryEntry } from '../vault';
import type { ImportFormat } from './format-lists';

export { FORMAT_NAMES, IMPORT_FORMATS, type ImportFormat } from './format-lists';

export interface ImportedAccount {
  /** "row 12", "item 3 (GitHub)": where the account stood in the file. */
  where: string;
  input: AccountInput;
  /** Earlier passwords, where the format keeps them (Bitwarden JSON, Tessera's export). */
  history?: PasswordHistoryEntry[];
}

export interface SkippedItem {
  where: string;
  reason: string;
}

export interface ParsedImport {
  format: ImportFormat;
  accounts: ImportedAccount[];
  skipped: SkippedItem[];
}

/** An item a reader cannot take: the reason goes into the preview, the rest of the file goes on. */
export class SkipItem extends Error {}

/** Gathers a file's accounts item by item: one that throws SkipItem is listed with its reason; any other error stops the import. */
export class ImportCollector {
  readonly accounts: ImportedAccount[] = [];
  readonly skipped: SkippedItem[] = [];

  add(where: string, read: () => Omit<ImportedAccount, 'where'>): void {
    try {
      this.accounts.push({ where, ...read() });
    } catch (error) {
      if (!(error instanceof SkipItem)) throw error;
      this.skipped.push({ where, reason: error.message });
    }
  }

  result(format: ImportFormat): ParsedImport {
    return { format, accounts: this.accounts, skipped: this.skipped };
  }
}

/** A list of items read one by one, each named "item N (its name)". */
export function collect<T>(format: ImportFormat, items: readonly T[], map: (item: T) => Omit<ImportedAccount, 'where'>): ParsedImport {
  const collector = new ImportCollector();
  items.forEach((item, index) => {
    const label = (item as { name?: unknown } | null)?.name;
    collector.add(`item ${index + 1}${typeof label === 'string' && label.trim() ? ` (${label.trim().slice(0, 60)})` : ''}`, () => map(item));
  });
  return collector.result(format);
}

/** Most items one file may hold, and the largest file read: beyond them the file is refused whole. */
export const MAX_IMPORT_ITEMS = 200_000;
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export function importInvalid(message: string): TesseraError {
  return new TesseraError('IMPORT_INVALID', message);
}

/**
 * A TOTP as other managers store it: an otpauth:// URI, a bare base32 secret (spaces allowed),
 * or Bitwarden's steam://SECRET. '' gives null; anything else is refused for the item.
 */
export function totpFromText(text: string | undefined, issuer = ''): StoredTotp | null {
  const value = (text ?? '').trim();
  if (value === '') return null;
  try {
    if (/^otpauth:\/\//i.test(value)) return storedFromOtpauthUri(value);
    const steam = /^steam:\/\/(.+)$/i.exec(value);
    const params = normalizeOtpParams({ type: steam ? 'steam' : 'totp', secret: steam ? steam[1]! : value, ...(issuer ? { issuer: issuer.slice(0, 200) } : {}) });
    return storedFromOtpParams(params);
  } catch (error) {
    const why = error instanceof TesseraError ? error.message : 'it is not base32 or an otpauth:// link';
    throw new SkipItem(`its one-time code secret is not usable: ${why}`);
  }
}

/** The item's name, else its site's host, else its username: imports never make nameless accounts. */
export function nameFor(name: string | undefined, urls: readonly string[], username: string): string {
  const trimmed = (name ?? '').trim();
  if (trimmed) return trimmed.slice(0, 200);
  const host = urls.map(hostOf).find((h) => h !== '');
  return (host || username.trim() || 'Imported account').slice(0, 200);
}

/** Web addresses only: other managers also keep app ids ("androidapp://…") that no browser opens. */
export function webUrls(values: readonly (string | undefined)[]): string[] {
  const urls = values.map((v) => (v ?? '').trim()).filter((v) => v !== '' && !/^(androidapp|iosapp|app):/i.test(v));
  return [...new Set(urls)].slice(0, 20).map((u) => u.slice(0, 2048));
}

/** Folders, groups and collections become tags: "Work/Social" becomes "Work/Social". */
export function tagsFrom(values: readonly (string | undefined)[]): string[] {
  const tags = values.map((v) => (v ?? '').trim()).filter((v) => v !== '').map((v) => v.slice(0, 100));
  return [...new Set(tags)].slice(0, 50);
}
