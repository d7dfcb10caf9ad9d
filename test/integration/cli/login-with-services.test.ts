// `tessera login verify` runs on the app's composed services (createVaultServices): a site
// that mails a sign-in code gets the code read from the team mailbox (a real Dovecot), and
// the successful login queues the rotation of an "N hours after login" policy. The CLI runs
// in-process against a vault file made at the cheapest KDF cost it accepts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVaultServices } from '../../../main/services';
import { createMemoryClipboard } from '../../../main/platform/clipboard-guard';
import { silentLogger } from '../../../main/logger';
import { KDF_FLOOR, Vault } from '../../../main/vault';
import { PolicyScheduler } from '../../../main/rotation/schedule/policy-scheduler';
import { rfc822, startDovecot, type DovecotServer } from '../../support/dovecot';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME, type RunningSite } from '../../fixtures/sites/kit/site-server';
import { start as startEmailedCode, type EmailedCodeState } from '../../fixtures/sites/emailed-code/server';
import { MASTER, runCliInProcess } from '../../support/cli-harness';

let server: DovecotServer;
let site: RunningSite<EmailedCodeState>;
let dir: string;
let accountId: string;
const deliveries: Promise<void>[] = [];

beforeAll(async () => {
  server = await startDovecot(['team']);
  dir = mkdtempSync(join(tmpdir(), 'tessera-cli-login-services-'));
  // The person's setup, done in the app: a mailbox, an account on its managed alias, a policy.
  const services = createVaultServices({
    dataDir: dir,
    platform: { host: 'web-test-host', version: 't', openInOs: async () => {}, clipboard: createMemoryClipboard() },
    log: silentLogger,
    vaultOptions: { kdf: KDF_FLOOR },
  });
  try {
    await services.vault.create(MASTER);
    await services.inbox.connect({
      config: { host: server.host, port: server.imapPort, security: 'none', address: 'team@example.test', pollIntervalMs: 1_000 },
      credentials: { username: 'team', password: server.password('team') },
    });
    const accounts = services.vault.unlocked().accounts;
    accountId = accounts.create({ name: 'Mailed code site', urls: ['http://127.0.0.1/login'], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD, tags: ['vendors'] }).id;
    const alias = services.inbox.useManagedEmail(accountId);
    site = await startEmailedCode({ mailTo: alias, onMail: (mail) => deliveries.push(server.deliver('team', rfc822(mail))) });
    accounts.update(accountId, accounts.get(accountId).version, { urls: [site.url] });
    services.rotation.scheduler.addPolicy({ name: '12 h after login', schedule: { type: 'after-login', hours: 12 }, scope: { tags: ['vendors'] } });
  } finally {
    await services.close();
  }
}, 120_000);

afterAll(async () => {
  await site?.close();
  await Promise.all(deliveries);
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('tessera login verify on the composed services', () => {
  it('fills the code the site mails to the managed alias, and queues the after-login rotation', async () => {
    const result = await runCliInProcess(['--json', 'login', 'verify', accountId], { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', TESSERA_VAULT: join(dir, 'vault.sqlite'), TESSERA_PASSWORD: MASTER });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, value: { outcome: 'success' } });
    expect(site.state.codesAccepted).toBe(1);
    expect(result.stderr).not.toContain(FIXTURE_PASSWORD);

    const vault = Vault.open(join(dir, 'vault.sqlite'), { idleLockMs: 0 });
    try {
      await vault.unlock(MASTER);
      const jobs = new PolicyScheduler({ vault: () => vault }).jobs.list();
      expect(jobs.map((job) => [job.accountId, job.trigger])).toEqual([[accountId, 'after-login']]);
      expect(jobs[0]!.dueAt).toBeGreaterThan(Date.now() + 11 * 3_600_000);
      // The code handed to the login is on record.
      expect(vault.audit.entries().filter((e) => e.kind === 'inbox.code_used')).toEqual([expect.objectContaining({ accountId, details: { purpose: 'login', messageId: null } })]);
    } finally {
      vault.close();
    }
  }, 120_000);
});
