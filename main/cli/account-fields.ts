// Account fields from command-line options, shared by `account add` and `account edit`:
// the password (piped with --password-stdin, or --generate'd), an otpauth:// URI parsed into
// the stored TOTP settings (OTPAUTH_INVALID → exit 4), and repeatable --url / --tag values.
import { Option } from 'commander';
import { TesseraError } from '../errors';
import { storedFromOtpauthUri } from '../mfa';
import { generatePassword } from '../passwords';
import type { AccountPatch } from '../vault';
import { readPasswordFromStdin } from './stdin-secret';

export interface AccountFieldOptions {
  name?: string;
  url?: string[];
  username?: string;
  passwordStdin?: boolean;
  generate?: boolean;
  /** A URI; false after --no-totp (edit only). */
  totp?: string | false;
  tag?: string[];
  notes?: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The options both commands share; `add` makes --name required itself. */
export function accountFieldOptions(): Option[] {
  return [
    new Option('--name <name>', 'the app or site name'),
    new Option('--url <url>', 'a login URL (repeat for several; on edit, replaces the list)').argParser(collect),
    new Option('--username <username>', 'the username or email used to log in'),
    new Option('--password-stdin', 'read the password from standard input (pipe it in); the master password must then come from --password-file, TESSERA_PASSWORD or the terminal'),
    new Option('--generate', 'generate a strong random password (64 characters, every character class)'),
    new Option('--totp <uri>', 'an otpauth:// URI from the site\'s 2FA setup (as a QR code\'s text)'),
    new Option('--tag <tag>', 'a tag (repeat for several; on edit, replaces the list)').argParser(collect),
    new Option('--notes <text>', 'notes (stored encrypted, shown only with --reveal)'),
  ];
}

async function passwordFrom(options: AccountFieldOptions, required: boolean): Promise<string | undefined> {
  if (options.passwordStdin && options.generate) throw new TesseraError('USAGE', 'Use either --password-stdin or --generate, not both.');
  if (options.generate) return generatePassword().value;
  if (options.passwordStdin) return readPasswordFromStdin();
  if (required) throw new TesseraError('USAGE', 'Give the password: pipe it in with --password-stdin, or use --generate.');
  return undefined;
}

/** The fields that were given, in the vault's shape; absent options stay absent. */
export async function accountFieldsFrom(options: AccountFieldOptions, passwordRequired: boolean): Promise<AccountPatch> {
  // Parse the URI before reading stdin, so a bad URI fails without consuming the password.
  const totp = options.totp === undefined ? undefined : options.totp === false ? null : storedFromOtpauthUri(options.totp);
  const password = await passwordFrom(options, passwordRequired);
  const patch: AccountPatch = {};
  if (options.name !== undefined) patch.name = options.name;
  if (options.url !== undefined) patch.urls = options.url;
  if (options.username !== undefined) patch.username = options.username;
  if (password !== undefined) patch.password = password;
  if (totp !== undefined) patch.totp = totp;
  if (options.tag !== undefined) patch.tags = options.tag;
  if (options.notes !== undefined) patch.notes = options.notes;
  return patch;
}
