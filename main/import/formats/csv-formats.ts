// The password CSVs other managers and browsers write, as one table: the headers that
// identify each format and which column holds which field. One reader (readCsvExport) serves
// them all. Column names are matched lower-cased and trimmed, so "Login_URI" and "login_uri"
// are the same column.
import type { ImportFormat } from '../imported-account';

export interface CsvColumns {
  name?: string;
  urls: string[];
  username: string;
  password: string;
  totp?: string;
  notes?: string;
  /** Columns whose values become tags (folder, grouping, category, tags). */
  tags?: string[];
  /** Bitwarden's "fields" column: one "name: value" per line. */
  customFields?: string;
}

export interface CsvFormat {
  format: ImportFormat;
  /** All must be present for the file to be read as this format; the most specific formats come first. */
  requires: string[];
  columns: CsvColumns;
  /** Why a row is not a login (secure notes, cards), or undefined for a login. */
  notALogin?: (row: Readonly<Record<string, string>>) => string | undefined;
  /** A tag column holding several tags in one cell, and how they are separated. */
  tagSeparator?: RegExp;
}

export const CSV_FORMATS: readonly CsvFormat[] = [
  {
    // folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp
    format: 'bitwarden-csv',
    requires: ['login_uri', 'login_username', 'login_password'],
    columns: { name: 'name', urls: ['login_uri'], username: 'login_username', password: 'login_password', totp: 'login_totp', notes: 'notes', tags: ['folder', 'collections'], customFields: 'fields' },
    notALogin: (row) => (row['type'] && row['type'] !== 'login' ? `a Bitwarden ${row['type']}, not a login` : undefined),
  },
  {
    // url,username,password,totp,extra,name,grouping,fav
    format: 'lastpass-csv',
    requires: ['url', 'username', 'password', 'extra', 'name', 'grouping'],
    columns: { name: 'name', urls: ['url'], username: 'username', password: 'password', totp: 'totp', notes: 'extra', tags: ['grouping'] },
    notALogin: (row) => (row['url'] === 'http://sn' ? 'a LastPass secure note, not a login' : undefined),
  },
  {
    // Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes (1Password 8)
    format: '1password-csv',
    requires: ['title', 'url', 'username', 'password', 'archived'],
    columns: { name: 'title', urls: ['url'], username: 'username', password: 'password', totp: 'otpauth', notes: 'notes', tags: ['tags'] },
    tagSeparator: /[,;]/,
  },
  {
    // Title,URL,Username,Password,Notes,OTPAuth
    format: 'safari-csv',
    requires: ['title', 'url', 'username', 'password', 'otpauth'],
    columns: { name: 'title', urls: ['url'], username: 'username', password: 'password', totp: 'otpauth', notes: 'notes' },
  },
  {
    // username,username2,username3,title,password,note,url,category,otpSecret (credentials.csv)
    format: 'dashlane-csv',
    requires: ['username', 'title', 'password', 'url', 'category'],
    columns: { name: 'title', urls: ['url'], username: 'username', password: 'password', totp: 'otpsecret', notes: 'note', tags: ['category'] },
  },
  {
    // "Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created" (KeePassXC)
    format: 'keepassxc-csv',
    requires: ['group', 'title', 'username', 'password', 'url', 'notes'],
    columns: { name: 'title', urls: ['url'], username: 'username', password: 'password', totp: 'totp', notes: 'notes', tags: ['group'] },
  },
  {
    // "url","username","password","httpRealm","formActionOrigin","guid","timeCreated",...
    format: 'firefox-csv',
    requires: ['url', 'username', 'password', 'httprealm', 'formactionorigin'],
    columns: { urls: ['url'], username: 'username', password: 'password' },
  },
  {
    // name,url,username,password,note (Chrome, Edge, Brave, Opera)
    format: 'chrome-csv',
    requires: ['name', 'url', 'username', 'password'],
    columns: { name: 'name', urls: ['url'], username: 'username', password: 'password', notes: 'note' },
  },
];

export function csvFormatFor(headers: readonly string[]): CsvFormat | undefined {
  const present = new Set(headers);
  return CSV_FORMATS.find((candidate) => candidate.requires.every((column) => present.has(column)));
}
