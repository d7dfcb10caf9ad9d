// Attack (review item 7): a run's Playwright trace data and screencast frames (usernames, URLs,
// page text, unencrypted) stayed in automation-runs/.work/browser, mode 0644, until a later
// run. Now each run records into 0700 folders that are deleted when it ends (real Chromium,
// the warm browser of the app kept between runs).
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginService } from '../../../main/logins/login-service';
import { RUNS_FOLDER } from '../../../main/logins/run-store';
import { TEST_KDF_COST, Vault } from '../../../main/vault';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { start as classicForm } from '../../fixtures/sites/classic-form/server';
import { useFixtureSites } from './browser-fixture';
import { BUSY_MACHINE_STEP_TIMEOUT_MS } from '../../support/timeouts';

let dataDir: string;
let vault: Vault;
let service: LoginService;
const started = useFixtureSites();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tessera-run-work-'));
  vault = (await Vault.create(path.join(dataDir, 'vault.sqlite'), 'master password for the tests', { kdf: TEST_KDF_COST, allowWeakKdf: true, idleLockMs: 0 })).vault;
  service = new LoginService({ dataDir, vault: () => vault, stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS });
});
afterAll(async () => {
  await service.close();
  vault.close();
  await rm(dataDir, { recursive: true, force: true });
});

const mode = (file: string): string => (statSync(file).mode & 0o777).toString(8);

describe('the scratch folders of a run', () => {
  it('are 0700 while the run records and gone when it ends, with the browser kept warm', async () => {
    const site = await started(classicForm());
    const id = vault.accounts.create({ name: 'Classic', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD }).id;
    const work = path.join(dataDir, RUNS_FOLDER, '.work');
    for (let round = 0; round < 2; round++) {
      const seen: Record<string, string> = {};
      const run = await service.verify(id, {
        onStep: (event, runId) => {
          if (event.step !== 'fill-password' || event.status !== 'ok') return;
          for (const folder of [work, path.join(work, runId), path.join(work, 'browser')]) seen[path.relative(work, folder) || '.work'] = mode(folder);
        },
      });
      expect(run.report.outcome).toBe('success');
      expect(seen).toEqual({ '.work': '700', [run.runId]: '700', browser: '700' });
      expect(existsSync(path.join(work, run.runId))).toBe(false);
      expect(existsSync(path.join(work, 'browser'))).toBe(false);
      expect(existsSync(work) ? await readdir(work) : []).toEqual([]);
    }
  });
});
