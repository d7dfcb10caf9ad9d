// What an account is: the validated fields a person edits, the record sealed in the
// item row, the password history, and the secret-free summary used for lists, search
// and duplicate warnings. Pure: no keys, no I/O.
import { z } from 'zod';
import { normalizeOrigin } from '../passwords/web-origin';

export const TOTP_TYPES = ['totp', 'hotp', 'steam'] as const;
export const TOTP_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;

/** Every field of an otpauth:// URI (parsing URIs is main/mfa's job). */
export const TotpSchema = z.object({
  type: z.enum(TOTP_TYPES).default('totp'),
  /** Base32, as in otpauth URIs. */
  secret: z
    .string()
    .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
    .pipe(z.string().regex(/^[A-Z2-7]+=*$/, 'must be base32').min(8)),
  algorithm: z.enum(TOTP_ALGORITHMS).default('SHA1'),
  digits: z.number().int().min(5).max(10).default(6),
  period: z.number().int().min(1).max(3600).default(30),
  /** HOTP moving factor; ignored for time-based types. */
  counter: z.number().int().min(0).default(0),
  issuer: z.string().max(200).default(''),
  label: z.string().max(200).default(''),
});
export type TotpInput = z.input<typeof TotpSchema>;
export type Totp = z.output<typeof TotpSchema>;

export const CustomFieldSchema = z.object({
  name: z.string().trim().min(1).max(200),
  value: z.string().max(10_000),
  /** Secret values are masked and revealed like the password. */
  secret: z.boolean().default(false),
});
export type CustomField = z.output<typeof CustomFieldSchema>;

