// Logs into a site nobody wrote a recipe for: opens the login URL, finds the login form by
// heuristics (one page, or username first and password next), fills and submits it, types a
// one-time code if asked and one is available, and classifies the result from evidence.

import type { Locator, Page } from 'playwright-core';
import { fillField, fillOtpSegments, submitForm } from '../forms/form-filler';
import type { SubmitPurpose } from '../forms/submit-button-scoring';
import { type LocatedForm, locateHandle, waitForForm } from '../forms/login-form-detector';
import { type FormKind, pickLoginForm, pickOtpForm } from '../forms/form-classifier';
import { readPageState, watchSubmit } from '../outcome/evidence-recorder';
import { type LoginEvidence, type LoginOutcome, classifyLoginOutcome } from '../outcome/login-outcome';
import type { CredentialProvider, OtpProvider } from './credential-provider';
import { type StepEvent, type StepEventSink, StepRunner } from './step-runner';

export interface GenericLoginOptions {
  loginUrl: string;
  otpProvider?: OtpProvider;
  stepEvents?: StepEventSink;
  signal?: AbortSignal;
  /** Time allowed for each step (navigation, finding the form, waiting for the result). */
  stepTimeoutMs?: number;
}

export interface GenericLoginResult {
  outcome: LoginOutcome;
  reasons: string[];
  /** null when nothing was submitted (no form found, CAPTCHA before the first submit). */
  evidence: LoginEvidence | null;
  steps: StepEvent[];
  durationMs: number;
}

const DEFAULT_STEP_TIMEOUT_MS = 15_000;
const LOGIN_KINDS: readonly FormKind[] = ['login', 'password-step'];
const LOGIN_OR_USERNAME_KINDS: readonly FormKind[] = ['login', 'password-step', 'username-first'];

function describeForm(form: LocatedForm): string {
  const where = form.group.framePath.length > 0 ? `frame ${form.group.framePath.join('.')}` : 'the page';
  const shadow = form.group.fields.some((field) => field.shadowPath.length > 0) ? ' (shadow DOM)' : '';
  return `${form.kind} form in ${where}${shadow}: ${form.reasons[0] ?? ''}`;
}

function editable(form: LocatedForm, field: { visible: boolean; disabled: boolean; readOnly: boolean; handle: string }): Locator | undefined {
  return field.visible && !field.disabled && !field.readOnly ? locateHandle(form, field.handle) : undefined;
}

