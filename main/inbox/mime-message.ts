// Raw RFC 5322 source to an InboxMessage, with mailparser doing MIME and charsets. It never
// throws: what cannot be decoded is kept as well as possible and named in `notes`, because
// one malformed mail must not stop the inbox or hide the next code.

import { createHash } from 'node:crypto';
import type { AddressObject, ParsedMail } from 'mailparser';
import { normalizeAddress } from './alias-generator';
import type { InboxMessage } from './inbox-message';

export type Arrival = { uid: number; receivedAt: Date };

/** Text kept from a message whose source could not be parsed at all. */
const RAW_FALLBACK_CHARS = 100_000;

export async function parseMimeMessage(source: Buffer, arrival: Arrival): Promise<InboxMessage> {
  // mailparser loads with the first message, not with every process.
  const { simpleParser } = await import('mailparser');
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(source, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  } catch (error) {
    return {
      uid: arrival.uid,
      messageId: generatedMessageId(source),
      from: '',
      to: [],
      cc: [],
      deliveredTo: [],
      subject: '',
      date: arrival.receivedAt,
      receivedAt: arrival.receivedAt,
      text: source.subarray(0, RAW_FALLBACK_CHARS).toString('utf8'),
      notes: [`The message could not be parsed (${error instanceof Error ? error.message : 'unknown error'}); showing its raw text.`],
    };
  }
  const fromAddress = parsed.from?.value[0];
  const html = typeof parsed.html === 'string' ? parsed.html : undefined;
  return {
    uid: arrival.uid,
    messageId: parsed.messageId?.trim() || generatedMessageId(source),
    from: normalizeAddress(fromAddress?.address ?? '') ?? (fromAddress?.address ?? '').toLowerCase(),
    ...(fromAddress?.name ? { fromName: fromAddress.name } : {}),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    deliveredTo: envelopeRecipients(parsed),
    subject: parsed.subject ?? '',
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : arrival.receivedAt,
    receivedAt: arrival.receivedAt,
    text: parsed.text ?? '',
    ...(html ? { html } : {}),
    notes: [],
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects
    .flatMap((object) => object.value)
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .map((entry) => normalizeAddress(entry.address ?? ''))
    .filter((address): address is string => address !== undefined);
}

function envelopeRecipients(parsed: ParsedMail): string[] {
  return parsed.headerLines
    .filter((header) => header.key === 'delivered-to' || header.key === 'x-original-to')
    .map((header) => normalizeAddress(header.line.slice(header.line.indexOf(':') + 1)))
    .filter((address): address is string => address !== undefined);
}

/** A stable stand-in for a missing Message-ID, so a resync still recognises the message. */
function generatedMessageId(source: Buffer): string {
  return `<${createHash('sha256').update(source).digest('hex').slice(0, 32)}@generated.tessera.invalid>`;
}
