// The managed inbox: the team mailbox over IMAP, one alias per account, routing, classification,
// code extraction and the code-source hook for automated logins; SMS codes through adapters.
// Plain Node: no Electron, no IPC, no vault. The caller supplies credentials and the store.

export { aliasForAccount, normalizeAddress, routeByRecipient, slugify, type AliasedAccount } from './alias-generator';
export { extractCode, type CodeMatch, type CodeSource } from './code-extractor';
export {
  createOtpProvider,
  DEFAULT_CODE_TIMEOUT_MS,
  waitForCode,
  type CodeReading,
  type CodeRequest,
  type FoundCode,
  type OtpProviderOptions,
} from './code-waiter';
export { htmlToText } from './html-text';
export { DEFAULT_MAX_MESSAGE_BYTES, ImapInbox, type ImapInboxOptions, type InboxState, type InboxStatus } from './imap-inbox';
export type { InboxMessage, MessageCategory, RoutedInboxMessage } from './inbox-message';
export { MemoryInboxStore, type InboxStore, type MessageQuery, type SyncState } from './inbox-store';
export {
  DEFAULT_ALIAS_PATTERN,
  DEFAULT_POLL_INTERVAL_MS,
  isLoopbackHost,
  parseMailboxConfig,
  type MailboxConfig,
  type MailboxConfigDraft,
  type MailboxCredentialProvider,
  type MailboxCredentials,
  type MailboxSecurity,
} from './mailbox-config';
export { classifyMessage } from './message-classifier';
export { RecentMessageFeed, type MessageFeed } from './message-feed';
export { DEFAULT_CLOCK_TOLERANCE_MS, matchesFilter, sentFromDomain, type MessageFilter } from './message-filter';
export { routeMessage } from './message-intake';
export { parseMimeMessage } from './mime-message';
export { DEFAULT_BACKOFF, reconnectDelayMs, type BackoffPolicy } from './reconnect-backoff';
export { ForwardedSmsAdapter } from './sms/forwarded-sms-adapter';
export { parseForwardedSms } from './sms/forwarded-sms-format';
export { normalizePhoneNumber, samePhoneNumber, type SmsAdapter, type SmsCodeRequest, type SmsMessage } from './sms/sms-adapter';
export { TWILIO_API_BASE_URL, TwilioSmsAdapter, type TwilioAdapterOptions, type TwilioCredentials } from './sms/twilio-adapter';
export { parseTwilioAccount, twilioNumberFor, type TwilioAccount, type TwilioAccountDraft } from './sms/twilio-account';
export { InboxService, type InboxMessageSummary, type InboxServiceStatus } from './inbox-service';
export { storeInboxMessage, VaultInboxStore } from './vault-inbox-store';
