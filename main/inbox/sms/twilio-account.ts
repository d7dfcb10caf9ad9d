// The team's Twilio account as Tessera keeps it: Account SID, auth token, the Twilio numbers
// that receive codes (an account whose managed phone is one of them reads its SMS codes
// through the Messages API), and optionally a regional API address. Validation is pure; the
// token is only ever checked by using it (see InboxService.connect / setTwilio).
import { TesseraError } from '../../errors';
import { normalizePhoneNumber, samePhoneNumber } from './sms-adapter';
import { TWILIO_API_BASE_URL, type TwilioCredentials } from './twilio-adapter';

export type TwilioAccount = TwilioCredentials & {
  /** E.164, normalized (`+15558675310`), at least one. */
  phoneNumbers: string[];
  /** A regional edge (`https://api.dublin.ie1.twilio.com`) or a loopback test server; default api.twilio.com. */
  apiBaseUrl?: string;
};

export type TwilioAccountDraft = { accountSid: string; authToken: string; phoneNumbers: readonly string[]; apiBaseUrl?: string | undefined };

const MAX_NUMBERS = 20;

function invalid(message: string): TesseraError {
  return new TesseraError('INVALID_INPUT', message);
}

export function parseTwilioAccount(draft: TwilioAccountDraft): TwilioAccount {
  const accountSid = draft.accountSid.trim();
  if (!/^AC[0-9a-f]{32}$/i.test(accountSid)) throw invalid('The Twilio Account SID starts with AC followed by 32 letters and digits. Copy it from the Twilio Console.');
  if (draft.authToken.trim() === '') throw invalid('The Twilio auth token is empty. Copy it from the Twilio Console.');
  const phoneNumbers: string[] = [];
  for (const raw of draft.phoneNumbers) {
    if (raw.trim() === '') continue;
    const number = normalizePhoneNumber(raw);
    if (!/^\+\d{8,15}$/.test(number)) throw invalid(`"${raw.trim()}" is not a phone number in international form. Write it with its country code, like +15558675310.`);
    if (!phoneNumbers.some((known) => samePhoneNumber(known, number))) phoneNumbers.push(number);
  }
  if (phoneNumbers.length === 0) throw invalid('Give at least one Twilio phone number that receives the codes.');
  if (phoneNumbers.length > MAX_NUMBERS) throw invalid(`At most ${MAX_NUMBERS} Twilio numbers can be watched.`);
  const apiBaseUrl = draft.apiBaseUrl?.trim() ? twilioApiBaseUrl(draft.apiBaseUrl.trim()) : undefined;
  return { accountSid, authToken: draft.authToken.trim(), phoneNumbers, ...(apiBaseUrl && apiBaseUrl !== TWILIO_API_BASE_URL ? { apiBaseUrl } : {}) };
}

/** The team number that is this account's managed phone, if any. */
export function twilioNumberFor(account: Pick<TwilioAccount, 'phoneNumbers'>, managedPhone: string): string | undefined {
  return managedPhone ? account.phoneNumbers.find((number) => samePhoneNumber(number, managedPhone)) : undefined;
}

// The token travels with every request: only to Twilio over HTTPS, or to this machine.
function twilioApiBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`"${raw}" is not a web address. Leave the Twilio API address empty to use api.twilio.com.`);
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  const twilio = url.protocol === 'https:' && (url.hostname === 'twilio.com' || url.hostname.endsWith('.twilio.com'));
  if (!(twilio || (loopback && (url.protocol === 'http:' || url.protocol === 'https:'))) || url.username || url.password || url.search || url.hash) {
    throw invalid('The Twilio API address must be an https://….twilio.com address (a regional edge) or a server on this computer.');
  }
  return url.origin;
}
