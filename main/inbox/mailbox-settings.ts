// The team mailbox as the vault keeps it: the IMAP settings, the login, and optionally the
// Twilio account for SMS codes (its numbers; settings saved before several numbers were
// possible hold one `phoneNumber`), sealed together in one inbox state row. What leaves this
// module for the UI or the CLI is the public view: settings without any password or token.
import { z } from 'zod';
import { parseMailboxConfig, type MailboxConfig, type MailboxConfigDraft, type MailboxCredentials } from './mailbox-config';
import type { TwilioAccount } from './sms/twilio-account';
import { TesseraError } from '../errors';
import { MAILBOX_SETTINGS_STATE, type Vault } from '../vault';

const StoredSettingsSchema = z.object({
  config: z.object({
    host: z.string(),
    port: z.number().int(),
    security: z.enum(['tls', 'starttls', 'none']),
    address: z.string(),
    mailbox: z.string(),
    aliasPattern: z.string(),
    pollIntervalMs: z.number(),
    trustedCaPem: z.string().optional(),
  }),
  credentials: z.object({ username: z.string(), password: z.string() }),
  twilio: z.object({
    accountSid: z.string(),
    authToken: z.string(),
    phoneNumbers: z.array(z.string()).optional(),
    phoneNumber: z.string().optional(),
    apiBaseUrl: z.string().optional(),
  }).optional(),
  /** Start watching at every unlock. */
  enabled: z.boolean(),
});

export type MailboxSettings = {
  config: MailboxConfig;
  credentials: MailboxCredentials;
  twilio?: TwilioAccount;
  enabled: boolean;
};

/** What the app and the CLI may show: never a password or token. */
export type PublicMailboxSettings = {
  host: string;
  port: number;
  security: MailboxConfig['security'];
  address: string;
  mailbox: string;
  aliasPattern: string;
  username: string;
  hasCustomCa: boolean;
  /** The Twilio account without its token. */
  twilio: { accountSid: string; phoneNumbers: string[]; apiBaseUrl: string | null } | null;
};

export function readMailboxSettings(vault: Vault): MailboxSettings | undefined {
  const stored = vault.inbox.readState(MAILBOX_SETTINGS_STATE);
  if (stored === undefined) return undefined;
  const parsed = StoredSettingsSchema.safeParse(stored);
  if (!parsed.success) throw new TesseraError('ITEM_CORRUPT', 'The stored mailbox settings cannot be read. Connect the mailbox again.');
  const { config, twilio, ...rest } = parsed.data;
  return {
    ...rest,
    config: parseMailboxConfig(config as MailboxConfigDraft),
    ...(twilio ? { twilio: storedTwilio(twilio) } : {}),
  };
}

function storedTwilio({ accountSid, authToken, phoneNumbers, phoneNumber, apiBaseUrl }: NonNullable<z.infer<typeof StoredSettingsSchema>['twilio']>): TwilioAccount {
  return { accountSid, authToken, phoneNumbers: phoneNumbers ?? (phoneNumber ? [phoneNumber] : []), ...(apiBaseUrl ? { apiBaseUrl } : {}) };
}

export function writeMailboxSettings(vault: Vault, settings: MailboxSettings): void {
  vault.inbox.writeState(MAILBOX_SETTINGS_STATE, settings, {
    kind: 'inbox.configure',
    details: { host: settings.config.host, port: settings.config.port, security: settings.config.security, twilio: settings.twilio !== undefined },
  });
}

export function forgetMailboxSettings(vault: Vault): void {
  vault.inbox.writeState(MAILBOX_SETTINGS_STATE, undefined, { kind: 'inbox.disconnect', details: {} });
}

export function publicMailboxSettings(settings: MailboxSettings): PublicMailboxSettings {
  const { config } = settings;
  return {
    host: config.host,
    port: config.port,
    security: config.security,
    address: config.address,
    mailbox: config.mailbox,
    aliasPattern: config.aliasPattern,
    username: settings.credentials.username,
    hasCustomCa: config.trustedCaPem !== undefined,
    twilio: settings.twilio
      ? { accountSid: settings.twilio.accountSid, phoneNumbers: settings.twilio.phoneNumbers, apiBaseUrl: settings.twilio.apiBaseUrl ?? null }
      : null,
  };
}
