import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseMailboxConfig } from '../../../main/inbox/mailbox-config';

const base = { host: 'imap.example.com', address: 'Team@Example.com' };

describe('parseMailboxConfig', () => {
  it('fills TLS on 993, INBOX, the default alias pattern and a 30 s poll', () => {
    expect(parseMailboxConfig(base)).toEqual({
      host: 'imap.example.com',
      port: 993,
      security: 'tls',
      address: 'team@example.com',
      mailbox: 'INBOX',
      aliasPattern: '{local}+{slug}@{domain}',
      pollIntervalMs: 30_000,
    });
  });

  it.each([
    ['starttls', 143],
    ['tls', 993],
  ] as const)('defaults the port for %s to %d', (security, port) => {
    expect(parseMailboxConfig({ ...base, security }).port).toBe(port);
  });

  it.each(['127.0.0.1', 'localhost', '::1', '[::1]', '127.8.9.10'])('allows an unencrypted connection to %s', (host) => {
    expect(parseMailboxConfig({ ...base, host, security: 'none' }).security).toBe('none');
  });

  it.each<[string, Parameters<typeof parseMailboxConfig>[0], RegExp]>([
    ['an unencrypted remote server', { ...base, security: 'none' }, /only to this machine.*imap\.example\.com/],
    ['an unencrypted LAN server', { ...base, host: '192.168.1.10', security: 'none' }, /only to this machine/],
    ['a port out of range', { ...base, port: 70_000 }, /Port 70000/],
    ['a pattern without {slug}', { ...base, aliasPattern: '{local}@{domain}' }, /\{slug\}/],
    ['a pattern that is no address', { ...base, aliasPattern: '{slug}' }, /local@domain/],
    ['a mailbox address that is no address', { ...base, address: 'team' }, /not an email address/],
    ['a poll faster than a second', { ...base, pollIntervalMs: 10 }, /at least 1000 ms/],
    ['an unknown security', { ...base, security: 'ssl' as never }, /tls, starttls or none/],
  ])('refuses %s with INVALID_INPUT', (_name, draft, message) => {
    expect(() => parseMailboxConfig(draft)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(message) }));
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true], ['app.localhost', true], ['127.0.0.1', true], ['::1', true], ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false], ['localhost.example.com', false], ['imap.gmail.com', false], ['128.0.0.1', false],
  ])('%s → %s', (host, loopback) => expect(isLoopbackHost(host)).toBe(loopback));
});
