// The managed inbox end to end: a real Dovecot mailbox, the vault-backed InboxService, and the
// emailed-code fixture site, whose code mail is delivered through Dovecot's LDA to the
// account's alias while real Chromium waits on the code page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { discoverBrowser } from '../../../automation/browser/browser-discovery';
import { launchHeadless } from '../../../automation/browser/browser-launcher';
import { performGenericLogin } from '../../../automation/login/generic-login';
import { InboxService } from '../../../main/inbox/inbox-service';
import { localOwnerAccess } from '../../../main/access/account-access';
import { silentLogger } from '../../../main/logger';
import { TEST_KDF_COST, type Vault } from '../../../main/vault';
import { createVaultServices } from '../../../main/services';
import { createMemoryClipboard } from '../../../main/platform/clipboard-guard';
import { rfc822, startDovecot, type DovecotServer } from '../../support/dovecot';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { MAIL_SENDER, start as startEmailedCode } from '../../fixtures/sites/emailed-code/server';
import { createTestVault } from '../../unit/vault/helpers';
import { credentials } from '../automation/login-harness';
import { scanFilesForSecrets, vaultFiles } from '../../unit/vault/secret-scan';
import { BUSY_MACHINE_STEP_TIMEOUT_MS } from '../../support/timeouts';

let server: DovecotServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([
    startDovecot(['team']),
    discoverBrowser({ configuredPath: process.env.TESSERA_BROWSER }).then((installation) => launchHeadless(installation)),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const mailbox = () => ({
  config: { host: server.host, port: server.imapPort, security: 'none' as const, address: 'team@example.test', pollIntervalMs: 1_000 },
  credentials: { username: 'team', password: server.password('team') },
});

function serviceFor(vault: Vault): InboxService {
  return new InboxService({ vault: () => vault, access: localOwnerAccess, log: silentLogger, inboxOptions: { backoff: { initialMs: 200, maxMs: 1_000 } } });
}

describe('the managed inbox on a real mailbox', () => {
  it('refuses a wrong mailbox password and stores nothing', async () => {
    const { vault } = await createTestVault();
    const inbox = serviceFor(vault);
    await expect(inbox.connect({ ...mailbox(), credentials: { username: 'team', password: 'wrong' } })).rejects.toMatchObject({ code: 'MAILBOX_AUTH_FAILED' });
    expect(inbox.status()).toMatchObject({ configured: false, state: 'stopped' });
  });

  it('logs in with a code the site mails to the account alias, stored encrypted and audited', async () => {
    const { vault, path } = await createTestVault();
    const inbox = serviceFor(vault);
    try {
      const status = await inbox.connect(mailbox());
      expect(status).toMatchObject({ configured: true, state: 'connected', settings: { username: 'team', host: server.host } });
      expect(JSON.stringify(status)).not.toContain(server.password('team'));

      const { id } = vault.accounts.create({ name: 'Site Kit', urls: ['http://127.0.0.1/login'], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD });
      const alias = inbox.useManagedEmail(id);
      expect(alias).toMatch(/^team\+site-kit-[a-z0-9]{6}@example\.test$/);
      expect(vault.accounts.get(id).managedEmail).toBe(alias);

      const deliveries: Promise<void>[] = [];
      const emailed = await startEmailedCode({ mailTo: alias, onMail: (mail) => deliveries.push(server.deliver('team', rfc822(mail))) });
      const context = await browser.newContext();
      try {
        const result = await performGenericLogin(await context.newPage(), credentials(), {
          loginUrl: emailed.url,
          stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS,
          otpTimeoutMs: 20_000,
          otpProvider: inbox.otpProvider(id, { senderDomains: ['sitekit.example'], timeoutMs: 20_000 }),
        });
        expect(result.outcome, result.reasons.join('; ')).toBe('success');
        expect(emailed.state.codesAccepted).toBe(1);
      } finally {
        await context.close();
        await emailed.close();
        await Promise.all(deliveries);
      }

      const [message] = inbox.listForAccount(id);
      expect(message).toMatchObject({ accountIds: [id], category: 'verification_code', from: MAIL_SENDER });
      expect(message!.code).toMatch(/^\d{6}$/);
      expect(inbox.listTeam().map((m) => m.id)).toContain(message!.id);
      expect(inbox.message(message!.id).text).toContain(message!.code!);
      expect(vault.audit.entries().filter((e) => e.kind === 'inbox.code_used')).toEqual([expect.objectContaining({ accountId: id, details: { purpose: 'login', messageId: null } })]);
      expect(scanFilesForSecrets(vaultFiles(path), [server.password('team'), message!.code!, alias, 'Your sign-in code'])).toEqual([]);
    } finally {
      await inbox.stop();
    }
  });

  it('watches the mailbox while the vault is unlocked: stops at lock, starts again at unlock', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-inbox-services-'));
    const services = createVaultServices({
      dataDir,
      platform: { host: 'web-test-host', version: 't', openInOs: async () => {}, clipboard: createMemoryClipboard() },
      log: silentLogger,
      vaultOptions: { kdf: TEST_KDF_COST, allowWeakKdf: true },
    });
    const states: string[] = [];
    services.events.subscribe((event, payload) => {
      if (event === 'inbox.state') states.push((payload as { state: string }).state);
    });
    try {
      await services.vault.create('master-password-1');
      expect((await services.inbox.connect(mailbox())).state).toBe('connected');
      services.vault.lock('manual');
      await eventuallyTrue(() => states.at(-1) === 'stopped');
      await expect(Promise.resolve().then(() => services.inbox.status())).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
      await services.vault.unlock('master-password-1');
      await eventuallyTrue(() => services.inbox.status().state === 'connected');
    } finally {
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function eventuallyTrue(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
