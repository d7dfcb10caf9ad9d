// Universal Logout (local): sign out of all sessions where the site offers it, then rotate.
import { afterEach, describe, expect, it } from 'vitest';
import { isLogoutEverywhereText, logoutEverywhere } from '../../../automation/logout-everywhere/logout-everywhere-flow';
import { RotationService } from '../../../main/rotation/rotation-service';
import { browserRotationSite, pageRunner } from '../../../main/rotation/rotation-site';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { start as startLogoutSite } from '../../fixtures/sites/change-password-logout-everywhere/server';
import { start as startClassic } from '../../fixtures/sites/change-password-classic/server';
import { createTestVault } from '../../unit/vault/helpers';
import { useRotationBrowser } from './browser';
import { BUSY_MACHINE_STEP_TIMEOUT_MS } from '../../support/timeouts';

const browser = useRotationBrowser();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('Universal Logout', () => {
  it.each([
    ['Sign out of all sessions', true],
    ['Log out everywhere', true],
    ['Von allen Geräten abmelden', true],
    ['Log out', false],
    ['Sign out all other devices', true],
  ])('recognises "%s" as sign-out-everywhere: %s', (text, expected) => {
    expect(isLogoutEverywhereText(text)).toBe(expected);
  });

  it('finds "sign out of all sessions" on the security page and the site revokes every session', async () => {
    const site = await startLogoutSite();
    closers.push(site.close);
    const result = await browser.withPage((page) =>
      logoutEverywhere(page, { username: async () => FIXTURE_USERNAME, password: async () => FIXTURE_PASSWORD }, { loginUrl: site.url, stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS }),
    );
    expect(result.outcome, result.reasons.join('; ')).toBe('signed_out');
    expect(site.state.logoutEverywhereCount).toBe(1);
  });

  it('signs out by script in place (WordPress\'s shape: the button disables itself and the page says so)', async () => {
    const site = await startLogoutSite({ logoutEverywhere: 'script' });
    closers.push(site.close);
    const result = await browser.withPage((page) =>
      logoutEverywhere(page, { username: async () => FIXTURE_USERNAME, password: async () => FIXTURE_PASSWORD }, { loginUrl: site.url, stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS }),
    );
    expect(result.outcome, result.reasons.join('; ')).toBe('signed_out');
    expect(site.state.logoutEverywhereCount).toBe(1);
  });

  it('says there was no other session when the control is disabled, and the rotation still runs', async () => {
    const site = await startLogoutSite({ logoutEverywhere: 'script-only-session' });
    closers.push(site.close);
    const { vault } = await createTestVault();
    const id = vault.accounts.create({ name: 'Only here', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD }).id;
    const get = async () => browser.browser();
    const service = new RotationService({ vault: () => vault, site: () => browserRotationSite({ browser: get, stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS }), withPage: pageRunner(get) });
    const [report] = await service.logoutEverywhereNow([id]);
    expect(report).toMatchObject({ accountId: id, logout: 'no_other_sessions', state: 'COMMITTED' });
    expect(report!.reasons[0]).toMatch(/is disabled: the site has no other session to end/);
    expect(site.state.logoutEverywhereCount).toBe(0);
    expect(vault.accounts.get(id).password).toBe(site.state.passwords.get(FIXTURE_USERNAME));
  });

  it('a person\'s Universal Logout signs out everywhere then rotates, per account, and fires the policy trigger once (no control found is reported, the rotation still runs)', async () => {
    const withControl = await startLogoutSite();
    const without = await startClassic();
    closers.push(withControl.close, without.close);
    const { vault } = await createTestVault();
    const a = vault.accounts.create({ name: 'Keeper', urls: [withControl.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD, tags: ['ops'] }).id;
    const b = vault.accounts.create({ name: 'Classic', urls: [without.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD }).id;
    const get = async () => browser.browser();
    const service = new RotationService({ vault: () => vault, site: () => browserRotationSite({ browser: get, stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS }), withPage: pageRunner(get) });
    // A policy that listens to Universal Logout covers Keeper only.
    const policy = service.scheduler.addPolicy({ name: 'On logout', schedule: { type: 'event', events: ['universal_logout'] }, scope: { tags: ['ops'] } });

    const reports = await service.logoutEverywhereNow([a, b], { concurrency: 2, subject: 'Ada Lovelace' });
    expect(reports.map((r) => [r.accountId, r.logout, r.state])).toEqual([
      [a, 'signed_out', 'COMMITTED'],
      [b, 'not_found', 'COMMITTED'],
    ]);
    expect(vault.accounts.get(a).password).toBe(withControl.state.passwords.get(FIXTURE_USERNAME));
    expect(withControl.state.logoutEverywhereCount).toBe(1);
    expect(vault.audit.entries().some((e) => e.kind === 'rotation.logout_everywhere' && e.accountId === a)).toBe(true);

    // The policy's trigger fired: Keeper's run is the policy's event job, Classic's a manual one; one job and one rotation each.
    const jobs = service.scheduler.jobs.list();
    expect(jobs.map((j) => [j.accountId, j.trigger, j.policyId, j.task, j.status]).sort()).toEqual([
      [a, 'event', policy.id, 'logout-and-rotate', 'done'],
      [b, 'manual', null, 'logout-and-rotate', 'done'],
    ].sort());
    expect(jobs.find((j) => j.accountId === a)!.reason).toContain('Ada Lovelace');
    for (const id of [a, b]) {
      const rotations = service.status(id);
      expect(rotations.last?.state).toBe('COMMITTED');
      expect(jobs.find((j) => j.accountId === id)!.journalId).toBe(rotations.last!.rotationId);
    }
    expect(vault.audit.entries().filter((e) => e.kind === 'rotation.committed').length).toBe(2);
  });
});
