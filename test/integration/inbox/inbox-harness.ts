// Shared pieces of the Dovecot-backed inbox tests: an inbox pointed at the test server, mails
// written the way sites send them, and a wait for a condition with a deadline.
import { ImapInbox, type ImapInboxOptions } from '../../../main/inbox/imap-inbox';
import { MemoryInboxStore } from '../../../main/inbox/inbox-store';
import { parseMailboxConfig, type MailboxSecurity } from '../../../main/inbox/mailbox-config';
import type { DovecotServer } from '../../support/dovecot';

export const ACCOUNTS = [
  { id: 'github', alias: 'team+github-7c1e2a@example.test' },
  { id: 'slack', alias: 'team+slack-55aa01@example.test' },
];

export function inboxFor(
  server: DovecotServer,
  { security = 'none', user = 'team', password, trustCa = true, mailbox, store = new MemoryInboxStore() }:
    { security?: MailboxSecurity; user?: string; password?: string; trustCa?: boolean; mailbox?: string; store?: MemoryInboxStore } = {},
  overrides: Partial<ImapInboxOptions> = {},
): { inbox: ImapInbox; store: MemoryInboxStore } {
  const config = parseMailboxConfig({
    host: server.host,
    port: security === 'tls' ? server.imapsPort : server.imapPort,
    security,
    address: 'team@example.test',
    pollIntervalMs: 1_000,
    ...(mailbox ? { mailbox } : {}),
    ...(trustCa ? { trustedCaPem: server.caPem } : {}),
  });
  const inbox = new ImapInbox({
    config,
    credentials: async () => ({ username: user, password: password ?? server.password(user) }),
    accounts: async () => ACCOUNTS,
    store,
    backoff: { initialMs: 200, maxMs: 1_000 },
    ...overrides,
  });
  return { inbox, store };
}

let sequence = 0;

export function codeMail({ to = ACCOUNTS[0]!.alias, from = 'GitHub <noreply@github.com>', code, extra = '' }: { to?: string; from?: string; code: string; extra?: string }): string {
  sequence += 1;
  return [
    `From: ${from}`,
    `To: ${to}`,
    'Subject: [GitHub] Please verify your device',
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <device-${sequence}-${Date.now()}@github.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'A sign in attempt requires further verification.',
    `Verification code: ${code}`,
    extra,
    '',
  ].join('\r\n');
}

export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits for the next whole second and returns it. INTERNALDATE has whole seconds, so with no
 * clock tolerance a mail delivered from now on is "after" and every earlier one is not.
 */
export async function nextWholeSecond(): Promise<Date> {
  const next = Math.ceil((Date.now() + 1) / 1000) * 1000;
  await new Promise((resolve) => setTimeout(resolve, next - Date.now() + 5));
  return new Date(next);
}
