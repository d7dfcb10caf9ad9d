// One entry point for text that should hold authenticator secrets, wherever it came from:
// pasted, read from a file, decoded from a QR image or a screen region, or given to the CLI.

import { TesseraError } from '../errors';
import { parseMigrationUri, type MigrationImport } from './migration-import';
import { parseOtpauthUri, type ParsedOtpauthUri } from './otpauth-uri';

export type OtpTextImport =
  | ({ kind: 'otpauth' } & ParsedOtpauthUri)
  | ({ kind: 'migration' } & MigrationImport);

export function isOtpText(text: string): boolean {
  return /^\s*otpauth(-migration)?:\/\//i.test(text);
}

export function importOtpText(text: string): OtpTextImport {
  if (/^\s*otpauth-migration:\/\//i.test(text)) return { kind: 'migration', ...parseMigrationUri(text) };
  if (/^\s*otpauth:\/\//i.test(text)) return { kind: 'otpauth', ...parseOtpauthUri(text) };
  throw new TesseraError(
    'OTPAUTH_INVALID',
    'This is not an authenticator link: expected text starting with otpauth:// or otpauth-migration://.',
  );
}
