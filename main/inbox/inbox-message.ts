// The shape of one mail as the inbox hands it on: the envelope fields routing and code
// extraction need, the decoded text, and notes about anything that could not be kept.
// Parsing lives in mime-message.ts; routing and classification add to it in message-intake.ts.

export type InboxMessage = {
  /** IMAP UID in the mailbox it came from (0 for messages that did not come over IMAP). */
  uid: number;
  messageId: string;
  /** The sender's address, lower-cased (`github@noreply.github.com`). */
  from: string;
  fromName?: string;
  to: string[];
  cc: string[];
  /** Envelope recipients the delivering server recorded (Delivered-To, X-Original-To). */
  deliveredTo: string[];
  subject: string;
  /** The Date header; falls back to the arrival time when missing or unreadable. */
  date: Date;
  /** When the mailbox received it (IMAP INTERNALDATE): what "arrived after the submit" means. */
  receivedAt: Date;
  text: string;
  html?: string;
  /** What the parser had to drop or could not decode, for the person reading the message. */
  notes: string[];
  /** 'sms' for a text read from an SMS provider (Twilio); mail otherwise. */
  kind?: 'sms';
};

export type MessageCategory = 'verification_code' | 'security_alert' | 'recovery' | 'other';

/** A message after routing and classification: what the store keeps and the app shows. */
export type RoutedInboxMessage = InboxMessage & {
  accountIds: string[];
  category: MessageCategory;
  code?: string;
};
