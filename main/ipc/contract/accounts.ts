// Channels for accounts: list and search, read (no secrets), create, edit, delete and
// restore, reveal and copy a secret (Owners; audited), password history and live TOTP.
// The types here are the contract; services return values of these shapes.
import { z } from 'zod';
import { channel } from './define';
import { MAX_LONG_TEXT, MAX_SECRET, id } from './limits';

export type AccountListItem = {
  id: string;
  version: number;
  name: string;
  username: string;
  hosts: string[];
  tags: string[];
  hasPassword: boolean;
  hasTotp: boolean;
  updatedAt: number;
  deletedAt: number | null;
  /** Set when the account is shared through a workspace: this person's role on it. */
  sharedRole?: 'owner' | 'collaborator';
};

export type CorruptAccount = { id: string; reason: string };

/**
 * Without a query, accounts come in name order. `total` counts every account that matched;
 * with a `limit` (the first screenful, shown while the rest travels) it exceeds the rows sent.
 */
export type AccountList = { accounts: AccountListItem[]; corrupt: CorruptAccount[]; total: number };

export type TotpSettings = {
  type: 'totp' | 'hotp' | 'steam';
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  digits: number;
  period: number;
  issuer: string;
  label: string;
};

/** An account as the account page shows it: secrets are flags, never values. */
export type AccountView = {
  id: string;
  version: number;
  name: string;
  urls: string[];
  /** Where else the password and codes may be typed (see editableFields.allowedOrigins). */
  allowedOrigins: string[];
  username: string;
  hasPassword: boolean;
  totp: TotpSettings | null;
  notes: string;
  tags: string[];
  customFields: Array<{ name: string; value: string | null; secret: boolean }>;
  managedEmail: string;
  managedPhone: string;
  /** The site offers no TOTP: its codes come to the managed email ('email') or phone ('sms'); '' otherwise. */
  codesBy: '' | 'email' | 'sms';
  backupCodeCount: number;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
  /** This person's role: a Collaborator may log in with the account but never sees its secrets. */
  role: 'owner' | 'collaborator';
};

export type SavedAccount = { id: string; version: number; duplicates: string[] };

export type SecretFieldName = 'password' | 'totpSecret' | 'backupCodes' | `custom:${string}`;

const secretField = z.union([
  z.enum(['password', 'totpSecret', 'backupCodes']),
  z.string().regex(/^custom:.{1,200}$/s),
]);

const totpInput = z.strictObject({
  type: z.enum(['totp', 'hotp', 'steam']).optional(),
  secret: z.string().min(1).max(1024),
  algorithm: z.enum(['SHA1', 'SHA256', 'SHA512']).optional(),
  digits: z.number().int().min(5).max(10).optional(),
  period: z.number().int().min(1).max(3600).optional(),
  counter: z.number().int().min(0).optional(),
  issuer: z.string().max(200).optional(),
  label: z.string().max(200).optional(),
});

const editableFields = {
  name: z.string().trim().min(1, 'an account needs a name').max(200),
  urls: z.array(z.string().trim().min(1).max(2048)).max(20),
  /**
   * Origins besides the login URL's where Tessera may type the password and codes (a sign-in
   * domain of the same app); an http:// login URL's own origin here confirms sending it unencrypted.
   */
  allowedOrigins: z.array(z.string().trim().min(1).max(2048)).max(20),
  username: z.string().max(500),
  password: z.string().max(MAX_SECRET),
  /** An otpauth:// URI is accepted as well as the fields. */
  totp: z.union([totpInput, z.string().startsWith('otpauth://').max(4096), z.null()]),
  notes: z.string().max(MAX_LONG_TEXT),
  tags: z.array(z.string().trim().min(1).max(100)).max(50),
  customFields: z.array(z.strictObject({ name: z.string().trim().min(1).max(200), value: z.string().max(MAX_SECRET), secret: z.boolean() })).max(100),
  managedEmail: z.string().trim().max(320),
  managedPhone: z.string().trim().max(50),
  backupCodes: z.array(z.string().trim().min(1).max(200)).max(200),
  /** The site offers no TOTP: its codes come to the managed email ('email') or phone ('sms'). */
  codesBy: z.enum(['', 'email', 'sms']),
};

export const accountsChannels = {
  'accounts.list': channel<AccountList>()(
    z.strictObject({
      query: z.string().max(200).optional(),
      /** 'exclude' (default): live accounts; 'only': recently deleted; 'include': both. */
      deleted: z.enum(['exclude', 'include', 'only']).optional(),
      /** Send only the first rows (the renderer's first screenful); `total` still counts all. */
      limit: z.number().int().min(1).max(1000).optional(),
    }),
  ),
  'accounts.get': channel<AccountView>()(z.strictObject({ id })),
  'accounts.create': channel<SavedAccount>()(
    z.strictObject(editableFields).partial().required({ name: true }),
  ),
  'accounts.update': channel<SavedAccount>()(
    z.strictObject({ id, version: z.number().int().min(0), patch: z.strictObject(editableFields).partial() }),
  ),
  'accounts.delete': channel<{ id: string; restorableUntil: number }>()(z.strictObject({ id })),
  'accounts.restore': channel<SavedAccount>()(z.strictObject({ id })),
  'accounts.reveal': channel<{ value: string }>()(z.strictObject({ id, field: secretField })),
  'accounts.copy': channel<{ clearsInSeconds: number }>()(z.strictObject({ id, field: z.union([secretField, z.literal('username'), z.literal('totpCode')]) })),
  'accounts.history': channel<Array<{ index: number; changedAt: number; reason: string }>>()(z.strictObject({ id })),
  'accounts.revealHistory': channel<{ value: string }>()(z.strictObject({ id, index: z.number().int().min(0).max(10_000) })),
  'accounts.totp': channel<{ code: string; remainingSeconds: number | null; period: number | null }>()(z.strictObject({ id })),
};
