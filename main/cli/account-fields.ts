// Account fields from command-line options, shared by `account add` and `account edit`:
// the password (piped with --password-stdin, or --generate'd), an otpauth:// URI parsed into
// the stored TOTP settings (OTPAUTH_INVALID → exit 4), and repeatable --url / --tag values.
import { InvalidArgumentError, Option } from 'commander';
import { TesseraError } from '../errors';
import type { AccountPatch } from '../vault';
import { isInsecureWebUrl, normalizeOrigin, unconfirmedInsecureLogin } from '../passwords/web-origin';
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
  /** Origins; false after --no-allow-origin (edit only). */
  allowOrigin?: string[] | false;
  allowHttp?: boolean;
  codesBy?: '' | 'email' | 'sms';
}

function codesByChannel(value: string): '' | 'email' | 'sms' {
  if (value === 'email' || value === 'sms') return value;
  if (value === 'none') return '';
  throw new InvalidArgumentError('use email, sms or none.');
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
    new Option(
      '--allow-origin <origin>',
      'another origin where Tessera may type this account\'s password and codes (an SSO page, a login iframe), e.g. https://login.example.com; it receives the password, so add only the site\'s own; repeat for several; on edit, replaces the list',
    ).argParser(collect),
    new Option('--allow-http', 'confirm an http:// login URL (not this machine): the password will cross the network unencrypted'),
    new Option('--codes-by <channel>', 'the site offers no authenticator app: its one-time codes come by email or sms (to the managed email or phone); "none" clears it')
      .argParser(codesByChannel),
  ];
}

async function passwordFrom(options: AccountFieldOptions, required: boolean): Promise<string | undefined> {
  if (options.passwordStdin && options.generate) throw new TesseraError('USAGE', 'Use either --password-stdin or --generate, not both.');
  if (options.generate) return (await import('../passwords')).generatePassword().value;
  if (options.passwordStdin) return readPasswordFromStdin();
  if (required) throw new TesseraError('USAGE', 'Give the password: pipe it in with --password-stdin, or use --generate.');
  return undefined;
}

/** The fields that were given, in the vault's shape; absent options stay absent. */
export async function accountFieldsFrom(options: AccountFieldOptions, passwordRequired: boolean): Promise<AccountPatch> {
  // Parse the URI before reading stdin, so a bad URI fails without consuming the password.
  const totp = options.totp === undefined ? undefined : options.totp === false ? null : (await import('../mfa')).storedFromOtpauthUri(options.totp);
  const password = await passwordFrom(options, passwordRequired);
  const patch: AccountPatch = {};
  if (options.name !== undefined) patch.name = options.name;
  if (options.url !== undefined) patch.urls = options.url;
  if (options.username !== undefined) patch.username = options.username;
  if (password !== undefined) patch.password = password;
  if (totp !== undefined) patch.totp = totp;
  if (options.tag !== undefined) patch.tags = options.tag;
  if (options.notes !== undefined) patch.notes = options.notes;
  if (options.allowOrigin !== undefined) patch.allowedOrigins = options.allowOrigin === false ? [] : options.allowOrigin;
  if (options.codesBy !== undefined) patch.codesBy = options.codesBy;
  return patch;
}

/**
 * The allowed origins an add or edit saves, after the person's confirmations: an http:// login
 * URL to another machine needs --allow-http (its origin joins the list), and every origin the
 * account will trust besides its own is named in a warning. `current`: the account before an edit.
 */
export function confirmOrigins(
  patch: AccountPatch,
  options: Pick<AccountFieldOptions, 'allowHttp'>,
  warn: (text: string) => void,
  current?: { urls: readonly string[]; allowedOrigins: readonly string[] },
): AccountPatch {
  const loginUrl = loginUrlText(patch.urls?.[0] ?? current?.urls[0]);
  const allowed = [...(patch.allowedOrigins ?? current?.allowedOrigins ?? [])].map(normalizeOrigin);
  const next: AccountPatch = { ...patch };
  if (loginUrl && isInsecureWebUrl(loginUrl)) {
    // The rule is AccountActions' (unconfirmedInsecureLogin); here --allow-http is the confirmation.
    const origin = unconfirmedInsecureLogin([loginUrl], allowed);
    if (origin && options.allowHttp) next.allowedOrigins = [...allowed, origin];
    else if (origin) {
      throw new TesseraError('INSECURE_LOGIN_URL', `The login URL ${origin} is not encrypted (http://): the password would cross the network in clear. Use its https:// address, or add --allow-http to confirm.`);
    }
    warn(`the password of this account will be sent unencrypted to ${normalizeOrigin(loginUrl)}.`);
  } else if (options.allowHttp) {
    throw new TesseraError('USAGE', '--allow-http confirms an http:// login URL to another machine; this account has none.');
  }
  if (patch.allowedOrigins !== undefined && patch.allowedOrigins.length > 0) {
    warn(`Tessera will also type this account's password and codes on ${patch.allowedOrigins.map(normalizeOrigin).join(', ')}. Allow only origins that belong to the site.`);
  }
  return next;
}

/** The login URL as automation will open it (https:// when no scheme was typed), or undefined. */
function loginUrlText(first: string | undefined): string | undefined {
  const text = first?.trim();
  if (!text) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
}