export async function performGenericLogin(
  page: Page,
  credentials: CredentialProvider,
  options: GenericLoginOptions,
): Promise<GenericLoginResult> {
  const started = Date.now();
  const timeoutMs = options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  const steps = new StepRunner(options.stepEvents, options.signal, timeoutMs);
  const signal = options.signal;
  const finish = (outcome: LoginOutcome, reasons: string[], evidence: LoginEvidence | null): GenericLoginResult => ({
    outcome,
    reasons,
    evidence,
    steps: steps.events,
    durationMs: Date.now() - started,
  });
  const decide = (evidence: LoginEvidence, extraReasons: string[] = []): GenericLoginResult => {
    const decision = classifyLoginOutcome(evidence);
    return finish(decision.outcome, [...decision.reasons, ...extraReasons], evidence);
  };
  const submitAndRecord = async (
    form: LocatedForm,
    purpose: SubmitPurpose,
    lastField: Locator,
    submitStep: 'submit' | 'submit-username' | 'submit-otp',
    waitStep: 'wait-result' | 'wait-otp-result' | 'wait-password-step',
    loginKinds: readonly FormKind[],
  ): Promise<LoginEvidence> => {
    const watch = await watchSubmit(page);
    await steps.run(submitStep, async () => ({ value: undefined, detail: await submitForm(form, purpose, lastField, { timeoutMs }) }));
    return steps.run(waitStep, async () => {
      const evidence = await watch.finish({ timeoutMs, ...(signal ? { signal } : {}), loginKinds });
      return { value: evidence, detail: `now at ${new URL(evidence.urlAfter).pathname}` };
    });
  };

  await steps.run('navigate', async () => {
    const response = await page.goto(options.loginUrl, { waitUntil: 'load', timeout: timeoutMs });
    return { value: undefined, detail: `HTTP ${response?.status() ?? '—'}` };
  });

  let form = await steps.run('detect-form', async () => {
    const { form: found, forms } = await waitForForm(page, pickLoginForm, { timeoutMs: timeoutMs * 0.8, ...(signal ? { signal } : {}) });
    const detail = found ? describeForm(found) : `no login form among ${forms.length} form(s): ${forms.map((f) => f.kind).join(', ') || 'none'}`;
    return { value: found, detail };
  });

  // A visible CAPTCHA fails any automated submit and may count as a failed attempt: stop here.
  const before = await readPageState(page);
  if (before.captchaDetected) return finish('captcha', ['the login page shows a CAPTCHA or bot check'], null);
  if (before.lockoutText) return finish('locked_or_rate_limited', [`the login page says "${before.lockoutText}"`], null);
  if (!form) return finish('unknown', ['no login form was found on the page'], null);

  if (form.kind === 'username-first') {
    const usernameFirst = form;
    const usernameField = usernameFirst.fields.username;
    const usernameLocator = usernameField ? editable(usernameFirst, usernameField) : undefined;
    if (!usernameLocator) return finish('unknown', ['the username field cannot be typed into'], null);
    await steps.run('fill-username', async () => {
      await fillField(usernameLocator, await credentials.username(), 'username', { timeoutMs });
      return { value: undefined };
    });
    const evidence = await submitAndRecord(usernameFirst, 'next', usernameLocator, 'submit-username', 'wait-password-step', LOGIN_OR_USERNAME_KINDS);
    const next = (await waitForForm(page, (forms) => forms.find((f) => LOGIN_KINDS.includes(f.kind)), {
      timeoutMs: Math.min(timeoutMs, 3_000),
      ...(signal ? { signal } : {}),
    })).form;
    if (!next) return decide(evidence, ['no password step followed the username']);
    form = next;
  }

  const loginForm = form;
  const { username, currentPassword } = loginForm.fields;
  const passwordField = currentPassword ? editable(loginForm, currentPassword) : undefined;
  if (!passwordField) return finish('unknown', ['the password field cannot be typed into'], null);
  const usernameLocator = username ? editable(loginForm, username) : undefined;
  if (usernameLocator) {
    await steps.run('fill-username', async () => {
      await fillField(usernameLocator, await credentials.username(), 'username', { timeoutMs });
      return { value: undefined };
    });
  }
  await steps.run('fill-password', async () => {
    await fillField(passwordField, await credentials.password(), 'password', { timeoutMs });
    return { value: undefined };
  });
  const evidence = await submitAndRecord(loginForm, 'login', passwordField, 'submit', 'wait-result', LOGIN_KINDS);
  const decision = classifyLoginOutcome(evidence);
  if (decision.outcome !== 'needs_otp' || !options.otpProvider) return decide(evidence);

  const otpProvider = options.otpProvider;
  const otpForm = pickOtpForm((await readPageState(page)).forms);
  if (!otpForm) return decide(evidence);
  const lastOtpField = await steps.run('fill-otp', async () => {
    const code = await otpProvider();
    const { otp, otpSegments } = otpForm.fields;
    if (otpSegments.length >= 4) {
      const boxes = otpSegments.map((box) => locateHandle(otpForm, box.handle));
      await fillOtpSegments(boxes, code, { timeoutMs });
      return { value: boxes.at(-1) ?? boxes[0], detail: `${otpSegments.length} boxes` };
    }
    const field = otp ? locateHandle(otpForm, otp.handle) : undefined;
    if (!field) throw new Error('the code field is not available');
    await fillField(field, code, 'code', { timeoutMs });
    return { value: field, detail: 'single field' };
  });
  if (!lastOtpField) return decide(evidence);
  const otpEvidence = await submitAndRecord(otpForm, 'otp', lastOtpField, 'submit-otp', 'wait-otp-result', LOGIN_KINDS);
  const otpDecision = classifyLoginOutcome(otpEvidence);
  return decide(otpEvidence, otpDecision.outcome === 'needs_otp' ? ['the site did not accept the one-time code'] : []);
}
