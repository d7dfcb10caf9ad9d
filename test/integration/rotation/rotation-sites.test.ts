// Whole rotations (engine + browser + vault) against misbehaving fixture sites.
import { afterEach, describe, expect, it } from 'vitest';
import { RotationEngine } from '../../../main/rotation/rotation-engine';
import { browserRotationSite } from '../../../main/rotation/rotation-site';
import { FIXTURE_PASSWORD, FIXTURE_TOTP_SECRET, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import type { RunningSite } from '../../fixtures/sites/kit/site-server';
import type { ChangePasswordSiteState } from '../../fixtures/sites/change-password-kit/change-password-site';
import { start as startReauth } from '../../fixtures/sites/change-password-reauth/server';
import { start as startRejects } from '../../fixtures/sites/change-password-rejects-symbols/server';
import { start as startTimeout } from '../../fixtures/sites/change-password-timeout/server';
import { start as startErrorAfterChange } from '../../fixtures/sites/change-password-error-after-change/server';
import { start as startTotp, TOTP_PERIOD_SECONDS } from '../../fixtures/sites/change-password-totp/server';
import { RotationService } from '../../../main/rotation/rotation-service';
import { RotationJournal } from '../../../main/rotation/rotation-journal';
import type { LoginState } from '../../fixtures/sites/kit/site-server';
import { start as startClassicLogin } from '../../fixtures/sites/classic-form/server';
import { createTestVault } from '../../unit/vault/helpers';
import { useRotationBrowser } from './browser';

const browser = useRotationBrowser();
const sites: RunningSite<ChangePasswordSiteState>[] = [];
afterEach(async () => {
  for (const site of sites.splice(0)) await site.close();
});

async function rotateOn(site: RunningSite<ChangePasswordSiteState | LoginState>) {
  sites.push(site as RunningSite<ChangePasswordSiteState>);
  const { vault } = await createTestVault();
  const { id } = vault.accounts.create({ name: 'Fixture', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD });
  const engine = new RotationEngine({ vault, site: browserRotationSite({ browser: async () => browser.browser(), stepTimeoutMs: 5_000 }) });
  const result = await engine.rotate(id);
  const onSite = 'passwords' in site.state ? site.state.passwords.get(FIXTURE_USERNAME) : undefined;
  return { result, current: vault.accounts.get(id).password, onSite, journal: new RotationJournal(vault).get(result.rotationId) };
}

describe('rotation against real pages', () => {
  it('rotates on a site that asks to log in again and has no current-password field', async () => {
    const { result, current, onSite } = await rotateOn(await startReauth());
    expect(result.state, result.reasons.join('; ')).toBe('COMMITTED');
    expect(result.failure).toBeUndefined();
    expect(current).toBe(onSite);
    expect(current).not.toBe(FIXTURE_PASSWORD);
  });

  it('says what to do when the site has no change-password page, with the last page and a masked screenshot in the journal', async () => {
    const { result, current, journal } = await rotateOn(await startClassicLogin());
    expect(result.state).toBe('ABORTED');
    expect(current).toBe(FIXTURE_PASSWORD);
    expect(result.failure).toMatchObject({ step: 'find-change-page', code: 'no_change_page', why: expect.stringMatching(/no change-password page was found/) });
    expect(result.failure?.lastPage).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//), title: expect.any(String) });
    expect(result.failure?.tried.some((line) => line.startsWith('find-change-page ok: not found'))).toBe(true);
    expect(result.failure?.advice).toMatch(/add a recipe for 127\.0\.0\.1:\d+ in your recipes folder with flows\.changePassword\.url/);
    expect(journal.data.failure).toEqual(result.failure);
    const png = Buffer.from(journal.data.failureScreenshot ?? '', 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('keeps the old password when the site rejects the new one by a rule its message does not teach', async () => {
    const { result, current, onSite } = await rotateOn(await startRejects({ serverRule: () => 'This password appears in a list of breached passwords.' }));
    expect(result.state).toBe('ROLLED_BACK');
    expect(result.reasons.join(' ')).toContain('breached passwords');
    expect(result.failure).toMatchObject({ step: 'read-result', code: 'rejected', why: expect.stringContaining('breached passwords'), advice: expect.stringMatching(/refused the new password/) });
    expect(current).toBe(FIXTURE_PASSWORD);
    expect(onSite).toBe(FIXTURE_PASSWORD);
  });

  it('tries once more with letters and digits only when the site says so after refusing the first new password', async () => {
    const { result, current, onSite, journal } = await rotateOn(await startRejects());
    expect(result.state, result.reasons.join('; ')).toBe('COMMITTED');
    expect(journal.data.reasons[0]).toMatch(/^second try: the site refused its symbols in rotation /);
    expect(current).toBe(onSite);
    expect(current).toMatch(/^[A-Za-z0-9]{64}$/);
  });

  it('tries once more at the length the site said, when it refused a longer password', async () => {
    const site = await startRejects({ serverRule: (password) => (password.length > 24 ? 'Ensure this value has at most 24 characters.' : undefined) });
    const { result, current, onSite } = await rotateOn(site);
    expect(result.state, result.reasons.join('; ')).toBe('COMMITTED');
    expect(current).toBe(onSite);
    expect(current).toHaveLength(24);
  });

  it('commits when the site stored the change and then never answered', async () => {
    const { result, current, onSite } = await rotateOn(await startTimeout());
    expect(result.state).toBe('COMMITTED');
    expect(current).toBe(onSite);
  });

  it('keeps the old password when the site timed out without storing anything', async () => {
    const { result, current, onSite } = await rotateOn(await startTimeout({ onChange: 'hang' }));
    expect(result.state).toBe('ROLLED_BACK');
    expect(current).toBe(FIXTURE_PASSWORD);
    expect(onSite).toBe(FIXTURE_PASSWORD);
  });

  it('commits when the site changed the password but showed an error', async () => {
    const { result, current, onSite } = await rotateOn(await startErrorAfterChange());
    expect(result.state).toBe('COMMITTED');
    expect(current).toBe(onSite);
    expect(current).not.toBe(FIXTURE_PASSWORD);
  });

  it('fills a fresh TOTP code at every login of a rotation (change with the old password, verify the new one) on a site that refuses reused codes', async () => {
    const site = await startTotp();
    sites.push(site);
    const { vault } = await createTestVault();
    const { id } = vault.accounts.create({ name: 'Two-factor', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD, totp: { secret: FIXTURE_TOTP_SECRET, period: TOTP_PERIOD_SECONDS } });
    // The service, as the app composes it: it hands the engine the account's code provider.
    const service = new RotationService({ vault: () => vault, site: () => browserRotationSite({ browser: async () => browser.browser(), stepTimeoutMs: 5_000 }) });
    const result = await service.rotate(id);
    expect(result.state, result.reasons.join('; ')).toBe('COMMITTED');
    expect(vault.accounts.get(id).password).toBe(site.state.passwords.get(FIXTURE_USERNAME));
    expect(site.state.codesAccepted).toBe(2);
    expect(site.state.codesRejected).toBe(0);
    expect(site.state.codesReused).toBe(0);
  });
});
