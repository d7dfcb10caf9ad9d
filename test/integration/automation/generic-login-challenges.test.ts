// performGenericLogin where the site asks for more than a password: a TOTP step (single
// field or six boxes), a CAPTCHA, and a lockout after repeated failures.
import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { FIXTURE_TOTP_SECRET, type RunningSite } from '../../fixtures/sites/kit/site-server';
import { type TotpState, start as totpStep } from '../../fixtures/sites/totp-step/server';
import { start as segmentedOtp } from '../../fixtures/sites/segmented-otp/server';
import { start as captcha } from '../../fixtures/sites/captcha/server';
import { LOCKOUT_AFTER_FAILURES, start as lockout } from '../../fixtures/sites/lockout/server';
import { useSharedBrowser, useFixtureSites } from './browser-fixture';
import { WRONG_PASSWORD, loginTo } from './login-harness';

const browser = useSharedBrowser();
const started = useFixtureSites();

const totp = async (): Promise<string> => generateSync({ secret: FIXTURE_TOTP_SECRET });

describe.each<[string, () => Promise<RunningSite<TotpState>>]>([
  ['TOTP in a single field', totpStep],
  ['TOTP in six boxes', segmentedOtp],
])('%s', (_name, startSite) => {
  it('logs in with a code from the OTP provider', async () => {
    const site = await started(startSite());
    const result = await loginTo(browser, site.url, { otpProvider: totp });
    expect(result.outcome, result.reasons.join('; ')).toBe('success');
    expect(site.state.codesAccepted).toBe(1);
    expect(result.steps.map((event) => event.step)).toContain('fill-otp');
  });

  it('reports needs_otp when no OTP provider is given', async () => {
    const site = await started(startSite());
    const result = await loginTo(browser, site.url);
    expect(result.outcome, result.reasons.join('; ')).toBe('needs_otp');
    expect(site.state.codesRejected).toBe(0);
  });

  it('says so when the site rejects the code', async () => {
    const site = await started(startSite());
    const result = await loginTo(browser, site.url, { otpProvider: async () => '000000' });
    expect(result.outcome).toBe('needs_otp');
    expect(result.reasons).toContain('the site did not accept the one-time code');
  });

  it('reports wrong credentials before any code is asked', async () => {
    const site = await started(startSite());
    const result = await loginTo(browser, site.url, { password: WRONG_PASSWORD, otpProvider: totp });
    expect(result.outcome, result.reasons.join('; ')).toBe('wrong_credentials');
  });
});

describe('CAPTCHA page', () => {
  it.each([
    ['the right password', undefined],
    ['a wrong password', WRONG_PASSWORD],
  ])('reports captcha with %s, without submitting', async (_name, password) => {
    const site = await started(captcha());
    const result = await loginTo(browser, site.url, password ? { password } : {});
    expect(result.outcome).toBe('captcha');
    expect(site.state.attempts).toBe(0);
  });
});

describe('lockout after repeated failures', () => {
  it('logs in with the right password before any failure', async () => {
    const site = await started(lockout());
    expect((await loginTo(browser, site.url)).outcome).toBe('success');
  });

  it('reports wrong credentials, then locked once the site locks the account', async () => {
    const site = await started(lockout());
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < LOCKOUT_AFTER_FAILURES; attempt++) {
      outcomes.push((await loginTo(browser, site.url, { password: WRONG_PASSWORD })).outcome);
    }
    outcomes.push((await loginTo(browser, site.url)).outcome);
    expect(outcomes).toEqual(['wrong_credentials', 'wrong_credentials', 'locked_or_rate_limited', 'locked_or_rate_limited']);
  });
});
