// Logs into a site nobody wrote a recipe for: opens the login URL, finds the login form by
// heuristics (one page, or username first and password next), fills and submits it, types a
// one-time code if asked and one is available, and classifies the result from evidence.

import type { Locator, Page } from 'playwright-core';
import { TesseraError } from '../../main/errors';
import { fillField, fillOtpSegments, submitForm } from '../forms/form-filler';
import type { SubmitPurpose } from '../forms/submit-button-scoring';
import { type LocatedForm, locateHandle, scanPageForms, waitForForm } from '../forms/login-form-detector';
import { type FormKind, pickLoginForm, pickOtpForm } from '../forms/form-classifier';
import { type ConclusiveTest, readPageState, watchSubmit } from '../outcome/evidence-recorder';
import { type LoginEvidence, type LoginOutcome, classifyLoginOutcome, isConclusiveLogin } from '../outcome/login-outcome';
import { type CredentialProvider, type OtpProvider, type SecretSection, unguarded } from './credential-provider';
import { otpHintFromText } from './otp-hint';
import { originPolicy } from './origin-guard';
import { markSecretField } from './secret-fields';
import { type StepEvent, type StepEventSink, StepRunner } from './step-runner';

export interface GenericLoginOptions {
  loginUrl: string;
  otpProvider?: OtpProvider;
  stepEvents?: StepEventSink;
  signal?: AbortSignal;
  /** Time allowed for each step (navigation, finding the form, waiting for the result). */
  stepTimeoutMs?: number;
  /** Time allowed for a one-time code to arrive (an emailed code takes a while). */
  otpTimeoutMs?: number;
  /** Wraps every moment a secret is typed or read back (the flow pauses its trace there). */
  secretSection?: SecretSection;
  /**
   * Assisted mode: when a CAPTCHA blocks the login, still type the username and password
   * (without submitting), so the person only has to solve the challenge.
   */
  fillWhenBlocked?: boolean;
  /**
   * Origins besides the login URL's where this account's credentials and codes may be typed
   * (the Owner's list). A field anywhere else stops the run with ORIGIN_MISMATCH.
   */
  allowedOrigins?: readonly string[];
}

export interface GenericLoginResult {
  /** 'heuristics', or 'recipe' when a recipe drove the login. */
  strategy: 'heuristics' | 'recipe';
  /** The recipe's name when one was used. */
  recipe?: string;
  outcome: LoginOutcome;
  reasons: string[];
  /** null when nothing was submitted (no form found, CAPTCHA before the first submit). */
  evidence: LoginEvidence | null;
  steps: StepEvent[];
  durationMs: number;
}

export const DEFAULT_STEP_TIMEOUT_MS = 15_000;
export const DEFAULT_OTP_TIMEOUT_MS = 120_000;
const LOGIN_KINDS: readonly FormKind[] = ['login', 'password-step'];
const LOGIN_OR_USERNAME_KINDS: readonly FormKind[] = ['login', 'password-step', 'username-first'];

/** After the password or the code: a conclusive outcome (login-outcome decides which are). */
const loginConclusive: ConclusiveTest = ({ evidence, state }, progress) => isConclusiveLogin(evidence, progress, state.pendingText);
/** After the username: the password step is shown, or the page already said how it ended. */
const usernameConclusive: ConclusiveTest = (recorded, progress) =>
  (progress.answered && recorded.state.forms.some((form) => LOGIN_KINDS.includes(form.kind))) || loginConclusive(recorded, progress);

function describeForm(form: LocatedForm): string {
  const where = form.group.framePath.length > 0 ? `frame ${form.group.framePath.join('.')}` : 'the page';
  const shadow = form.group.fields.some((field) => field.shadowPath.length > 0) ? ' (shadow DOM)' : '';
  return `${form.kind} form in ${where}${shadow}: ${form.reasons[0] ?? ''}`;
}

function editable(form: LocatedForm, field: { visible: boolean; disabled: boolean; readOnly: boolean; handle: string }): Locator | undefined {
  return field.visible && !field.disabled && !field.readOnly ? locateHandle(form, field.handle) : undefined;
}

