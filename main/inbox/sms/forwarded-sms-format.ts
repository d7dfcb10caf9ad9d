// Recognises an SMS that reached the mailbox by mail: carrier email gateways
// (`+15551234567@txt.att.net`), Google Voice (`…@txt.voice.google.com`, "New text message
// from …") and forwarding apps ("SMS from …", "SMS von …", "SMS de …"). Pure: mail in, SMS out.

import type { InboxMessage } from '../inbox-message';
import { normalizePhoneNumber } from './sms-adapter';
import type { SmsMessage } from './sms-adapter';

const CARRIER_GATEWAYS = [
  'txt.att.net', 'mms.att.net', 'vtext.com', 'vzwpix.com', 'tmomail.net', 'messaging.sprintpcs.com', 'pm.sprint.com',
  'email.uscc.net', 'sms.myboostmobile.com', 'mymetropcs.com', 'msg.fi.google.com', 'text.republicwireless.com',
];
const GOOGLE_VOICE = 'txt.voice.google.com';
const FORWARDER_SUBJECT = /^\s*(?:fwd?:\s*)?(?:new\s+)?(?:sms|text message|texto|mensaje|nouveau sms|nachricht)\s*(?:from|von|de|du)?\s*:?\s*(.+?)\s*$/i;
const GOOGLE_VOICE_FOOTER = /\n\s*(?:To respond to this text message|YOUR ACCOUNT\b|Google LLC)[\s\S]*$/i;

export function parseForwardedSms(message: InboxMessage): SmsMessage | undefined {
  const [local = '', domain = ''] = splitAddress(message.from);
  let from: string | undefined;
  let body = message.text;
  if (CARRIER_GATEWAYS.includes(domain) && /^\+?\d{5,15}$/.test(local)) {
    from = normalizePhoneNumber(local);
  } else if (domain === GOOGLE_VOICE) {
    // <our number>.<sender>.<token>@txt.voice.google.com
    const sender = local.split('.')[1];
    const fromSubject = FORWARDER_SUBJECT.exec(message.subject)?.[1];
    from = normalizePhoneNumber(sender && /^\d+$/.test(sender) ? sender : (fromSubject ?? local));
    body = body.replace(GOOGLE_VOICE_FOOTER, '');
  } else {
    const sender = FORWARDER_SUBJECT.exec(message.subject)?.[1];
    if (!sender) return undefined;
    from = normalizePhoneNumber(sender);
    body = body.replace(/^\s*(?:from|von|de)\s*:\s*\S[^\n]*\n/i, '');
  }
  return {
    id: message.messageId,
    from,
    to: message.deliveredTo[0] ?? message.to[0] ?? '',
    body: body.replace(/\n-- ?\n[\s\S]*$/, '').trim(),
    receivedAt: message.receivedAt,
  };
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf('@');
  return at < 0 ? [address, ''] : [address.slice(0, at).toLowerCase(), address.slice(at + 1).toLowerCase()];
}
