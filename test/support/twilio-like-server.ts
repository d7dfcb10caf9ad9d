// A local stand-in for api.twilio.com's Messages resource, for tests: HTTP Basic auth with one
// Account SID and auth token (anything else gets Twilio's documented 401 body, error 20003),
// and GET /2010-04-01/Accounts/{sid}/Messages.json answering the inbound texts given, filtered
// by `To`. Loopback only. Every request is recorded (path and whether it authenticated).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeText = { sid: string; from: string; to: string; body: string; sentAt: Date };

export type TwilioLikeServer = {
  baseUrl: string;
  texts: FakeText[];
  requests: { path: string; authorized: boolean }[];
  close(): Promise<void>;
};

const rfc2822 = (date: Date) => date.toUTCString().replace('GMT', '+0000');

export async function startTwilioLikeServer(accountSid: string, authToken: string): Promise<TwilioLikeServer> {
  const texts: FakeText[] = [];
  const requests: TwilioLikeServer['requests'] = [];
  const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const authorized = request.headers.authorization === expected;
    requests.push({ path: url.pathname, authorized });
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (!authorized) return reply(401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    if (url.pathname !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) return reply(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    const to = url.searchParams.get('To');
    const messages = texts.filter((text) => to === null || text.to === to).map((text) => ({
      account_sid: accountSid, api_version: '2010-04-01', body: text.body, date_created: rfc2822(text.sentAt), date_sent: rfc2822(text.sentAt),
      direction: 'inbound', from: text.from, sid: text.sid, status: 'received', to: text.to,
    }));
    reply(200, { messages, next_page_uri: null, page: 0, page_size: 100 });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    texts,
    requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
