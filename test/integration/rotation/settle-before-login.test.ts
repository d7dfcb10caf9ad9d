// A rotation that stopped half way (its process died after the site took the new password)
// is settled before a login reads the account: the login says so in its steps and logs in
// with the password the site has, instead of failing with a wrong-password outcome. When a
// live process still holds the rotation, the login is refused with ROTATION_IN_PROGRESS.
// The stopped rotation is a real engine on a real fixture site, paused for good after
// VERIFY_NEW under an owner id naming a process that does not exist (how a killed process
// looks to the lease) or one that does (the test runner's parent process).
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginService } from '../../../main/logins/login-service';
import { RotationService } from '../../../main/rotation/rotation-service';
import { browserRotationSite } from '../../../main/rotation/rotation-site';
import { TEST_KDF_COST, Vault } from '../../../main/vault';
import { start as startClassic } from '../../fixtures/sites/change-password-classic/server';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { useRotationBrowser } from './browser';
import { rotationStoppedAfterSubmit } from './stopped-rotation';
import { BUSY_MACHINE_STEP_TIMEOUT_MS } from '../../support/timeouts';

const browser = useRotationBrowser();
let dataDir: string;
let vault: Vault;
let logins: LoginService;
let rotation: RotationService;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tessera-settle-'));
  vault = (await Vault.create(path.join(dataDir, 'vault.sqlite'), 'master password for the tests', { kdf: TEST_KDF_COST, allowWeakKdf: true, idleLockMs: 0 })).vault;
  const site = () => browserRotationSite({ browser: async () => browser.browser(), stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS });
  rotation = new RotationService({ vault: () => vault, site });
  logins = new LoginService({ dataDir, vault: () => vault, stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS, settleRotation: (id, onSettling) => rotation.settleInterrupted(id, onSettling) });
});
afterAll(async () => {
  await logins.close();
  vault.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts a rotation of the account that stops for good once VERIFY_NEW is durable (the site has the new password). */
async function stoppedAfterSubmit(accountId: string, owner: string): Promise<void> {
  await rotationStoppedAfterSubmit(accountId, { vault, owner, site: browserRotationSite({ browser: async () => browser.browser(), stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS }) });
}

describe('a login settles an interrupted rotation first', () => {
  it('settles a rotation whose process is gone, says so in the steps, and logs in with the password the site has', async () => {
    const site = await startClassic();
    try {
      const { id } = vault.accounts.create({ name: 'Stopped after submit', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD });
      await stoppedAfterSubmit(id, `${hostname()}:999999999:killed`);
      const onSite = site.state.passwords.get(FIXTURE_USERNAME);
      expect(onSite).not.toBe(FIXTURE_PASSWORD);
      expect(vault.accounts.get(id).password).toBe(FIXTURE_PASSWORD); // the vault did not learn it yet

      const steps: string[] = [];
      const run = await logins.verify(id, { onStep: (event) => steps.push(`${event.step}:${event.status}`) });

      expect(steps.slice(0, 2)).toEqual(['settle-rotation:start', 'settle-rotation:ok']);
      expect(run.report.outcome, run.report.reasons.join('; ')).toBe('success');
      expect(vault.accounts.get(id).password).toBe(onSite);
      expect(rotation.status(id)).toMatchObject({ inProgress: false, last: { state: 'COMMITTED' } });
      expect(vault.audit.entries().some((e) => e.kind === 'rotation.recovery' && e.accountId === id)).toBe(true);
    } finally {
      await site.close();
    }
  });

  it('logs in at once, with no settling step, when no rotation was interrupted', async () => {
    const site = await startClassic();
    try {
      const { id } = vault.accounts.create({ name: 'Never rotated', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD });
      const steps: string[] = [];
      const run = await logins.verify(id, { onStep: (event) => steps.push(event.step) });
      expect(run.report.outcome).toBe('success');
      expect(steps).not.toContain('settle-rotation');
    } finally {
      await site.close();
    }
  });

  it('refuses with ROTATION_IN_PROGRESS, and types nothing, while a live process still holds the rotation', async () => {
    const site = await startClassic();
    try {
      const { id } = vault.accounts.create({ name: 'Held elsewhere', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD });
      await stoppedAfterSubmit(id, `${hostname()}:${process.ppid}:another-tessera`);
      const loginsBefore = site.state.loginAttempts;

      const steps: string[] = [];
      await expect(logins.verify(id, { onStep: (event) => steps.push(`${event.step}:${event.status}`) })).rejects.toMatchObject({
        code: 'ROTATION_IN_PROGRESS',
        message: expect.stringMatching(/Another Tessera process .* is finishing a rotation/),
      });
      expect(steps).toEqual(['settle-rotation:start', 'settle-rotation:fail']);
      expect(site.state.loginAttempts).toBe(loginsBefore);
      expect(rotation.status(id).inProgress).toBe(true);
    } finally {
      await site.close();
    }
  });
});
