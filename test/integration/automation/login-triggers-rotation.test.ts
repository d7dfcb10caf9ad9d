// A successful automated login through the composed services enqueues the rotation that an
// "N hours after each login" policy asks for; a failed login enqueues nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVaultServices, type Services } from '../../../main/services';
import { createMemoryClipboard } from '../../../main/platform/clipboard-guard';
import { silentLogger } from '../../../main/logger';
import { TEST_KDF_COST } from '../../../main/vault';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME, type RunningSite } from '../../fixtures/sites/kit/site-server';
import { start as classicForm } from '../../fixtures/sites/classic-form/server';

describe('after-login rotation trigger', () => {
  let dataDir: string;
  let services: Services;
  let site: RunningSite<unknown>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tessera-after-login-'));
    services = createVaultServices({
      dataDir,
      platform: { host: 'web-test-host', version: 't', openInOs: async () => {}, clipboard: createMemoryClipboard() },
      log: silentLogger,
      vaultOptions: { kdf: TEST_KDF_COST, allowWeakKdf: true },
    });
    site = await classicForm();
  });
  afterAll(async () => {
    await site.close();
    await services.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('queues an after-login rotation only when the login succeeded', async () => {
    await services.vault.create('master password for the tests');
    const accounts = services.vault.unlocked().accounts;
    const good = accounts.create({ name: 'Good', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD, tags: ['vendors'] }).id;
    const bad = accounts.create({ name: 'Bad', urls: [site.url], username: FIXTURE_USERNAME, password: 'not-the-password', tags: ['vendors'] }).id;
    services.rotation.scheduler.addPolicy({ name: '12 h after login', schedule: { type: 'after-login', hours: 12 }, scope: { tags: ['vendors'] } });

    const ok = await services.logins.verify(good);
    expect(ok.report.outcome).toBe('success');
    const failed = await services.logins.verify(bad);
    expect(failed.report.outcome).toBe('wrong_credentials');

    const jobs = services.rotation.scheduler.jobs.list();
    expect(jobs.map((job) => [job.accountId, job.trigger])).toEqual([[good, 'after-login']]);
    expect(jobs[0]!.dueAt).toBeGreaterThan(Date.now() + 11 * 3_600_000);
  });
});