/** A web origin, stored normalized ("https://login.example.com"). */
const OriginSchema = z.string().max(2048).transform((text, ctx) => {
  try {
    return normalizeOrigin(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const fields = {
  name: z.string().trim().min(1, 'an account needs a name').max(200),
  urls: z.array(z.string().trim().min(1).max(2048)).max(20),
  username: z.string().max(500),
  password: z.string().max(10_000),
  totp: TotpSchema.nullable(),
  notes: z.string().max(100_000),
  tags: z.array(z.string().trim().min(1).max(100)).max(50),
  customFields: z.array(CustomFieldSchema).max(100),
  /** Team-managed mailbox alias that receives this account's recovery / 2FA mail. */
  managedEmail: z.string().trim().max(320),
  /** Team-managed phone number for SMS codes. */
  managedPhone: z.string().trim().max(50),
  backupCodes: z.array(z.string().trim().min(1).max(200)).max(200),
  /**
   * Origins besides the login URL's where automation may type this account's credentials and
   * codes (an SSO page, a login iframe, an http:// login URL someone confirmed). Each one is
   * trusted with the password: the Owner edits the list and the app shows it with a warning.
   */
  allowedOrigins: z.array(OriginSchema).max(20),
  /**
   * Where the site's one-time codes go when it offers no authenticator app (TOTP): to the
   * managed email alias or the managed phone. '' when it offers TOTP or nobody recorded it.
   */
  codesBy: z.enum(['', 'email', 'sms']),
};

export const AccountInputSchema = z.object({
  name: fields.name,
  urls: fields.urls.default([]),
  username: fields.username.default(''),
  password: fields.password.default(''),
  totp: fields.totp.default(null),
  notes: fields.notes.default(''),
  tags: fields.tags.default([]),
  customFields: fields.customFields.default([]),
  managedEmail: fields.managedEmail.default(''),
  managedPhone: fields.managedPhone.default(''),
  backupCodes: fields.backupCodes.default([]),
  allowedOrigins: fields.allowedOrigins.default([]),
  codesBy: fields.codesBy.default(''),
});
export type AccountInput = z.input<typeof AccountInputSchema>;
export type AccountFields = z.output<typeof AccountInputSchema>;

const buildPatchSchema = () => z.object(fields).partial();
let patchSchema: ReturnType<typeof buildPatchSchema> | undefined;

/**
 * Only the fields that change; absent means unchanged. Built on first use: zod's partial()
 * took ~15 ms of every CLI start, for the commands that edit an account only.
 */
export function accountPatchSchema(): ReturnType<typeof buildPatchSchema> {
  return (patchSchema ??= buildPatchSchema());
}
export type AccountPatch = z.input<ReturnType<typeof buildPatchSchema>>;

export const PASSWORD_CHANGE_REASONS = ['edit', 'rotation', 'restore'] as const;
export type PasswordChangeReason = (typeof PASSWORD_CHANGE_REASONS)[number];

export const PasswordHistoryEntrySchema = z.object({
  password: z.string(),
  /** When this value stopped being the current password (ms since epoch). */
  replacedAt: z.number(),
  reason: z.enum(PASSWORD_CHANGE_REASONS),
});
export type PasswordHistoryEntry = z.output<typeof PasswordHistoryEntrySchema>;
export const PasswordHistorySchema = z.array(PasswordHistoryEntrySchema);

/** The plaintext of an item row's `data` blob. */
export const AccountRecordSchema = AccountInputSchema.extend({
  createdAt: z.number(),
  updatedAt: z.number(),
  deletedAt: z.number().nullable(),
});
export type AccountRecord = z.output<typeof AccountRecordSchema>;

/**
 * Parses a small record and history once, for nothing: zod builds and compiles a schema on its
 * first parse (~5 ms for these), which a short process (the CLI) then spends while its KDF runs
 * instead of in its first read after the unlock.
 */
export function warmRecordSchemas(): void {
  AccountRecordSchema.safeParse({
    name: 'warm-up', totp: { secret: 'JBSWY3DPEHPK3PXP' }, customFields: [{ name: 'a', value: '' }], createdAt: 0, updatedAt: 0, deletedAt: null,
  });
  PasswordHistorySchema.safeParse([{ password: '', replacedAt: 0, reason: 'edit' }]);
}

export interface Account extends AccountRecord {
  id: string;
  version: number;
}

/** No secrets: what lists, search and the launcher see. */
export interface AccountSummary {
  id: string;
  version: number;
  name: string;
  username: string;
  urls: string[];
  /** Lower-case hosts of `urls`, without a leading "www.". */
  hosts: string[];
  tags: string[];
  hasPassword: boolean;
  /**
   * The password's keyed fingerprint (keys.ts secretFingerprint; '' without a password), so
   * reuse is found from the index alone. Absent in summaries written before it existed
   * (AccountService.backfillFingerprints adds it). Never leaves the main process.
   */
  passwordFingerprint?: string;
  /**
   * The password's zxcvbn strength (0–4) for this version, once something scored it
   * (AccountService.recordScores): an edit writes a new summary without it. Never leaves the
   * main process.
   */
  passwordScore?: number;
  hasTotp: boolean;
  managedEmail: string;
  managedPhone: string;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

/** The host a login URL points at, for search and duplicate detection; '' if none. */
export function hostOf(url: string): string {
  try {
    const parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`);
    return parsed.hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** `fingerprint`: the vault's keyed fingerprint of a secret (keys.ts secretFingerprint). */
export function summarize(id: string, version: number, record: AccountRecord, fingerprint: (secret: string) => string): AccountSummary {
  return {
    id,
    version,
    name: record.name,
    username: record.username,
    urls: record.urls,
    hosts: [...new Set(record.urls.map(hostOf).filter((h) => h !== ''))],
    tags: record.tags,
    hasPassword: record.password !== '',
    passwordFingerprint: record.password === '' ? '' : fingerprint(record.password),
    hasTotp: record.totp !== null,
    managedEmail: record.managedEmail,
    managedPhone: record.managedPhone,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    deletedAt: record.deletedAt,
  };
}

type DuplicateKeyFields = Pick<AccountSummary, 'id' | 'hosts' | 'username'>;

/**
 * Same host and same username (case-insensitive) = probably the same login. For each
 * candidate, the ids of live `existing` accounts (and earlier candidates) it duplicates.
 * One pass over `existing` that skips on the username first, so a single add to a
 * 100k-account vault stays cheap.
 */
export function findDuplicates(candidates: readonly DuplicateKeyFields[], existing: Iterable<AccountSummary>): string[][] {
  const wanted = new Map<string, number[]>();
  const usernames = new Set<string>();
  const found = candidates.map(() => new Set<string>());
  candidates.forEach((candidate, index) => {
    for (const key of duplicateKeys(candidate)) {
      for (const earlier of wanted.get(key) ?? []) found[index]!.add(candidates[earlier]!.id);
      wanted.set(key, [...(wanted.get(key) ?? []), index]);
    }
    usernames.add(normalizeUsername(candidate.username));
  });
  for (const other of existing) {
    if (other.deletedAt !== null || !usernames.has(normalizeUsername(other.username))) continue;
    for (const key of duplicateKeys(other)) {
      for (const index of wanted.get(key) ?? []) if (candidates[index]!.id !== other.id) found[index]!.add(other.id);
    }
  }
  return found.map((ids) => [...ids]);
}

function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

function duplicateKeys(summary: Pick<AccountSummary, 'hosts' | 'username'>): string[] {
  const username = normalizeUsername(summary.username);
  return username === '' ? [] : summary.hosts.map((host) => `${host}\n${username}`);
}
