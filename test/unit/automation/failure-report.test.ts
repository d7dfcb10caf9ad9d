// The failure report a person acts on: which step, why, the last page, what was tried, what to do.
import { describe, expect, it } from 'vitest';
import { describeFailure, failedStepOf, FailureReportSchema, formatFailure, triedSteps, type FailureFlow } from '../../../automation/flows/failure-report';
import type { StepEvent } from '../../../automation/login/step-runner';

const at = 1_700_000_000_000;
const ev = (step: string, status: StepEvent<string>['status'], detail?: string): StepEvent<string> => ({ step, status, at, ...(detail ? { detail } : {}) });
const site = 'http://127.0.0.1:5055/login';
const lastPage = { url: 'http://127.0.0.1:5055/my/account', title: 'My account - Redmine' };

const loggedIn = [ev('login', 'start'), ev('login:navigate', 'start'), ev('login:navigate', 'ok', '/login'), ev('login', 'ok', 'redirected away from the login page')];

describe('failedStepOf', () => {
  it.each([
    ['the last failed step', [...loggedIn, ev('find-change-page', 'start'), ev('find-change-page', 'fail', 'timed out')], 'find-change-page'],
    ['a step that started and never ended (the browser died in it)', [...loggedIn, ev('submit-change', 'start')], 'submit-change'],
    ['nothing when every step ended well', loggedIn, undefined],
    ['the later of two failures', [ev('login:wait-result', 'fail', 'x'), ev('login:wait-result', 'start'), ev('login:wait-result', 'fail', 'y')], 'login:wait-result'],
  ] as const)('finds %s', (_what, steps, expected) => {
    expect(failedStepOf(steps)).toBe(expected);
  });
});

describe('triedSteps', () => {
  it('lists each ended step with its detail, in order', () => {
    expect(triedSteps([...loggedIn, ev('find-change-page', 'start'), ev('find-change-page', 'ok', 'not found (well-known: 404; link "Preferences" → /my/pref)')])).toEqual([
      'login:navigate ok: /login',
      'login ok: redirected away from the login page',
      'find-change-page ok: not found (well-known: 404; link "Preferences" → /my/pref)',
    ]);
  });

  it('keeps the last steps of a long run and says how many came before', () => {
    const many = Array.from({ length: 30 }, (_, i) => ev(`step-${i}`, 'ok'));
    const lines = triedSteps(many);
    expect(lines[0]).toBe('… 18 earlier steps');
    expect(lines.at(-1)).toBe('step-29 ok');
    expect(lines).toHaveLength(13);
  });
});

describe('describeFailure', () => {
  const cases: { flow: FailureFlow; code: string; steps: StepEvent<string>[]; step: string; advice: RegExp }[] = [
    { flow: 'change-password', code: 'no_change_page', steps: [...loggedIn, ev('find-change-page', 'start'), ev('find-change-page', 'ok', 'not found')], step: 'find-change-page', advice: /recipe for 127\.0\.0\.1:5055 in your recipes folder with flows\.changePassword\.url = / },
    { flow: 'change-password', code: 'no_change_form', steps: [...loggedIn, ev('detect-change-form', 'ok', 'no change-password form on the page')], step: 'detect-change-form', advice: /changePassword\.url = "\/my\/account" and CSS selectors for currentPassword, newPassword, confirmPassword and submit/ },
    { flow: 'change-password', code: 'login_failed', steps: [ev('login', 'start'), ev('login', 'fail', 'wrong_credentials')], step: 'login', advice: /tessera login verify/ },
    { flow: 'change-password', code: 'rejected', steps: [...loggedIn, ev('read-result', 'ok', 'rejected: too short')], step: 'read-result', advice: /refused the new password.*old password still works/ },
    { flow: 'change-password', code: 'TIMEOUT', steps: [...loggedIn, ev('fill-change-form', 'start'), ev('fill-change-form', 'fail', 'timed out')], step: 'fill-change-form', advice: /The step "fill-change-form" stopped on \/my\/account/ },
    { flow: 'change-password', code: 'AUTOMATION_FAILED', steps: [ev('login', 'start'), ev('login:detect-form', 'fail', 'no form')], step: 'login:detect-form', advice: /The login before the change stopped/ },
    { flow: 'enable-totp', code: 'settings-not-found', steps: [ev('navigate', 'ok'), ev('find-2fa-settings', 'fail', 'none')], step: 'find-2fa-settings', advice: /add a recipe for 127\.0\.0\.1:5055 with flows\.enrollTotp\.settings\.goto/ },
    { flow: 'enable-totp', code: 'secret-not-found', steps: [ev('find-2fa-settings', 'ok'), ev('capture-secret', 'fail')], step: 'capture-secret', advice: /flows\.enrollTotp\.chooseMethod.*flows\.enrollTotp\.secret\.text or \.qr/ },
    { flow: 'enable-totp', code: 'code-rejected', steps: [ev('confirm-code', 'fail')], step: 'confirm-code', advice: /clock.*flows\.enrollTotp\.confirm\.field/ },
    { flow: 'enable-totp', code: 'already-enabled', steps: [ev('find-2fa-settings', 'fail')], step: 'find-2fa-settings', advice: /tessera mfa import/ },
    { flow: 'enable-totp', code: 'login-failed', steps: [ev('wait-result', 'ok')], step: 'login', advice: /tessera login verify/ },
    { flow: 'enable-totp', code: 'timeout', steps: [ev('find-2fa-settings', 'ok'), ev('confirm-code', 'start'), ev('confirm-code', 'fail', 'timed out')], step: 'confirm-code', advice: /The step "confirm-code" stopped/ },
  ];

  it.each(cases)('$flow $code: step $step and what to do', ({ flow, code, steps, step, advice }) => {
    const report = describeFailure({ flow, code, reasons: ['the page said no'], steps, lastPage, siteUrl: site });
    expect(report.step).toBe(step);
    expect(report.code).toBe(code);
    expect(report.why).toBe('the page said no');
    expect(report.lastPage).toEqual(lastPage);
    expect(report.tried.length).toBeGreaterThan(0);
    expect(report.advice).toMatch(advice);
    expect(FailureReportSchema.parse(report)).toEqual(report);
  });

  it('says the outcome when the flow gave no reason, and copes with no page at all', () => {
    const report = describeFailure({ flow: 'change-password', code: 'no_change_form', reasons: [], steps: [], lastPage: null, siteUrl: site });
    expect(report.why).toBe('the flow ended with no_change_form');
    expect(report.advice).toMatch(/The page reached has no form/);
    expect(report.tried).toEqual([]);
  });
});

describe('formatFailure', () => {
  it('prints step, why, last page with its title, each try and what to do, indented under the account', () => {
    const report = describeFailure({ flow: 'change-password', code: 'no_change_page', reasons: ['no change-password page was found'], steps: [...loggedIn, ev('find-change-page', 'ok', 'not found')], lastPage, siteUrl: site });
    expect(formatFailure(report).split('\n')).toEqual([
      '  failed step: find-change-page (no_change_page)',
      '  why: no change-password page was found',
      '  last page: http://127.0.0.1:5055/my/account ("My account - Redmine")',
      '  tried:',
      '    - login:navigate ok: /login',
      '    - login ok: redirected away from the login page',
      '    - find-change-page ok: not found',
      `  what to do: ${report.advice}`,
    ]);
  });
});
