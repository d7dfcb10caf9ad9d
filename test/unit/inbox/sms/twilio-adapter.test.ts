import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { retryAfterMs, TwilioSmsAdapter } from '../../../../main/inbox/sms/twilio-adapter';

// A local stand-in for api.twilio.com that answers like the documented Messages resource.
const SID = 'AC00000000000000000000000000000001';
const TOKEN = 'test-auth-token';
const NUMBER = '+15558675310';

type Handler = (request: IncomingMessage, url: URL, response: ServerResponse) => void;
let server: Server;
let baseUrl: string;
let handler: Handler;
const seen: { url: URL; authorization: string | undefined }[] = [];

const rfc2822 = (date: Date) => date.toUTCString().replace('GMT', '+0000');
const twilioMessage = (sid: string, body: string, sent: Date, overrides: Record<string, unknown> = {}) => ({
  account_sid: SID, api_version: '2010-04-01', body, date_created: rfc2822(sent), date_sent: rfc2822(sent), date_updated: rfc2822(sent),
  direction: 'inbound', error_code: null, error_message: null, from: '+15017122661', messaging_service_sid: null, num_media: '0',
  num_segments: '1', price: null, price_unit: 'USD', sid, status: 'received', to: NUMBER,
  uri: `/2010-04-01/Accounts/${SID}/Messages/${sid}.json`, ...overrides,
});
const page = (messages: unknown[], next: string | null, pageNumber = 0) => ({
  end: messages.length - 1, first_page_uri: `/2010-04-01/Accounts/${SID}/Messages.json?PageSize=100&Page=0`, messages,
  next_page_uri: next, page: pageNumber, page_size: 100, previous_page_uri: null, start: 0, uri: `/2010-04-01/Accounts/${SID}/Messages.json`,
});
const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};
const error = (code: number, status: number, message: string) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    seen.push({ url, authorization: request.headers.authorization });
    if (request.headers.authorization !== `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`) {
      return json(response, 401, error(20003, 401, 'Authenticate'), { 'www-authenticate': 'Basic realm="Twilio API"' });
    }
    handler(request, url, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
});

const adapter = (token = TOKEN) =>
  new TwilioSmsAdapter({ credentials: async () => ({ accountSid: SID, authToken: token }), phoneNumber: NUMBER, baseUrl, pollIntervalMs: 100 });

describe('TwilioSmsAdapter against a Twilio-shaped server', () => {
  it('asks for texts to the number since the day, with Basic auth, and follows next_page_uri', async () => {
    const since = new Date(Date.now() - 60_000);
    const nextPage = `/2010-04-01/Accounts/${SID}/Messages.json?To=%2B15558675310&PageSize=100&Page=1&PageToken=PASM1`;
    handler = (_request, url, response) => {
      if (url.searchParams.get('PageToken') === 'PASM1') return json(response, 200, page([twilioMessage('SM3', 'Your code is 333333', new Date())], null, 1));
      json(response, 200, page([
        twilioMessage('SM1', 'Your code is 111111', new Date(Date.now() - 10_000)),
        twilioMessage('SM0', 'Too old: 000000', new Date(Date.now() - 3_600_000)),
        twilioMessage('SM2', 'Reply sent', new Date(), { direction: 'outbound-api', status: 'delivered' }),
      ], nextPage));
    };
    const texts = await adapter().fetchMessagesSince(since);
    expect(texts.map((text) => text.id)).toEqual(['SM1', 'SM3']);
    expect(texts[0]).toMatchObject({ from: '+15017122661', to: NUMBER, body: 'Your code is 111111' });
    const first = seen[0]!.url;
    expect(first.pathname).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(first.searchParams.get('To')).toBe(NUMBER);
    expect(first.searchParams.get('DateSent>')).toBe(since.toISOString().slice(0, 10));
    expect(seen[1]!.url.searchParams.get('PageToken')).toBe('PASM1');
  });

  it('waits until a text with a code arrives', async () => {
    const after = new Date();
    let polls = 0;
    handler = (_request, _url, response) => {
      polls += 1;
      const messages = polls < 3 ? [] : [twilioMessage('SM9', '662043 is your Acme verification code', new Date())];
      json(response, 200, page(messages, null));
    };
    await expect(adapter().waitForCode({ after, timeoutMs: 5_000 })).resolves.toBe('662043');
    expect(polls).toBe(3);
  });

  it('turns a 401 into SMS_PROVIDER_AUTH_FAILED with Twilio\'s reason', async () => {
    await expect(adapter('wrong').fetchMessagesSince(new Date())).rejects.toMatchObject({
      code: 'SMS_PROVIDER_AUTH_FAILED',
      message: expect.stringContaining('20003: Authenticate'),
    });
  });

  it('waits for Retry-After on a 429 and then succeeds', async () => {
    let calls = 0;
    handler = (_request, _url, response) => {
      calls += 1;
      if (calls === 1) return json(response, 429, error(20429, 429, 'Too Many Requests'), { 'retry-after': '1' });
      json(response, 200, page([twilioMessage('SM5', 'code 515151', new Date())], null));
    };
    const started = Date.now();
    const texts = await adapter().fetchMessagesSince(new Date(Date.now() - 5_000));
    expect(texts.map((text) => text.id)).toEqual(['SM5']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('gives up with SMS_PROVIDER_FAILED when the rate limit does not lift', async () => {
    handler = (_request, _url, response) => json(response, 429, error(20429, 429, 'Too Many Requests'), { 'retry-after': '0' });
    await expect(adapter().fetchMessagesSince(new Date())).rejects.toMatchObject({ code: 'SMS_PROVIDER_FAILED', message: expect.stringContaining('429') });
    expect(seen).toHaveLength(4);
  });

  it('reports TIMEOUT when no code comes, and CANCELLED when aborted', async () => {
    handler = (_request, _url, response) => json(response, 200, page([], null));
    await expect(adapter().waitForCode({ after: new Date(), timeoutMs: 250 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    const controller = new AbortController();
    const waiting = adapter().waitForCode({ after: new Date(), timeoutMs: 5_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 150);
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('reports SMS_PROVIDER_FAILED when nothing listens', async () => {
    const offline = new TwilioSmsAdapter({ credentials: async () => ({ accountSid: SID, authToken: TOKEN }), phoneNumber: NUMBER, baseUrl: 'http://127.0.0.1:1' });
    await expect(offline.fetchMessagesSince(new Date())).rejects.toMatchObject({ code: 'SMS_PROVIDER_FAILED' });
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2024-05-01T10:00:00Z');
  it.each<[string | null, number, number]>([
    ['2', 0, 2_000],
    ['0', 0, 0],
    ['Wed, 01 May 2024 10:00:05 GMT', 0, 5_000],
    ['3600', 0, 30_000],
    [null, 0, 1_000],
    [null, 2, 4_000],
    ['soon', 1, 2_000],
  ])('Retry-After %s on attempt %d waits %d ms', (header, attempt, ms) => expect(retryAfterMs(header, attempt, now)).toBe(ms));
});
