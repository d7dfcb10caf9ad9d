import { describe, expect, it } from 'vitest';
import type { InboxMessage, RoutedInboxMessage } from '../../../../main/inbox/inbox-message';
import { RecentMessageFeed } from '../../../../main/inbox/message-feed';
import { ForwardedSmsAdapter } from '../../../../main/inbox/sms/forwarded-sms-adapter';
import { parseForwardedSms } from '../../../../main/inbox/sms/forwarded-sms-format';
import { normalizePhoneNumber, samePhoneNumber } from '../../../../main/inbox/sms/sms-adapter';
import { routedMessage } from '../message-builders';

const mail = (from: string, subject: string, text: string): RoutedInboxMessage =>
  routedMessage({ from, subject, text, to: ['team+sms@example.com'], category: 'other', code: undefined, accountIds: [] });

describe('parseForwardedSms', () => {
  it.each<[string, InboxMessage, { from: string; body: string } | undefined]>([
    ['an AT&T gateway mail', mail('+15551234567@txt.att.net', '', 'Your Acme code is 123456\n--\nSent via AT&T'), { from: '+15551234567', body: 'Your Acme code is 123456' }],
    ['a Verizon gateway mail', mail('5551234567@vtext.com', '', 'G-730418 is your Google verification code.'), { from: '5551234567', body: 'G-730418 is your Google verification code.' }],
    [
      'Google Voice',
      mail('15550001111.15557654321.aBcDeF1234@txt.voice.google.com', 'New text message from (555) 765-4321', '481516 is your Slack code\n\nTo respond to this text message, reply to this email or visit Google Voice.\nYOUR ACCOUNT HELP CENTER'),
      { from: '15557654321', body: '481516 is your Slack code' },
    ],
    ['a forwarding app ("SMS from")', mail('forwarder@phone.example', 'SMS from +1 (555) 222-3333', 'From: +15552223333\nYour verification code: 7731'), { from: '+15552223333', body: 'Your verification code: 7731' }],
    ['a German forwarding app', mail('forwarder@phone.example', 'SMS von Acme', 'Ihr Code lautet 660142'), { from: 'Acme', body: 'Ihr Code lautet 660142' }],
    ['a Spanish forwarding app', mail('forwarder@phone.example', 'SMS de 32665', 'Tu código es 3710'), { from: '32665', body: 'Tu código es 3710' }],
    ['an ordinary mail', mail('noreply@github.com', 'Your verification code', 'Verification code: 482913'), undefined],
    ['a gateway domain with a name instead of a number', mail('billing@txt.att.net', 'Your bill', 'Your bill is ready'), undefined],
  ])('%s', (_name, message, expected) => {
    const sms = parseForwardedSms(message);
    if (expected === undefined) expect(sms).toBeUndefined();
    else expect(sms).toMatchObject({ ...expected, to: 'team+sms@example.com', receivedAt: message.receivedAt });
  });
});

describe('phone numbers', () => {
  it.each([
    ['+1 (555) 123-4567', '+15551234567'],
    ['555.123.4567', '5551234567'],
    ['Google', 'Google'],
    ['32665', '32665'],
  ])('normalizes %s to %s', (raw, normalized) => expect(normalizePhoneNumber(raw)).toBe(normalized));

  it.each([
    ['+15551234567', '(555) 123-4567', true],
    ['+445551234567', '+15551234567', true],
    ['32665', '32665', true],
    ['32665', '+15551232665', false],
    ['Google', 'google', true],
  ])('%s and %s are the same number: %s', (a, b, same) => expect(samePhoneNumber(a, b)).toBe(same));
});

describe('ForwardedSmsAdapter', () => {
  it('lists forwarded texts since a moment and waits for a code from a given number', async () => {
    const feed = new RecentMessageFeed();
    const adapter = new ForwardedSmsAdapter(feed);
    const after = new Date();
    feed.publish(mail('noreply@github.com', 'Your verification code', 'Verification code: 482913'));
    const waiting = adapter.waitForCode({ from: '(555) 765-4321', after, timeoutMs: 2_000 });
    feed.publish({ ...mail('+15551112222@txt.att.net', '', 'Your code is 111111'), receivedAt: new Date() });
    feed.publish({ ...mail('+15557654321@tmomail.net', '', '123456 is your Uber code. Reply STOP to 89203 to opt out.'), receivedAt: new Date() });
    await expect(waiting).resolves.toBe('123456');
    const texts = await adapter.fetchMessagesSince(after);
    expect(texts.map((sms) => sms.from)).toEqual(['+15551112222', '+15557654321']);
  });
});
