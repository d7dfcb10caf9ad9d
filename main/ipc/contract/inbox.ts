// Channels for the managed inbox: connect the team mailbox (the connection is
// tested before anything is stored; its password goes into the vault and never comes back),
// status, the team's Twilio account (tested before it is saved; its token never comes back),
// each account's alias and "use managed email", its SMS route and "use a team number",
// messages per account and for the team (everyone with a role on an account sees its
// messages), one message.
import { z } from 'zod';
import { channel, event } from './define';
import { MAX_SECRET, id } from './limits';

/** The team mailbox's settings without its password, and the Twilio account without its token. */
export type PublicMailboxSettings = {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  address: string;
  mailbox: string;
  aliasPattern: string;
  username: string;
  hasCustomCa: boolean;
  twilio: { accountSid: string; phoneNumbers: string[]; apiBaseUrl: string | null } | null;
};

export type InboxServiceStatus = {
  configured: boolean;
  state: 'stopped' | 'connecting' | 'connected' | 'reconnecting';
  error: { code: string; message: string } | null;
  settings: PublicMailboxSettings | null;
};

export type InboxMessageSummary = {
  id: string;
  /** 'sms' for a text read through Twilio. */
  kind: 'mail' | 'sms';
  accountIds: string[];
  category: 'verification_code' | 'security_alert' | 'recovery' | 'other';
  from: string;
  fromName: string | null;
  subject: string;
  receivedAt: number;
  code: string | null;
  preview: string;
};

export type InboxMessageDetail = InboxMessageSummary & { to: string[]; text: string; notes: string[] };

/** How SMS codes for an account's managed phone reach Tessera. */
export type SmsRoute = { via: 'twilio' | 'forwarded-mail'; phoneNumber: string } | null;

const messageId = z.string().uuid();
const phoneNumber = z.string().trim().min(3).max(32);
const twilio = z.strictObject({
  accountSid: z.string().trim().min(1).max(64),
  authToken: z.string().min(1).max(MAX_SECRET),
  phoneNumbers: z.array(phoneNumber).min(1).max(20),
  apiBaseUrl: z.string().trim().max(200).optional(),
});

export const inboxChannels = {
  'inbox.status': channel<InboxServiceStatus>()(z.strictObject({})),
  /** Logs in once with these settings; only then stores them (credentials in the vault) and starts watching. */
  'inbox.connect': channel<InboxServiceStatus>()(
    z.strictObject({
      host: z.string().trim().min(1).max(255),
      port: z.number().int().min(1).max(65_535).optional(),
      security: z.enum(['tls', 'starttls', 'none']).optional(),
      address: z.string().trim().min(3).max(320),
      mailbox: z.string().trim().max(200).optional(),
      aliasPattern: z.string().trim().max(200).optional(),
      trustedCaPem: z.string().max(20_000).optional(),
      username: z.string().min(1).max(320),
      password: z.string().min(1).max(MAX_SECRET),
      twilio: twilio.optional(),
    }),
  ),
  /** Tests the Twilio account with one request, then keeps it with the mailbox settings; null removes it. */
  'inbox.setTwilio': channel<InboxServiceStatus>()(z.strictObject({ twilio: twilio.nullable() })),
  'inbox.disconnect': channel<InboxServiceStatus>()(z.strictObject({})),
  /** The account's alias in the team mailbox, and whether it is already its managed email. */
  'inbox.alias': channel<{ alias: string; inUse: boolean; sms: SmsRoute; teamNumbers: string[] }>()(z.strictObject({ id })),
  /** Stores the alias as the account's managed email (Owners). */
  'inbox.useManagedEmail': channel<{ alias: string }>()(z.strictObject({ id })),
  /** Makes one of the team's Twilio numbers the account's managed phone (Owners). */
  'inbox.useManagedPhone': channel<{ phoneNumber: string }>()(z.strictObject({ id, phoneNumber })),
  /** Messages routed to one account (`id`), or the team inbox without it. Newest first. */
  'inbox.list': channel<{ messages: InboxMessageSummary[] }>()(
    z.strictObject({ id: id.optional(), limit: z.number().int().min(1).max(500).optional() }),
  ),
  'inbox.get': channel<InboxMessageDetail>()(z.strictObject({ messageId })),
};

export const inboxEvents = {
  'inbox.state': event<{ state: InboxServiceStatus['state']; error: { code: string; message: string } | null }>(),
  /** New mail arrived (no content: the UI lists again). */
  'inbox.message': event<{ accountIds: string[]; category: InboxMessageSummary['category']; receivedAt: number }>(),
};
