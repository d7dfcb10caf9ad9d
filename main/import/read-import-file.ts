// Reads a file another password manager (or Tessera) exported: refuses what is too large,
// not text, or a format Tessera cannot read yet, with a stable code and a sentence on what to
// export instead; otherwise recognizes the format (or takes the one named) and reads it. A
// KeePass database and a password-protected Bitwarden export need a password (openImportFile).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { TesseraError } from '../errors';
import { IMPORT_FORMATS, MAX_IMPORT_BYTES, importInvalid, type ImportFormat, type ParsedImport } from './imported-account';
import { readCsvExport } from './formats/csv-export';
import { CSV_FORMATS } from './formats/csv-formats';
import { isBitwardenExport, isTesseraExport, readBitwardenExport, readTesseraExport } from './formats/json-exports';
import { isOtpauthList, readOtpauthList } from './formats/otpauth-list';
import { isXml, readKeePassXml } from './formats/keepass-xml';
import { isKdbx, readKdbx, type KdbxCredentials } from './formats/kdbx';
import { isZip, readOnePux } from './formats/onepux';
import { isPasswordProtectedBitwarden, readPasswordProtectedBitwarden } from './formats/bitwarden-protected';

export function readImportFile(path: string, format?: ImportFormat): ParsedImport {
  return readImportBytes(readLimited(path), format);
}

/** What a file turned out to be: read, or locked behind a password (a protected Bitwarden export keeps its parsed JSON). */
type Recognized =
  | { parsed: ParsedImport }
  | { locked: 'kdbx' }
  | { locked: 'bitwarden'; value: unknown };

const NEEDS_PASSWORD: Record<'kdbx' | 'bitwarden', string> = {
  kdbx: 'This is a KeePass database: give its master password (and its key file, if it has one) to import it.',
  bitwarden: 'This Bitwarden export is protected by a password: give the password it was exported with to import it.',
};

/**
 * Any file Tessera imports, KeePass databases and password-protected Bitwarden exports
 * included: those open with `credentials` (the password, and a database's key file); without
 * them, IMPORT_NEEDS_PASSWORD (details.kind says which) asks for them.
 */
export async function openImportFile(path: string, options: { format?: ImportFormat; credentials?: KdbxCredentials } = {}): Promise<ParsedImport> {
  const bytes = readLimited(path);
  const recognized = recognize(bytes, options.format);
  if ('parsed' in recognized) return recognized.parsed;
  if (!options.credentials) throw needsPassword(recognized.locked);
  return recognized.locked === 'kdbx' ? readKdbx(bytes, options.credentials) : readPasswordProtectedBitwarden(recognized.value, options.credentials.password);
}

/** A file that needs no password; IMPORT_NEEDS_PASSWORD for one that does (openImportFile reads those). */
export function readImportBytes(bytes: Uint8Array, format?: ImportFormat): ParsedImport {
  const recognized = recognize(bytes, format);
  if ('parsed' in recognized) return recognized.parsed;
  throw needsPassword(recognized.locked);
}

function needsPassword(kind: 'kdbx' | 'bitwarden'): TesseraError {
  return new TesseraError('IMPORT_NEEDS_PASSWORD', NEEDS_PASSWORD[kind], { kind });
}

function recognize(bytes: Uint8Array, format?: ImportFormat): Recognized {
  if (format !== undefined && !IMPORT_FORMATS.includes(format)) throw new TesseraError('INVALID_INPUT', `Unknown format "${String(format)}". Use one of: ${IMPORT_FORMATS.join(', ')}.`);
  if (format === 'kdbx' || (format === undefined && isKdbx(bytes))) {
    if (!isKdbx(bytes)) throw importInvalid('This file is not a KeePass database (.kdbx).');
    return { locked: 'kdbx' };
  }
  if (format === '1password-1pux' || (format === undefined && isZip(bytes))) {
    if (!isZip(bytes)) throw importInvalid('This file is not a 1Password 1PUX export (a zip file).');
    return { parsed: readOnePux(bytes) };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw importInvalid('This file is not UTF-8 text. Export it again as CSV or JSON (UTF-8).');
  }
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (format === 'otpauth-list' || (format === undefined && isOtpauthList(trimmed))) return { parsed: readOtpauthList(trimmed) };
  if (format === 'keepass-xml' || (format === undefined && isXml(trimmed))) return { parsed: readKeePassXml(trimmed) };
  if (format === 'tessera-json' || format === 'bitwarden-json' || (format === undefined && /^[{[]/.test(trimmed))) {
    const value = parseJson(trimmed);
    if (isPasswordProtectedBitwarden(value)) return { locked: 'bitwarden', value };
    if (format === 'tessera-json' || (format === undefined && isTesseraExport(value))) return { parsed: readTesseraExport(value) };
    if (format === 'bitwarden-json' || (format === undefined && isBitwardenExport(value))) return { parsed: readBitwardenExport(value) };
    throw importInvalid('This JSON file is not a Tessera or Bitwarden export. Export again as Bitwarden JSON or as CSV.');
  }
  const csv = CSV_FORMATS.find((f) => f.format === format);
  if (format !== undefined && !csv) throw importInvalid(`This file is not ${format}.`);
  return { parsed: readCsvExport(text, csv?.format) };
}

function readLimited(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TesseraError('INVALID_INPUT', code === 'ENOENT' ? `There is no file at ${path}.` : `The file ${path} cannot be read (${code ?? 'error'}).`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new TesseraError('INVALID_INPUT', `${path} is not a file.`);
    if (stat.size > MAX_IMPORT_BYTES) throw importInvalid(`This file is ${Math.round(stat.size / 1024 / 1024)} MiB; Tessera imports files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MiB. Split the export and import the parts one by one.`);
    const bytes = new Uint8Array(stat.size);
    let offset = 0;
    while (offset < bytes.length) {
      const read = readSync(fd, bytes, offset, bytes.length - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return bytes.subarray(0, offset);
  } finally {
    closeSync(fd);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw importInvalid('This JSON file is cut short or damaged. Export it again from the app it came from.');
  }
}