/**
 * Logs in on `page` and returns the outcome with its evidence and steps. Throws TesseraError
 * CANCELLED (signal fired), TIMEOUT (a step ran out of time), AUTOMATION_FAILED (the page
 * refused typing or clicking) or ORIGIN_MISMATCH (a field to fill sat on another origin); the caller owns the page and closes it in every case.
 */
export async function performGenericLogin(
  page: Page,
  credentials: CredentialProvider,
  options: GenericLoginOptions,
): Promise<GenericLoginResult> {
  const started = Date.now();
  const timeoutMs = options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  const steps = new StepRunner(options.stepEvents, options.signal, timeoutMs);
  const signal = options.signal;
  const signalOption = signal ? { signal } : {};
  const secretSection = options.secretSection ?? unguarded;
  const origins = originPolicy(options.loginUrl, options.allowedOrigins);
  const fillOptions = { timeoutMs, origins };
  const finish = (outcome: LoginOutcome, reasons: string[], evidence: LoginEvidence | null): GenericLoginResult => ({
    strategy: 'heuristics',
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
    waitStep: 'wait-result' | 'wait-otp-result' | 'wait-username-result',
    loginKinds: readonly FormKind[],
    conclusive: ConclusiveTest,
  ): Promise<LoginEvidence> => {
    const watch = await watchSubmit(page, { formFrame: form.frame });
    try {
      await steps.run(submitStep, async () => ({ value: undefined, detail: await submitForm(form, purpose, lastField, { timeoutMs }) }));
    } catch (error) {
      watch.stop();
      throw error;
    }
    return steps.run(waitStep, async () => {
      const evidence = await watch.finish({ timeoutMs, ...signalOption, loginKinds, conclusive });
      return { value: evidence, detail: `now at ${new URL(evidence.urlAfter).pathname}` };
    });
  };

  const fillUsername = async (field: Locator): Promise<void> => {
    await steps.run('fill-username', async () => {
      await fillField(field, await credentials.username(), 'username', fillOptions);
      return { value: undefined };
    });
  };
  const fillPassword = async (field: Locator): Promise<void> => {
    await steps.run('fill-password', async () => {
      await secretSection(async () => {
        // Marking needs no secret and shows none: it runs while the password is typed.
        await Promise.all([fillField(field, await credentials.password(), 'password', fillOptions), markSecretField(field)]);
      });
      return { value: undefined };
    });
  };
  const fillWithoutSubmit = async (found: LocatedForm): Promise<void> => {
    const { username, currentPassword } = found.fields;
    const usernameLocator = username ? editable(found, username) : undefined;
    const passwordLocator = currentPassword ? editable(found, currentPassword) : undefined;
    if (usernameLocator) await fillUsername(usernameLocator);
    if (passwordLocator) await fillPassword(passwordLocator);
  };

  await steps.run('navigate', async () => {
    const response = await page.goto(options.loginUrl, { waitUntil: 'load', timeout: timeoutMs });
    return { value: undefined, detail: `HTTP ${response?.status() ?? '—'}` };
  });

  const detected = await steps.run('detect-form', async () => {
    // Leave the step room to read the page after the wait, even on a loaded machine.
    const { form: found, forms } = await waitForForm(page, pickLoginForm, { timeoutMs: Math.max(timeoutMs * 0.5, timeoutMs - 3_000), ...signalOption });
    const state = await readPageState(page, forms);
    const detail = found ? describeForm(found) : `no login form among ${forms.length} form(s): ${forms.map((f) => f.kind).join(', ') || 'none'}`;
    return { value: { form: found, state }, detail };
  });
  // A visible CAPTCHA fails any automated submit and may count as a failed attempt: stop here.
  if (detected.state.captchaDetected) {
    if (options.fillWhenBlocked && detected.form) await fillWithoutSubmit(detected.form);
    return finish('captcha', ['the login page shows a CAPTCHA or bot check'], null);
  }
  if (detected.state.lockoutText) return finish('locked_or_rate_limited', [`the login page says "${detected.state.lockoutText}"`], null);
  let form = detected.form;
  if (!form) return finish('unknown', ['no login form was found on the page'], null);

  if (form.kind === 'username-first') {
    const usernameFirst = form;
    const usernameField = usernameFirst.fields.username;
    const usernameLocator = usernameField ? editable(usernameFirst, usernameField) : undefined;
    if (!usernameLocator) return finish('unknown', ['the username field cannot be typed into'], null);
    await fillUsername(usernameLocator);
    const evidence = await submitAndRecord(usernameFirst, 'next', usernameLocator, 'submit-username', 'wait-username-result', LOGIN_OR_USERNAME_KINDS, usernameConclusive);
    const next = await steps.run('wait-password-step', async () => {
      // The password step has usually rendered by now; a short wait covers late scripts.
      const { form: found } = await waitForForm(page, (forms) => forms.find((f) => LOGIN_KINDS.includes(f.kind)), {
        timeoutMs: Math.min(timeoutMs, 3_000),
        ...signalOption,
      });
      return { value: found, detail: found ? describeForm(found) : 'no password step' };
    });
    if (!next) return decide(evidence, ['no password step followed the username']);
    form = next;
  }

  const loginForm = form;
  const { username, currentPassword } = loginForm.fields;
  const passwordField = currentPassword ? editable(loginForm, currentPassword) : undefined;
  if (!passwordField) return finish('unknown', ['the password field cannot be typed into'], null);
  const usernameLocator = username ? editable(loginForm, username) : undefined;
  if (usernameLocator) await fillUsername(usernameLocator);
  await fillPassword(passwordField);
  const evidence = await submitAndRecord(loginForm, 'login', passwordField, 'submit', 'wait-result', LOGIN_KINDS, loginConclusive);
  const decision = classifyLoginOutcome(evidence);
  if (decision.outcome !== 'needs_otp' || !options.otpProvider) return decide(evidence);

  const otpProvider = options.otpProvider;
  const code = await steps.run(
    'get-otp',
    async () => {
      const pageText = await page.locator('body').innerText({ timeout: timeoutMs }).catch(() => '');
      const hint = otpHintFromText(pageText);
      const value = await otpProvider(hint ? { hint, ...signalOption } : signalOption);
      return { value, detail: hint ? `the page asks for a code from ${hint === 'email' ? 'an email' : 'an authenticator app'}` : undefined };
    },
    { timeoutMs: options.otpTimeoutMs ?? DEFAULT_OTP_TIMEOUT_MS },
  );
  const otpFilled = await steps.run('fill-otp', async () => {
    const otpForm = pickOtpForm(await scanPageForms(page));
    if (!otpForm) throw new TesseraError('AUTOMATION_FAILED', 'The code field went away before the code could be typed.');
    const { otp, otpSegments } = otpForm.fields;
    const boxes = otpSegments.map((box) => locateHandle(otpForm, box.handle));
    const lastBox = boxes.at(-1);
    if (lastBox) {
      await secretSection(async () => {
        await fillOtpSegments(boxes, code, fillOptions);
        for (const box of boxes) await markSecretField(box);
      });
      return { value: { otpForm, lastField: lastBox }, detail: `${boxes.length} boxes` };
    }
    if (!otp) throw new TesseraError('AUTOMATION_FAILED', 'The page asks for a code but shows no field to type it into.');
    const field = locateHandle(otpForm, otp.handle);
    await secretSection(async () => {
      await fillField(field, code, 'code', fillOptions);
      await markSecretField(field);
    });
    return { value: { otpForm, lastField: field }, detail: 'single field' };
  });
  const otpEvidence = await submitAndRecord(otpFilled.otpForm, 'otp', otpFilled.lastField, 'submit-otp', 'wait-otp-result', LOGIN_KINDS, loginConclusive);
  const rejected = classifyLoginOutcome(otpEvidence).outcome === 'needs_otp';
  return decide(otpEvidence, rejected ? ['the site did not accept the one-time code'] : []);
}
