import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MessageCategory } from '../../../main/inbox/inbox-message';
import { routeMessage } from '../../../main/inbox/message-intake';
import { parseMimeMessage } from '../../../main/inbox/mime-message';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/mail/${name}`, import.meta.url));
const accounts = [
  { id: 'github', alias: 'team+github-7c1e2a@example.test' },
  { id: 'google', alias: 'team+google-3b9d11@example.test' },
  { id: 'app', alias: 'team+app-12ab34@example.test' },
];

describe('a real-looking mail, parsed, routed and classified', () => {
  it.each<[string, MessageCategory, string | undefined]>([
    ['github-device-verification.eml', 'verification_code', '482913'],
    ['google-verification.eml', 'verification_code', '730418'],
    ['microsoft-security-code.eml', 'verification_code', '5062'],
    ['slack-confirmation.eml', 'verification_code', '284615'],
    ['amazon-otp.eml', 'verification_code', '918273'],
    ['german-bestaetigungscode.eml', 'verification_code', '660142'],
    ['spanish-codigo.eml', 'verification_code', '3710'],
    ['french-code.eml', 'verification_code', 'K7PX2Q'],
    ['password-reset.eml', 'recovery', '552901'],
    ['new-signin-alert.eml', 'security_alert', undefined],
    ['receipt-no-code.eml', 'other', undefined],
    ['promo-newsletter.eml', 'other', undefined],
    ['broken-charset.eml', 'verification_code', '304918'],
    ['invalid-utf8.eml', 'verification_code', '818181'],
  ])('%s is %s with code %s', async (file, category, code) => {
    const message = routeMessage(await parseMimeMessage(fixture(file), { uid: 7, receivedAt: new Date() }), accounts);
    expect(message.category).toBe(category);
    expect(message.code).toBe(code);
  });

  it('routes by Delivered-To and To, and keeps the sender and subject decoded', async () => {
    const github = routeMessage(await parseMimeMessage(fixture('github-device-verification.eml'), { uid: 1, receivedAt: new Date() }), accounts);
    expect(github).toMatchObject({
      accountIds: ['github'],
      from: 'noreply@github.com',
      fromName: 'GitHub',
      deliveredTo: ['team+github-7c1e2a@example.test'],
      subject: '[GitHub] Please verify your device',
      messageId: '<6f1e2a3b-device@github.com>',
    });
    const german = await parseMimeMessage(fixture('german-bestaetigungscode.eml'), { uid: 2, receivedAt: new Date() });
    expect(german.subject).toBe('Ihr Bestätigungscode');
    expect(german.text).toContain('Hauptstraße 5');
  });

  it('keeps an HTML-only mail as HTML and as text', async () => {
    const slack = await parseMimeMessage(fixture('slack-confirmation.eml'), { uid: 3, receivedAt: new Date() });
    expect(slack.html).toContain('<div');
    expect(slack.text).toContain('284-615');
  });
});

describe('parseMimeMessage on bad input', () => {
  const arrival = { uid: 9, receivedAt: new Date('2024-05-01T10:00:00Z') };

  it.each([
    ['an empty source', Buffer.alloc(0)],
    ['binary noise', Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 131) % 256))],
    ['headers without a body', Buffer.from('From: a@b.example\r\nSubject: only headers')],
    ['a header line of 200 000 characters', Buffer.from(`Subject: ${'x'.repeat(200_000)}\r\n\r\nbody`)],
    ['nested multiparts that never close', Buffer.from(`Content-Type: multipart/mixed; boundary=a\r\n\r\n${'--a\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n'.repeat(200)}`)],
  ])('never throws on %s', async (_name, source) => {
    const message = await parseMimeMessage(source, arrival);
    expect(message.uid).toBe(9);
    expect(message.messageId).toMatch(/^<.+>$/);
  });

  it('stands in a stable Message-ID and the arrival time when they are missing', async () => {
    const source = Buffer.from('From: a@b.example\r\nSubject: hi\r\n\r\ncode 123456\r\n');
    const [first, second] = [await parseMimeMessage(source, arrival), await parseMimeMessage(source, arrival)];
    expect(first.messageId).toBe(second.messageId);
    expect(first.messageId).toContain('@generated.tessera.invalid');
    expect(first.date).toEqual(arrival.receivedAt);
  });
});
