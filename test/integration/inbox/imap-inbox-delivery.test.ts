import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapInbox, InboxState } from '../../../main/inbox/imap-inbox';
import type { MemoryInboxStore } from '../../../main/inbox/inbox-store';
import { startDovecot, type DovecotServer } from '../../support/dovecot';
import { startFreezableProxy } from '../../support/freezable-proxy';
import { ACCOUNTS, codeMail, eventually, inboxFor, nextWholeSecond } from './inbox-harness';

let server: DovecotServer;
let inbox: ImapInbox;
let store: MemoryInboxStore;
const states: InboxState[] = [];
const events: string[] = [];
const logger = { info: (event: string) => events.push(event), warn: (event: string) => events.push(event), error: (event: string) => events.push(event) };

beforeAll(async () => {
  server = await startDovecot(['team']);
  ({ inbox, store } = inboxFor(server, {}, { logger }));
  inbox.onStatus((status) => states.push(status.state));
  await inbox.start();
});
afterAll(async () => {
  await inbox?.stop();
  await server?.stop();
});

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/mail/${name}`, import.meta.url));
const github = ACCOUNTS[0]!;
const slack = ACCOUNTS[1]!;

describe('codes delivered to the real mailbox', () => {
  it('hands the login engine the code of a mail that arrives after the submit', async () => {
    const otp = inbox.otpProvider({ accountId: 'github', senderDomains: ['github.com'], timeoutMs: 10_000 });
    const asked = otp();
    await server.deliver('team', codeMail({ code: '482913' }));
    await expect(asked).resolves.toBe('482913');
  });

  it('ignores a mail delivered before the submit and waits for the next one', async () => {
    await server.deliver('team', codeMail({ code: '111111' }));
    await eventually(() => inbox.recent().some((message) => message.code === '111111'), 10_000, 'the early mail');
    const after = await nextWholeSecond();
    const waiting = inbox.waitForCode({ accountId: 'github', after, clockToleranceMs: 0, timeoutMs: 10_000 });
    await server.deliver('team', codeMail({ code: '222222' }));
    await expect(waiting).resolves.toMatchObject({ code: '222222' });
  });

  it('routes a mail to another alias to the other account only', async () => {
    const after = await nextWholeSecond();
    // Settled at once into a value: on a busy machine it times out before the assertion below attaches.
    const forGithub = inbox.waitForCode({ accountId: 'github', after, clockToleranceMs: 0, timeoutMs: 2_500 }).then(
      (code) => ({ code: `unexpected ${code.code}` }),
      (error: unknown) => error,
    );
    await server.deliver('team', codeMail({ to: slack.alias, from: 'Slack <no-reply@slack.example>', code: '333333' }));
    await expect(inbox.waitForCode({ accountId: 'slack', after, clockToleranceMs: 0, timeoutMs: 10_000 })).resolves.toMatchObject({ code: '333333' });
    expect(await forGithub).toMatchObject({ code: 'TIMEOUT' });
    const stored = await store.listMessages({ accountId: 'slack' });
    expect(stored[0]).toMatchObject({ accountIds: ['slack'], category: 'verification_code', code: '333333' });
  });

  it('does not take a code from a sender outside the expected domains', async () => {
    const after = await nextWholeSecond();
    const waiting = inbox.waitForCode({ alias: github.alias, senderDomains: ['github.com'], after, clockToleranceMs: 0, timeoutMs: 10_000 });
    await server.deliver('team', codeMail({ from: 'GitHub <noreply@github.com.phish.example>', code: '444444' }));
    await server.deliver('team', codeMail({ code: '555555' }));
    await expect(waiting).resolves.toMatchObject({ code: '555555' });
  });
});

describe('mail the inbox must survive', () => {
  it('reads the text of an 8 MB mail without its attachment, and keeps going', async () => {
    const after = await nextWholeSecond();
    const attachment = Buffer.alloc(6 * 1024 * 1024, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
    const huge = [
      'From: GitHub <noreply@github.com>', `To: ${github.alias}`, 'Subject: Your verification code, with logs attached',
      'Message-ID: <huge-1@github.example>', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"', '',
      '--b1', 'Content-Type: text/plain; charset=utf-8', '', 'Verification code: 606060', '',
      '--b1', 'Content-Type: application/octet-stream', 'Content-Disposition: attachment; filename="logs.bin"', 'Content-Transfer-Encoding: base64', '',
      attachment, '--b1--', '',
    ].join('\r\n');
    expect(huge.length).toBeGreaterThan(8 * 1024 * 1024);
    await server.deliver('team', huge);
    const found = await inbox.waitForCode({ accountId: 'github', after, clockToleranceMs: 0, timeoutMs: 15_000 });
    expect(found.code).toBe('606060');
    expect(found.message.notes.join(' ')).toMatch(/over the 5\.0 MB limit.*attachments were skipped/);
    await server.deliver('team', codeMail({ code: '616161' }));
    await expect(inbox.waitForCode({ accountId: 'github', after, clockToleranceMs: 0, timeoutMs: 10_000, where: (message) => message.code === '616161' })).resolves.toBeTruthy();
  });

  it('keeps what it can decode of mails with broken charsets and MIME', async () => {
    const after = await nextWholeSecond();
    await server.deliver('team', fixture('broken-charset.eml'));
    await server.deliver('team', fixture('invalid-utf8.eml'));
    await eventually(() => inbox.recent().some((message) => message.messageId === '<latin1-in-utf8@sistema.example>'), 10_000, 'the broken mails');
    const broken = inbox.recent().filter((message) => message.receivedAt >= after);
    expect(broken.map((message) => message.code)).toEqual(['304918', '818181']);
    expect(inbox.status.state).toBe('connected');
  });
});

describe('a mailbox that drops the connection', () => {
  it('reconnects after being kicked mid-IDLE and fetches what arrived meanwhile', async () => {
    states.length = 0;
    const after = await nextWholeSecond();
    await server.kick('team');
    await server.deliver('team', codeMail({ code: '707070' }));
    await eventually(() => states.includes('reconnecting'), 10_000, 'the inbox to notice the drop');
    await expect(inbox.waitForCode({ accountId: 'github', after, clockToleranceMs: 0, timeoutMs: 15_000 })).resolves.toMatchObject({ code: '707070' });
    await eventually(() => inbox.status.state === 'connected', 10_000, 'the inbox to reconnect');
    await server.deliver('team', codeMail({ code: '717171' }));
    await expect(inbox.waitForCode({ accountId: 'github', after, clockToleranceMs: 0, timeoutMs: 10_000, where: (message) => message.code === '717171' })).resolves.toBeTruthy();
  });

  it('notices a connection that went silent mid-IDLE, reconnects and still delivers the next code', async () => {
    const proxy = await startFreezableProxy(server.imapPort);
    const silent = inboxFor({ ...server, imapPort: proxy.port });
    const seen: InboxState[] = [];
    silent.inbox.onStatus((status) => seen.push(status.state));
    try {
      await silent.inbox.start();
      proxy.freeze();
      const after = await nextWholeSecond();
      await server.deliver('team', codeMail({ code: '727272' }));
      await expect(silent.inbox.waitForCode({ accountId: 'github', after, clockToleranceMs: 0, timeoutMs: 25_000 })).resolves.toMatchObject({ code: '727272' });
      expect(seen).toEqual(expect.arrayContaining(['reconnecting', 'connected']));
    } finally {
      await silent.inbox.stop();
      await proxy.close();
    }
  }, 40_000);

  it('starts over without duplicates when the server changes UIDVALIDITY', async () => {
    const before = (await store.listMessages()).length;
    await inbox.stop();
    const maildir = join(server.home('team'), 'Maildir');
    for (const name of readdirSync(maildir).filter((entry) => entry.startsWith('dovecot'))) rmSync(join(maildir, name), { force: true });
    await inbox.start();
    expect(events).toContain('inbox.uidvalidity_changed');
    expect((await store.listMessages()).length).toBe(before);
    const after = await nextWholeSecond();
    await server.deliver('team', codeMail({ code: '808080' }));
    await expect(inbox.waitForCode({ accountId: 'github', after, clockToleranceMs: 0, timeoutMs: 10_000 })).resolves.toMatchObject({ code: '808080' });
    expect((await store.listMessages()).length).toBe(before + 1);
  });
});
