// A rotation interrupted after its submit, seen from a Collaborator's device: two app
// instances over a real relay and a real change-password site in real Chromium. The Owner's
// rotation stops for good once the site has the new password (as a killed process does) and
// the Owner's device goes quiet. The Collaborator's login finds the candidate the Owner's
// device published before the submit, says "rotation interrupted — settling" and logs in
// with the password the site has; when the site takes neither password, the run says so
// (ROTATION_INTERRUPTED) instead of recording a wrong password. When the Owner's device is
// back, its recovery settles the rotation: the Collaborator's copy gets the new password and
// the candidate is gone. No IPC answer on the Collaborator's side carries the candidate.
import { hostname } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountList } from '../../../main/ipc/contract/accounts';
import type { StoredRun } from '../../../main/logins/run-store';
import { browserRotationSite } from '../../../main/rotation/rotation-site';
import { receivedRotationMarker } from '../../../main/sharing/shared-accounts';
import { start as startClassic } from '../../fixtures/sites/change-password-classic/server';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { joinedPair, useRelayApps } from '../../support/relay-apps';
import { BUSY_MACHINE_STEP_TIMEOUT_MS } from '../../support/timeouts';
import { useRotationBrowser } from '../rotation/browser';
import { rotationStoppedAfterSubmit } from '../rotation/stopped-rotation';

const browser = useRotationBrowser();
// A is the Owner, B the Collaborator.
const apps = useRelayApps('interrupted');
beforeAll(async () => {
  // The Owner's scheduler would settle the stopped rotation on its next cycle: this test decides when.
  await apps.a.services.rotation.stop();
});

/** The Owner's rotation of the account, stopped for good once the site has the new password. */
async function stoppedOnOwnersDevice(accountId: string): Promise<void> {
  await rotationStoppedAfterSubmit(accountId, {
    vault: apps.a.services.vault.unlocked(),
    site: browserRotationSite({ browser: async () => browser.browser(), stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS }),
    // A process id that does not exist: how a killed process looks to the account lease.
    owner: `${hostname()}:999999999:killed`,
    // What the app's RotationService passes: the candidate goes to the shared docs before the submit.
    publishCandidate: ({ accountId: id }) => apps.a.services.rotationMarkers.publish(id),
  });
}

const stepsOf = (run: StoredRun) => run.report.steps.filter((s) => s.step === 'settle-rotation').map((s) => s.detail ?? '');

describe('a rotation interrupted on the Owner\'s device, on a Collaborator\'s device', () => {
  it('logs in with the submitted candidate, says the rotation is settling, and gets the new password once the Owner\'s device settles it', async () => {
    const { relay, a: owner, b: collaborator } = apps;
    const site = await startClassic();
    try {
      const { id } = await owner.value<{ id: string }>('accounts.create', { name: 'Classic', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD });
      const { workspaceId, bMemberId } = await joinedPair(owner, collaborator, relay.url, 'member');
      await owner.value('sharing.share', { workspaceId, accountId: id, principal: `member:${bMemberId}`, role: 'collaborator' });
      await expect.poll(async () => (await collaborator.value<AccountList>('accounts.list')).accounts.find((x) => x.id === id)?.sharedRole, { timeout: 20_000 }).toBe('collaborator');

      await stoppedOnOwnersDevice(id);
      const candidate = site.state.passwords.get(FIXTURE_USERNAME)!;
      expect(candidate).not.toBe(FIXTURE_PASSWORD);
      // The Owner's device goes quiet: no sync, no scheduler.
      owner.services.sync.stop();

      // The candidate reached the Collaborator's vault through the relay; the stored password is still the old one.
      const collaboratorVault = () => collaborator.services.vault.unlocked();
      await expect.poll(() => receivedRotationMarker(collaboratorVault().sync, id)?.candidate, { timeout: 20_000 }).toBe(candidate);
      expect(collaboratorVault().accounts.get(id).password).toBe(FIXTURE_PASSWORD);

      // Opening the app logged in: a headless check with the candidate first, then the window logs in with it.
      const opened = await collaborator.services.logins.open(id, { headless: true });
      expect(opened.report.outcome, opened.report.reasons.join('; ')).toBe('success');
      await collaborator.services.logins.removeProfile(id); // closes the window
      const openSteps = collaborator.emitted
        .filter(([event, payload]) => event === 'automation.progress' && (payload as { runId: string }).runId === opened.runId)
        .map(([, payload]) => (payload as { event: { step: string; detail?: string } }).event)
        .filter((event) => event.step === 'settle-rotation')
        .map((event) => event.detail);
      expect(openSteps).toEqual([
        expect.stringMatching(/^rotation interrupted — settling: .*trying the new password first/),
        expect.stringMatching(/the site has the new password; logging in with it/),
      ]);

      // A verification now knows which password works: one login, no second try.
      const attemptsBefore = site.state.loginAttempts;
      const run = await collaborator.value<StoredRun>('automation.verify', { id });
      expect(run.report.outcome, run.report.reasons.join('; ')).toBe('success');
      expect(stepsOf(run)).toEqual([expect.stringMatching(/^rotation interrupted — settling: the new password worked here before/)]);
      expect(site.state.loginAttempts - attemptsBefore).toBe(1);

      // Someone changed the password on the site meanwhile: neither password works, and the run says why.
      site.state.passwords.set(FIXTURE_USERNAME, 'Changed-Elsewhere-42');
      const neither = await collaborator.value<StoredRun>('automation.verify', { id });
      expect(neither.report).toMatchObject({ outcome: 'failed', error: { code: 'ROTATION_INTERRUPTED' } });
      expect(neither.report.reasons[0]).toMatch(/^rotation interrupted — settling: the site refused both/);
      expect(collaborator.results.join('\n')).not.toContain(candidate);
      site.state.passwords.set(FIXTURE_USERNAME, candidate);

      // The Owner's device is back: sync resumes, recovery settles the rotation (COMMITTED).
      await owner.services.startBackground(['sync']);
      const recovered = await owner.services.rotation.recover();
      expect(recovered.recovered.map((r) => r.state)).toEqual(['COMMITTED']);
      await expect.poll(() => collaboratorVault().accounts.get(id).password, { timeout: 20_000 }).toBe(candidate);
      await expect.poll(() => receivedRotationMarker(collaboratorVault().sync, id), { timeout: 20_000 }).toBeUndefined();
      const settled = await collaborator.value<StoredRun>('automation.verify', { id });
      expect(settled.report.outcome).toBe('success');
      expect(stepsOf(settled)).toEqual([]);
    } finally {
      await site.close();
    }
  }, 240_000); // a guard: five logins, a rotation and its recovery on a loaded machine
});
