import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from '../../support/dovecot';
import { codeMail, inboxFor, nextWholeSecond } from './inbox-harness';

let server: DovecotServer;
beforeAll(async () => {
  server = await startDovecot(['team']);
});
afterAll(async () => {
  await server?.stop();
});

// Dovecot's log process writes a login line a moment after the login itself, so tests poll for it.
const loginLines = () => server.log().split('\n').filter((line) => line.includes('imap-login: Info: Login: user=<team>'));

describe('the inbox against a real Dovecot', () => {
  it.each([
    ['plain IMAP on loopback', 'none', /secured, session/],
    ['STARTTLS with the test CA pinned', 'starttls', /TLS, session/],
    ['implicit TLS with the test CA pinned', 'tls', /TLS, session/],
  ] as const)('connects with %s and delivers a code', async (_name, security, loginLine) => {
    const { inbox } = inboxFor(server, { security });
    const loginsBefore = loginLines().length;
    await inbox.start();
    try {
      expect(inbox.status.state).toBe('connected');
      await expect.poll(() => loginLines().slice(loginsBefore).join('\n'), { timeout: 5_000 }).toMatch(loginLine);
      const after = await nextWholeSecond();
      const code = String(100_000 + Math.floor(Math.random() * 899_999));
      await server.deliver('team', codeMail({ code }));
      await expect(inbox.waitForCode({ accountId: 'github', after, clockToleranceMs: 0, timeoutMs: 10_000 })).resolves.toMatchObject({ code });
    } finally {
      await inbox.stop();
    }
    expect(inbox.status.state).toBe('stopped');
  });

  it.each(['tls', 'starttls'] as const)('refuses %s to a server whose CA it was not given (MAILBOX_TLS_FAILED)', async (security) => {
    const { inbox } = inboxFor(server, { security, trustCa: false });
    await expect(inbox.start()).rejects.toMatchObject({ code: 'MAILBOX_TLS_FAILED' });
    expect(inbox.status).toMatchObject({ state: 'stopped', error: { code: 'MAILBOX_TLS_FAILED' } });
  });

  it('names a folder that does not exist', async () => {
    const { inbox } = inboxFor(server, { mailbox: 'Codes' });
    await expect(inbox.start()).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('"Codes" does not exist') });
  });

  it('reports a wrong password as MAILBOX_AUTH_FAILED and does not keep trying', async () => {
    const { inbox } = inboxFor(server, { password: 'not-the-password' });
    await expect(inbox.start()).rejects.toMatchObject({
      code: 'MAILBOX_AUTH_FAILED',
      message: expect.stringMatching(/rejected the username or password.*vault/),
    });
    expect(inbox.status.state).toBe('stopped');
  });

  it('reports a server that is not listening as MAILBOX_UNREACHABLE', async () => {
    const { inbox } = inboxFor({ ...server, imapPort: 1 });
    await expect(inbox.start()).rejects.toMatchObject({ code: 'MAILBOX_UNREACHABLE', message: expect.stringContaining('127.0.0.1:1') });
  });

});
