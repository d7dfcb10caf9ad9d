import { afterEach, describe, expect, it } from 'vitest';
import { changePassword, type ChangePasswordOptions } from '../../../automation/change-password/change-password-flow';
import type { NewPasswordFieldRules } from '../../../automation/change-password/new-password-field';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { start as startClassic } from '../../fixtures/sites/change-password-classic/server';
import { start as startReauth } from '../../fixtures/sites/change-password-reauth/server';
import { start as startSoft404 } from '../../fixtures/sites/change-password-soft-404/server';
import { start as startRejects } from '../../fixtures/sites/change-password-rejects-symbols/server';
import { start as startErrorAfterChange } from '../../fixtures/sites/change-password-error-after-change/server';
import { useRotationBrowser } from './browser';
import { BUSY_MACHINE_STEP_TIMEOUT_MS } from '../../support/timeouts';

const browser = useRotationBrowser();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const NEW_PASSWORD = 'Rotated-Password-42-abc';

async function runChange(loginUrl: string, overrides: Partial<ChangePasswordOptions> = {}) {
  const seenRules: NewPasswordFieldRules[] = [];
  const order: string[] = [];
  const result = await browser.withPage((page) =>
    changePassword(page, { username: async () => FIXTURE_USERNAME, password: async () => FIXTURE_PASSWORD }, {
      loginUrl,
      stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS,
      chooseNewPassword: async (rules) => {
        seenRules.push(rules);
        order.push('choose');
        return NEW_PASSWORD;
      },
      beforeSubmit: async () => {
        order.push('before-submit');
      },
      ...overrides,
    }),
  );
  return { result, seenRules, order };
}

describe('changePassword on sites without a recipe', () => {
  it('follows a reliable /.well-known/change-password and fills current, new and confirm', async () => {
    const site = await startClassic();
    closers.push(site.close);
    const { result, seenRules, order } = await runChange(site.url);
    expect(result.outcome, result.reasons.join('; ')).toBe('changed');
    expect(result.changePage?.source).toBe('well-known');
    expect(site.state.passwords.get(FIXTURE_USERNAME)).toBe(NEW_PASSWORD);
    expect(seenRules[0]).toEqual({
      passwordRulesAttribute: expect.stringContaining('required: upper') as unknown as string,
      field: { maxLength: 32 },
    });
    expect(order).toEqual(['choose', 'before-submit']);
  });

  it('logs in again when the change page asks for it, and changes a form without a current-password field', async () => {
    const site = await startReauth();
    closers.push(site.close);
    const { result } = await runChange(site.url);
    expect(result.outcome, result.reasons.join('; ')).toBe('changed');
    expect(result.changePage?.source).toBe('link');
    expect(result.steps.some((s) => s.step === 'reauthenticate' && s.status === 'ok')).toBe(true);
    expect(site.state.passwords.get(FIXTURE_USERNAME)).toBe(NEW_PASSWORD);
  });

  it('does not trust the well-known address of a server that answers 200 to everything', async () => {
    const site = await startSoft404();
    closers.push(site.close);
    const { result } = await runChange(site.url);
    expect(result.outcome, result.reasons.join('; ')).toBe('changed');
    expect(result.changePage?.source).toBe('link');
    const found = result.steps.find((s) => s.step === 'find-change-page' && s.status === 'ok');
    expect(found?.detail).toContain('/me/pw');
  });

  it('reports a rejection by the site\'s rules and leaves the old password in place', async () => {
    const site = await startRejects();
    closers.push(site.close);
    const { result } = await runChange(site.url);
    expect(result.outcome).toBe('rejected');
    expect(result.submitted).toBe(true);
    expect(result.reasons.join(' ')).toContain('letters and digits only');
    expect(site.state.passwords.get(FIXTURE_USERNAME)).toBe(FIXTURE_PASSWORD);
  });

  it('calls an error page after a stored change "unknown", never "rejected"', async () => {
    const site = await startErrorAfterChange();
    closers.push(site.close);
    const { result } = await runChange(site.url);
    expect(result.outcome).toBe('unknown');
    expect(site.state.passwords.get(FIXTURE_USERNAME)).toBe(NEW_PASSWORD);
  });

  it('stops before anything is submitted when the current password is wrong', async () => {
    const site = await startClassic();
    closers.push(site.close);
    const result = await browser.withPage((page) =>
      changePassword(page, { username: async () => FIXTURE_USERNAME, password: async () => 'wrong password' }, {
        loginUrl: site.url,
        stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS,
        chooseNewPassword: async () => NEW_PASSWORD,
        beforeSubmit: async () => {
          throw new Error('must not be called');
        },
      }),
    );
    expect(result.outcome).toBe('login_failed');
    expect(result.submitted).toBe(false);
  });
});
