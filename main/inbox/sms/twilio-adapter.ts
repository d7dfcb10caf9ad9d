// Codes sent to a Twilio number, read through Twilio's Messages API
// (GET /2010-04-01/Accounts/{AccountSid}/Messages.json?To=…&DateSent>=…, HTTP Basic auth,
// paging by next_page_uri). A 429 waits for Retry-After and tries again; a 401 is a clear error.

import { abortableDelay } from '../abortable-delay';
import { TesseraError } from '../../errors';
import { extractCode } from '../code-extractor';
import { DEFAULT_CLOCK_TOLERANCE_MS } from '../message-filter';
import { samePhoneNumber, type SmsAdapter, type SmsCodeRequest, type SmsMessage } from './sms-adapter';

export type TwilioCredentials = { accountSid: string; authToken: string };

export type TwilioAdapterOptions = {
  /** Asked for every request; the caller keeps the auth token in the vault. */
  credentials: () => Promise<TwilioCredentials>;
  /** The team's Twilio number that receives the codes. */
  phoneNumber: string;
  baseUrl?: string;
  pollIntervalMs?: number;
};

export const TWILIO_API_BASE_URL = 'https://api.twilio.com';
const DEFAULT_POLL_INTERVAL_MS = 3_000;
const MAX_RATE_LIMIT_RETRIES = 3;
const MAX_RETRY_AFTER_MS = 30_000;
const MAX_PAGES = 20;

type TwilioMessage = {
  sid: string;
  from: string;
  to: string;
  body: string | null;
  date_sent: string | null;
  date_created?: string | null;
  direction: string;
  status: string;
};
type TwilioPage = { messages?: TwilioMessage[]; next_page_uri?: string | null };

export class TwilioSmsAdapter implements SmsAdapter {
  private readonly baseUrl: string;

  constructor(private readonly options: TwilioAdapterOptions) {
    this.baseUrl = (options.baseUrl ?? TWILIO_API_BASE_URL).replace(/\/+$/, '');
  }

  /** Inbound texts to the number sent at or after `since`, oldest first. */
  async fetchMessagesSince(since: Date, signal?: AbortSignal): Promise<SmsMessage[]> {
    const credentials = await this.options.credentials();
    // Twilio filters by day only; the exact instant is checked below.
    const query = new URLSearchParams({ To: this.options.phoneNumber, 'DateSent>': since.toISOString().slice(0, 10), PageSize: '100' });
    let path: string | null | undefined = `/2010-04-01/Accounts/${encodeURIComponent(credentials.accountSid)}/Messages.json?${query}`;
    const found: SmsMessage[] = [];
    for (let page = 0; path && page < MAX_PAGES; page += 1) {
      const body: TwilioPage = await this.get(path, credentials, signal);
      for (const message of body.messages ?? []) {
        const sent = new Date(message.date_sent ?? message.date_created ?? '');
        if (!message.direction.startsWith('inbound') || Number.isNaN(sent.getTime()) || sent < since) continue;
        found.push({ id: message.sid, from: message.from, to: message.to, body: message.body ?? '', receivedAt: sent });
      }
      path = body.next_page_uri;
    }
    return found.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  }

  async waitForCode(request: SmsCodeRequest): Promise<string> {
    const deadline = Date.now() + request.timeoutMs;
    const since = new Date(request.after.getTime() - (request.clockToleranceMs ?? DEFAULT_CLOCK_TOLERANCE_MS));
    for (;;) {
      if (request.signal?.aborted) throw cancelled();
      const messages = await this.fetchMessagesSince(since, request.signal);
      for (const message of messages) {
        if (request.from !== undefined && !samePhoneNumber(message.from, request.from)) continue;
        const code = extractCode({ subject: '', text: message.body })?.code;
        if (code) return code;
      }
      const wait = Math.min(this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, deadline - Date.now());
      if (wait <= 0) throw new TesseraError('TIMEOUT', `No SMS code reached ${this.options.phoneNumber} within ${Math.round(request.timeoutMs / 1000)} s.`);
      await abortableDelay(wait, request.signal);
    }
  }

  private async get(path: string, credentials: TwilioCredentials, signal: AbortSignal | undefined): Promise<TwilioPage> {
    const authorization = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}${path}`, { headers: { authorization, accept: 'application/json' }, ...(signal ? { signal } : {}) });
      } catch (error) {
        if (signal?.aborted) throw cancelled();
        throw new TesseraError('SMS_PROVIDER_FAILED', `Twilio could not be reached (${error instanceof Error ? error.message : 'network error'}). Check the connection and try again.`);
      }
      if (response.ok) return (await response.json()) as TwilioPage;
      const detail = await twilioErrorDetail(response);
      if (response.status === 401 || response.status === 403) {
        throw new TesseraError('SMS_PROVIDER_AUTH_FAILED', `Twilio rejected the Account SID or auth token${detail}. Check the Twilio credentials in the vault.`);
      }
      if (response.status === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
        await abortableDelay(retryAfterMs(response.headers.get('retry-after'), attempt), signal);
        if (signal?.aborted) throw cancelled();
        continue;
      }
      throw new TesseraError('SMS_PROVIDER_FAILED', `Twilio answered ${response.status}${detail}. Try again later.`);
    }
  }
}

/** Retry-After in seconds or as an HTTP date; without one, back off 1 s, 2 s, 4 s. */
export function retryAfterMs(header: string | null, attempt: number, now = Date.now()): number {
  const seconds = header === null ? NaN : Number(header);
  const fromHeader = Number.isFinite(seconds) ? seconds * 1000 : header ? new Date(header).getTime() - now : NaN;
  const ms = Number.isFinite(fromHeader) ? fromHeader : 1000 * 2 ** attempt;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

async function twilioErrorDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { code?: number; message?: string };
    return body.message ? ` (${body.code ?? response.status}: ${body.message})` : '';
  } catch {
    return '';
  }
}


function cancelled(): TesseraError {
  return new TesseraError('CANCELLED', 'Waiting for the SMS code was cancelled.');
}
