// One headless browser per process: concurrent users get the same Chromium, which closes once
// idle; the composed services' logins run in that browser instead of launching their own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBrowserPool } from '../../../main/logins/browser-pool';
import { createVaultServices } from '../../../main/services';
import { createMemoryClipboard } from '../../../main/platform/clipboard-guard';
import { silentLogger } from '../../../main/logger';
import { TEST_KDF_COST } from '../../../main/vault';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { start as classicForm } from '../../fixtures/sites/classic-form/server';

const browserPath = () => process.env['TESSERA_BROWSER'];

describe('the browser pool', () => {
  it('gives concurrent users one browser, closes it once idle, and launches a new one when asked again', async () => {
    const pool = createBrowserPool({ browserPath, idleMs: 100 });
    try {
      const [first, second] = await Promise.all([pool.get(), pool.get()]);
      expect(second).toBe(first);
      await expect.poll(() => first.isConnected(), { timeout: 10_000 }).toBe(false);
      const next = await pool.get();
      expect(next).not.toBe(first);
      expect(next.isConnected()).toBe(true);
    } finally {
      await pool.close();
    }
  });

  describe('in the composed services', () => {
    let dataDir = '';
    afterAll(async () => {
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('runs a login verification in the shared browser', async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'tessera-browser-pool-'));
      const services = createVaultServices({
        dataDir,
        platform: { host: 'web-test-host', version: 't', openInOs: async () => {}, clipboard: createMemoryClipboard() },
        log: silentLogger,
        vaultOptions: { kdf: TEST_KDF_COST, allowWeakKdf: true },
      });
      const site = await classicForm();
      try {
        await services.vault.create('master password for the tests');
        const id = services.vault.unlocked().accounts.create({ name: 'Classic', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD }).id;
        const shared = await services.browser.get();
        const run = await services.logins.verify(id);
        expect(run.report.outcome).toBe('success');
        // The verification's context was opened on the pool's browser, which still runs.
        expect(await services.browser.get()).toBe(shared);
        expect(shared.isConnected()).toBe(true);
      } finally {
        await site.close();
        await services.close();
      }
    });
  });
});
