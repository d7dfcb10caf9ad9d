// enableTotp: turns on authenticator-app MFA on a site with nobody at the keyboard. Logs in,
// finds the 2FA settings by heuristics, picks the authenticator-app method, captures the
// secret from text or from the QR code, has the caller store it as PENDING before anything is
// confirmed, confirms with a generated code, reads the backup codes, has the caller store the
// confirmed secret, then proves it with a fresh login that uses a TOTP code. A site that asks
// for no code (a "use two-factor" box ticked and the settings saved, as in SOGo) is confirmed
// only by that login: the secret stays pending until the login asked for a code and took it. A recipe's
// `enrollTotp` section replaces the heuristics of each step it describes (recipe-enrollment.ts).
//
// Failure at any step leaves things recoverable: until the confirmation the site's login is
// unchanged; the pending secret, once captured, is already with the caller; the steps and
// masked screenshots come back in every case. From choosing the method to leaving the
// confirmation page the trace is paused: those pages show the secret and the backup codes.
// Secrets stay opaque here (`S`): the caller parses, generates codes and stores (main/mfa).

import { describeFailure, type FailureReport, lastPageOf } from '../flows/failure-report';
import type { Browser, Locator, Page } from 'playwright-core';
import { TesseraError } from '../../main/errors';
import { type RunArtifacts, RunCapture } from '../flows/run-capture';
import { collectSteps } from '../flows/verify-login';
import { fillField, fillOtpSegments, type SecretFillOptions, submitForm } from '../forms/form-filler';
import { originPolicy } from '../login/origin-guard';
import { type LocatedForm, locateHandle, scanPageForms, waitForForm } from '../forms/login-form-detector';
import { pickOtpForm } from '../forms/form-classifier';
import type { CredentialProvider, OtpProvider } from '../login/credential-provider';
import { type LoginOptions, performLogin } from '../login/perform-login';
import { markSecretField } from '../login/secret-fields';
import { type StepEvent, StepRunner } from '../login/step-runner';
import { readPageState, watchSubmit } from '../outcome/evidence-recorder';
import { findRecipe } from '../recipes/recipe-matching';
import {
  clickInOrder, enrollmentRecipe, openSettingsByRecipe, readBackupCodesByRecipe, readSecretByRecipe, RecipeElementMissing, typeConfirmationByRecipe,
  type EnrollmentRecipe,
} from './recipe-enrollment';
import { findSaveControl, leavesSite, saysTwoFactorIsOn, scoreClickable, twoFactorSwitchIsOn } from './enrollment-words';
import { submitOfCheckedChoice } from './method-choice';
import { type FoundClickable, hideSecretElement, hideTextSecrets, readClickables, readSecretText, readVisibleText, screenshotQrCandidates } from './setup-page';
import { backupCodesIn, extractBackupCodes, findSecretCandidates, offersBackupCodes } from './secret-text';

/** What the caller knows about TOTP secrets; the flow never looks inside `S`. */
export interface TotpToolkit<S> {
  /** An otpauth:// URI or a base32 key as a secret, or null when it is not one. */
  fromText(text: string): S | null;
  /** The secret in a QR image (PNG), or null when the image holds none. */
  fromQrImage(png: Buffer): S | null;
  /** The code for `nowMs` and how many seconds it stays valid. */
  code(secret: S, nowMs: number): { code: string; remainingSeconds: number };
}

export type EnableTotpOutcome =
  | 'enabled'
  | 'enabled-unverified'
  | 'already-enabled'
  | 'login-failed'
  | 'settings-not-found'
  | 'secret-not-found'
  | 'code-rejected'
  | 'failed'
  | 'cancelled'
  | 'timeout';

export interface EnableTotpOptions<S> extends Pick<LoginOptions, 'loginUrl' | 'recipes' | 'signal' | 'stepTimeoutMs' | 'otpTimeoutMs' | 'allowedOrigins'> {
  credentials: CredentialProvider;
  /** For a login that itself asks for an emailed code. */
  otpProvider?: OtpProvider;
  totp: TotpToolkit<S>;
  /** Stores the captured secret as pending. Runs before the site is asked to confirm; a failure stops the flow. */
  savePending(secret: S, source: 'text' | 'qr'): Promise<void>;
  /** Stores the confirmed secret and the backup codes (the site now asks for a code at login). */
  saveConfirmed(secret: S, backupCodes: string[]): Promise<void>;
  stepEvents?: (event: StepEvent) => void;
  /** A private folder Playwright may use while it records the trace. */
  workDir: string;
  /** Sites that refuse a code twice: wait for the next period before the proving login (default true). */
  avoidCodeReuse?: boolean;
}

export interface EnableTotpResult<S> {
  outcome: EnableTotpOutcome;
  reasons: string[];
  secret: S | null;
  secretSource: 'text' | 'qr' | null;
  backupCodes: string[];
  steps: StepEvent[];
  artifacts: RunArtifacts;
  startedAt: number;
  durationMs: number;
  /** Set unless MFA was turned on and proven: the failed step, why, the last page, what was tried, what to do. */
  failure?: FailureReport;
}

const MAX_NAVIGATION_HOPS = 5;
const MAX_SETUP_CLICKS = 4;
/** Below this many seconds left, a code may expire on its way: wait for the next one. */
const MIN_CODE_SECONDS = 3;

/** Ends the flow with an outcome; a TesseraError, so the step runner passes it through unchanged. */
class FlowStop extends TesseraError {
  constructor(readonly outcome: EnableTotpOutcome, readonly reason: string) {
    super('AUTOMATION_FAILED', reason);
  }
}

/** The last page of many setups: "I have saved my recovery codes", "Done". */
const ACKNOWLEDGE = /i(?:'| ha)ve saved|saved (?:them|my|the)|^\s*(?:done|finish|continue|got it|fertig|weiter|listo|continuar|terminer|termin[eé])\s*$/i;

const MANUAL_KEY = /can.?t scan|enter (?:the |this |a )?(?:key|code|secret) manually|manual(?:ly)? entry|setup key|show (?:the )?(?:key|secret|code)|text code|manuell|manualmente|manuellement|clave de configuraci[oó]n/i;

export async function enableTotp<S>(browser: Browser, options: EnableTotpOptions<S>): Promise<EnableTotpResult<S>> {
  const startedAt = Date.now();
  const timeoutMs = options.stepTimeoutMs ?? 15_000;
  const { steps, sink } = collectSteps(options.stepEvents);
  const runner = new StepRunner(sink, options.signal, timeoutMs);
  const state: { secret: S | null; source: 'text' | 'qr' | null; secretText: string | null; backupCodes: string[]; savedWithoutCode: boolean } = {
    secret: null, source: null, secretText: null, backupCodes: [], savedWithoutCode: false,
  };
  let outcome: EnableTotpOutcome = 'failed';
  const reasons: string[] = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const capture = await RunCapture.start(context, page, options.workDir, `enable TOTP ${new URL(options.loginUrl).host}`);
  const recipe = enrollmentRecipe(findRecipe(options.recipes ?? [], options.loginUrl, 'enrollTotp'));
  const allowedOrigins = options.allowedOrigins ?? [];
  const fill: SecretFillOptions = { timeoutMs, origins: originPolicy(options.loginUrl, allowedOrigins) };
  try {
    const login = await performLogin(page, options.credentials, {
      loginUrl: options.loginUrl,
      allowedOrigins,
      ...(options.recipes ? { recipes: options.recipes } : {}),
      ...(options.otpProvider ? { otpProvider: options.otpProvider } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.otpTimeoutMs ? { otpTimeoutMs: options.otpTimeoutMs } : {}),
      stepTimeoutMs: timeoutMs,
      stepEvents: sink,
      secretSection: capture.secretSection,
    });
    if (login.outcome !== 'success') throw new FlowStop('login-failed', `The login did not succeed (${login.outcome}): ${login.reasons.join('; ')}`);

    await runner.run('find-2fa-settings', async () => ({
      value: undefined,
      detail: recipe?.flow.settings
        ? await byRecipe('settings-not-found', () => openSettingsByRecipe(page, recipe, options.loginUrl, timeoutMs))
        : await findTwoFactorSettings(page, runner),
    }), { timeoutMs: timeoutMs * 4 });
    // The next pages show the secret and, later, the backup codes: keep them out of the trace.
    await capture.secretSection(async () => {
      const reauthenticate = () => confirmPassword(page, options.credentials, fill);
      await runner.run('choose-authenticator', async () => ({
        value: undefined,
        detail: recipe?.flow.chooseMethod
          ? await byRecipe('secret-not-found', async () => {
            const confirmed = await reauthenticate();
            const clicked = await clickInOrder(page, recipe, recipe.flow.chooseMethod!, 'the authenticator-app method', timeoutMs);
            return `by the recipe "${recipe.name}": ${confirmed ? '(password confirmed) ' : ''}clicked ${clicked.join(', ')}`;
          })
          : await reachSecret(page, options.totp, state, reauthenticate, recipe),
      }));
      await runner.run('capture-secret', async () => {
        if (state.secret === null) await captureSecret(page, options.totp, state, recipe, timeoutMs);
        if (state.secret === null) throw new FlowStop('secret-not-found', 'No setup key or QR code with an authenticator secret was found on the setup page.');
        await hideSecretsOnPage(page, state);
        return { value: undefined, detail: `from ${state.source === 'qr' ? 'the QR code' : 'the page text'}` };
      });
      const secret = state.secret!;
      await runner.run('save-pending-secret', async () => {
        await options.savePending(secret, state.source!);
        return { value: undefined, detail: 'stored in the vault before confirming' };
      });
      await runner.run('confirm-code', async () => {
        const confirmation = await confirmWithCode(page, options.totp, secret, fill, options.signal, recipe);
        state.savedWithoutCode = confirmation.savedWithoutCode;
        return { value: undefined, detail: confirmation.detail };
      });
      await runner.run('capture-backup-codes', async () => {
        const byRecipeList = recipe?.flow.backupCodes ? await byRecipe('failed', () => readBackupCodesByRecipe(page, recipe, timeoutMs)) : null;
        state.backupCodes = byRecipeList ? backupCodesIn(byRecipeList.text) : extractBackupCodes(await readVisibleText(page));
        const requested = !byRecipeList && state.backupCodes.length === 0
          ? await requestBackupCodes(page, options.totp, state.secret!, fill, reauthenticate, options.signal)
          : null;
        if (requested) state.backupCodes = extractBackupCodes(await readVisibleText(page));
        await hideTextSecrets(page, state.backupCodes);
        if (state.backupCodes.length === 0) return { value: undefined, detail: 'the site showed none' };
        // Some sites finish the setup only once the codes are acknowledged.
        const acknowledge = byRecipeList ? byRecipeList.acknowledge : (await readClickables(page)).find((c) => ACKNOWLEDGE.test(c.text))?.locator;
        const acknowledged = acknowledge ? `, then "${(await acknowledge.innerText().catch(() => '')).slice(0, 40)}"` : '';
        if (acknowledge) await clickAndSettle(page, acknowledge);
        return { value: undefined, detail: `${state.backupCodes.length} codes${requested ? ` (after "${requested}")` : ''}${acknowledged}` };
      }, { timeoutMs: timeoutMs * 4 }); // a requested list may wait for the next code's step
    });
    const prove = () => runner.run('verify-totp-login', async () => {
      const detail = await proveWithFreshLogin(browser, options, state.secret!, options.avoidCodeReuse ?? true);
      return { value: undefined, detail };
    }, { timeoutMs: timeoutMs * 6 });
    // Nothing confirmed a code yet: only a login that asks for one shows 2FA is on (a failure
    // here leaves the secret pending, in case the site did turn it on).
    if (state.savedWithoutCode) await prove();
    await runner.run('save-confirmed-secret', async () => {
      await options.saveConfirmed(state.secret!, state.backupCodes);
      return { value: undefined };
    });
    outcome = 'enabled-unverified';
    if (!state.savedWithoutCode) await prove();
    outcome = 'enabled';
  } catch (error) {
    await capture.screenshot('failure');
    if (error instanceof FlowStop) {
      // 'enabled-unverified' stays: MFA is on and saved; only the proof failed.
      if (outcome !== 'enabled-unverified') outcome = error.outcome;
      reasons.push(error.reason);
    } else {
      const failure = error instanceof TesseraError ? error : new TesseraError('AUTOMATION_FAILED', `The browser stopped unexpectedly: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
      if (outcome !== 'enabled-unverified') outcome = failure.code === 'CANCELLED' ? 'cancelled' : failure.code === 'TIMEOUT' ? 'timeout' : 'failed';
      reasons.push(failure.message);
    }
  } finally {
    if (outcome === 'enabled') await capture.screenshot('result');
  }
  const failure = outcome === 'enabled'
    ? undefined
    : describeFailure({ flow: 'enable-totp', code: outcome, reasons, steps, lastPage: await lastPageOf(page), siteUrl: options.loginUrl });
  const artifacts = await capture.finish();
  await context.close().catch(() => undefined);
  return {
    outcome,
    reasons,
    secret: state.secret,
    secretSource: state.source,
    backupCodes: state.backupCodes,
    steps,
    artifacts,
    startedAt,
    durationMs: Date.now() - startedAt,
    ...(failure ? { failure } : {}),
  };
}

/** Runs a recipe-driven part; an element the recipe names but the page lacks ends the flow with `outcome`. */
async function byRecipe<T>(outcome: EnableTotpOutcome, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RecipeElementMissing) throw new FlowStop(outcome, error.message);
    throw error;
  }
}

async function clickAndSettle(page: Page, target: Locator): Promise<void> {
  await target.click({ timeout: 5_000 });
  await page.waitForLoadState('load', { timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(300);
}

/** How long a page may take to draw its menus after 'load' (single-page apps render them later). */
const MENU_RENDER_MS = 5_000;

/** The page's clickables once it shows any worth following (a single-page app draws its menus after 'load'), or after MENU_RENDER_MS. */
async function clickablesOnceDrawn(page: Page): Promise<FoundClickable[]> {
  const deadline = Date.now() + MENU_RENDER_MS;
  for (;;) {
    const clickables = await readClickables(page);
    if (Date.now() >= deadline || clickables.some((c) => scoreClickable(c, 'navigate') > 0 || scoreClickable(c, 'setup') > 0)) return clickables;
    await page.waitForTimeout(250);
  }
}

/** Follows the most promising links until a page offers to set up 2FA (or says it is on). */
async function findTwoFactorSettings(page: Page, runner: StepRunner): Promise<string> {
  const visited = new Set<string>();
  const path: string[] = [];
  for (let hop = 0; hop <= MAX_NAVIGATION_HOPS; hop++) {
    runner.throwIfCancelled();
    const clickables = await clickablesOnceDrawn(page);
    const text = await readVisibleText(page);
    const setup = clickables.map((c) => ({ c, score: scoreClickable(c, 'setup') })).filter(({ score }) => score >= 7);
    const offersSetup = setup.length > 0 || findSecretCandidates(text).length > 0;
    if ((saysTwoFactorIsOn(text) || twoFactorSwitchIsOn(clickables)) && !offersSetup) throw new FlowStop('already-enabled', 'The site says two-factor authentication is already on. Add its secret with an import instead.');
    if (offersSetup) return path.length ? `via ${path.join(' → ')}` : 'on the first page';
    const next = clickables
      .map((c) => ({ c, score: scoreClickable(c, 'navigate') }))
      .filter(({ c, score }) => score > 0 && !visited.has(`${c.text}|${c.href}`) && !leavesSite(c.href, page.url()))
      .sort((a, b) => b.score - a.score)[0];
    if (!next) break;
    visited.add(`${next.c.text}|${next.c.href}`);
    path.push(`"${next.c.text.slice(0, 40) || next.c.href}"`);
    await clickAndSettle(page, next.c.locator);
  }
  throw new FlowStop('settings-not-found', `No two-factor settings were found${path.length ? ` after ${path.join(' → ')}` : ''}. A recipe for this site can say where they are (flows.enrollTotp.settings).`);
}

/**
 * A site that asks for the password again before changing security settings ("confirm
 * access"): a password field without a username. Types it and submits; true when it did.
 */
async function confirmPassword(page: Page, credentials: CredentialProvider, fill: SecretFillOptions): Promise<boolean> {
  const { timeoutMs } = fill;
  const form = (await scanPageForms(page)).find((f) => f.kind === 'password-step' && f.fields.currentPassword?.visible);
  if (!form?.fields.currentPassword) return false;
  const field = locateHandle(form, form.fields.currentPassword.handle);
  await fillField(field, await credentials.password(), 'password', fill);
  await markSecretField(field);
  const watch = await watchSubmit(page);
  try {
    await submitForm(form, 'login', field, { timeoutMs });
  } catch (error) {
    watch.stop();
    throw error;
  }
  await watch.finish({ timeoutMs, loginKinds: ['password-step'] });
  return true;
}

/** On the setup pages: choose the authenticator app and move on until a secret shows. */
async function reachSecret<S>(
  page: Page,
  totp: TotpToolkit<S>,
  state: { secret: S | null; source: 'text' | 'qr' | null; secretText: string | null },
  reauthenticate: () => Promise<boolean>,
  recipe: EnrollmentRecipe | undefined,
): Promise<string> {
  const clicked: string[] = [];
  for (let i = 0; i <= MAX_SETUP_CLICKS; i++) {
    if (await reauthenticate()) clicked.push('(password confirmed)');
    await captureSecret(page, totp, state, recipe, 2_000).catch((error: unknown) => {
      // The recipe's secret element may only show after a click still to come.
      if (!(error instanceof RecipeElementMissing)) throw error;
    });
    if (state.secret !== null) return clicked.length ? `clicked ${clicked.join(', ')}` : 'the setup page shows the secret';
    const clickables = await readClickables(page);
    const manual = clickables.find((c) => MANUAL_KEY.test(c.text));
    const best = clickables
      .map((c) => ({ c, score: scoreClickable(c, 'setup') }))
      .filter(({ c, score }) => score > 0 && !clicked.includes(`"${c.text.slice(0, 40)}"`))
      .sort((a, b) => b.score - a.score)[0];
    const target = best?.c ?? manual;
    if (!target) break;
    clicked.push(`"${target.text.slice(0, 40)}"`);
    await clickAndSettle(page, target.locator);
    // A method chosen by a radio button counts once its form is submitted.
    const submit = await submitOfCheckedChoice(target.locator);
    if (submit) {
      clicked.push(`then "${(await submit.evaluate((e) => (e as unknown as { value?: string; innerText?: string }).innerText || (e as unknown as { value?: string }).value || '').catch(() => '')).trim().slice(0, 40)}"`);
      await clickAndSettle(page, submit);
    }
  }
  // Nothing decoded yet: a "can't scan?" link may reveal the key as text.
  const manual = (await readClickables(page)).find((c) => MANUAL_KEY.test(c.text));
  if (manual) {
    await clickAndSettle(page, manual.locator);
    clicked.push(`"${manual.text.slice(0, 40)}"`);
  }
  return clicked.length ? `clicked ${clicked.join(', ')}` : 'no method to choose';
}

/**
 * An otpauth link in the text first, then a QR code, then a bare base32 key: on the whole
 * page, or only in the elements the recipe names.
 */
async function captureSecret<S>(
  page: Page,
  totp: TotpToolkit<S>,
  state: { secret: S | null; source: 'text' | 'qr' | null; secretText: string | null },
  recipe: EnrollmentRecipe | undefined,
  timeoutMs: number,
): Promise<void> {
  const named = recipe?.flow.secret ? await readSecretByRecipe(page, recipe, timeoutMs) : null;
  const candidates = findSecretCandidates(named ? (named.text ?? '') : await readSecretText(page));
  const uri = candidates.find((candidate) => candidate.toLowerCase().startsWith('otpauth://'));
  const fromUri = uri ? totp.fromText(uri) : null;
  if (fromUri !== null) return void Object.assign(state, { secret: fromUri, source: 'text', secretText: uri });
  for (const { png, locator } of named ? (named.qr ? [named.qr] : []) : await screenshotQrCandidates(page)) {
    const fromQr = totp.fromQrImage(png);
    if (fromQr !== null) {
      await hideSecretElement(locator);
      return void Object.assign(state, { secret: fromQr, source: 'qr', secretText: null });
    }
  }
  for (const key of candidates) {
    const fromKey = totp.fromText(key);
    if (fromKey !== null) return void Object.assign(state, { secret: fromKey, source: 'text', secretText: key });
  }
}

async function hideSecretsOnPage<S>(page: Page, state: { secretText: string | null; secret: S | null }): Promise<void> {
  if (state.secretText) await hideTextSecrets(page, [state.secretText]);
  // A QR next to a text key: both show the secret.
  for (const { locator } of await screenshotQrCandidates(page)) await hideSecretElement(locator);
}

async function freshCode<S>(totp: TotpToolkit<S>, secret: S, avoid?: string): Promise<string> {
  const first = totp.code(secret, Date.now());
  if (first.remainingSeconds >= MIN_CODE_SECONDS && first.code !== avoid) return first.code;
  await new Promise((resolve) => setTimeout(resolve, first.remainingSeconds * 1000 + 250));
  return totp.code(secret, Date.now()).code;
}

/**
 * Some sites turn 2FA on first and only then offer backup codes behind a link ("generate backup
 * codes"), which may ask for a code or the password again. Follows that link once and answers
 * such a prompt; returns the link's text, or null when the page offers none.
 */
async function requestBackupCodes<S>(
  page: Page, totp: TotpToolkit<S>, secret: S, fill: SecretFillOptions, reauthenticate: () => Promise<boolean>, signal: AbortSignal | undefined,
): Promise<string | null> {
  const offer = (await readClickables(page)).find((c) => offersBackupCodes(c.text));
  if (!offer) return null;
  await clickAndSettle(page, offer.locator);
  if (await reauthenticate()) return offer.text;
  const { form } = await waitForForm(page, pickOtpForm, { timeoutMs: Math.min(fill.timeoutMs, 3_000), ...(signal ? { signal } : {}) });
  if (form) {
    // The confirmation just spent this step's code, and sites refuse a code twice.
    const lastField = await typeCode(form, await freshCode(totp, secret, totp.code(secret, Date.now()).code), fill);
    const watch = await watchSubmit(page);
    try {
      await submitForm(form, 'otp', lastField, { timeoutMs: fill.timeoutMs });
    } catch (error) {
      watch.stop();
      throw error;
    }
    await watch.finish({ timeoutMs: fill.timeoutMs, ...(signal ? { signal } : {}), loginKinds: ['otp'] });
  }
  return offer.text;
}

/**
 * Types a generated code into the confirmation form (found, or named by the recipe) and checks
 * the site accepted it. A setup page with no code field but a ticked 2FA switch and a "Save"
 * is saved instead (`savedWithoutCode`: the proving login must then confirm it).
 */
async function confirmWithCode<S>(
  page: Page, totp: TotpToolkit<S>, secret: S, fill: SecretFillOptions, signal: AbortSignal | undefined, recipe: EnrollmentRecipe | undefined,
): Promise<{ detail: string; savedWithoutCode: boolean }> {
  const { timeoutMs } = fill;
  const save = recipe?.flow.confirm ? null : await saveWithoutCode(page, fill, signal);
  if (save) return { detail: save, savedWithoutCode: true };
  const submit = recipe?.flow.confirm
    ? await byRecipe('failed', async () => typeConfirmationByRecipe(page, recipe, await freshCode(totp, secret), fill))
    : await typeConfirmationInFoundForm(page, totp, secret, fill, signal);
  const watch = await watchSubmit(page);
  try {
    await submit();
  } catch (error) {
    watch.stop();
    throw error;
  }
  const evidence = await watch.finish({ timeoutMs, ...(signal ? { signal } : {}), loginKinds: ['otp'] });
  const after = await readPageState(page);
  const stillAsking = after.forms.some((f) => f.kind === 'otp');
  if (evidence.errorRegionText || evidence.fieldMarkedInvalid || (stillAsking && evidence.urlAfter === evidence.urlBefore)) {
    throw new FlowStop('code-rejected', `The site did not accept the confirmation code${evidence.errorRegionText ? `: "${evidence.errorRegionText}"` : ''}. Its clock may be off; the secret is saved as pending, so you can try again.`);
  }
  return { detail: `accepted; now at ${new URL(evidence.urlAfter).pathname}`, savedWithoutCode: false };
}

/**
 * A setup that asks for no code: the 2FA switch is ticked, no code field shows, and a "Save"
 * stores the setting. Clicks it and checks the page shows no error; the step's detail, or null
 * when the page asks for a code after all (or offers nothing to save).
 */
async function saveWithoutCode(page: Page, fill: SecretFillOptions, signal: AbortSignal | undefined): Promise<string | null> {
  const clickables = await readClickables(page);
  if (!twoFactorSwitchIsOn(clickables)) return null;
  const { form } = await waitForForm(page, pickOtpForm, { timeoutMs: Math.min(fill.timeoutMs, 2_000), ...(signal ? { signal } : {}) });
  const save = form ? undefined : findSaveControl(await readClickables(page));
  if (!save) return null;
  const watch = await watchSubmit(page);
  try {
    await clickAndSettle(page, save.locator);
  } catch (error) {
    watch.stop();
    throw error;
  }
  const evidence = await watch.finish({ timeoutMs: fill.timeoutMs, ...(signal ? { signal } : {}), loginKinds: ['otp'] });
  if (evidence.errorRegionText || evidence.fieldMarkedInvalid) {
    throw new FlowStop('failed', `The site did not save the two-factor setting${evidence.errorRegionText ? `: "${evidence.errorRegionText}"` : ''}. The secret is saved as pending.`);
  }
  return `no code asked: the two-factor switch is on and "${save.text.slice(0, 40)}" saved it; a login with a code must confirm it`;
}

async function typeConfirmationInFoundForm<S>(page: Page, totp: TotpToolkit<S>, secret: S, fill: SecretFillOptions, signal: AbortSignal | undefined): Promise<() => Promise<void>> {
  const { timeoutMs } = fill;
  const { form } = await waitForForm(page, pickOtpForm, { timeoutMs: Math.min(timeoutMs, 5_000), ...(signal ? { signal } : {}) });
  if (!form) throw new FlowStop('failed', 'The setup page shows no field for the confirmation code. Finish the setup in assisted mode (the secret is saved as pending), or name the field in a recipe (flows.enrollTotp.confirm).');
  const lastField = await typeCode(form, await freshCode(totp, secret), fill);
  return async () => {
    await submitForm(form, 'otp', lastField, { timeoutMs });
  };
}

async function typeCode(form: LocatedForm, code: string, fill: SecretFillOptions) {
  const boxes = form.fields.otpSegments.map((box) => locateHandle(form, box.handle));
  const lastBox = boxes.at(-1);
  if (lastBox) {
    await fillOtpSegments(boxes, code, fill);
    for (const box of boxes) await markSecretField(box);
    return lastBox;
  }
  if (!form.fields.otp) throw new FlowStop('failed', 'The confirmation form has no code field.');
  const field = locateHandle(form, form.fields.otp.handle);
  await fillField(field, code, 'code', fill);
  await markSecretField(field);
  return field;
}

/** A login in a new, logged-out context that must ask for and accept a TOTP code. */
async function proveWithFreshLogin<S>(browser: Browser, options: EnableTotpOptions<S>, secret: S, avoidCodeReuse: boolean): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const confirmCode = options.totp.code(secret, Date.now()).code;
    let asked = false;
    const result = await performLogin(page, options.credentials, {
      loginUrl: options.loginUrl,
      ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
      ...(options.recipes ? { recipes: options.recipes } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.stepTimeoutMs ? { stepTimeoutMs: options.stepTimeoutMs } : {}),
      otpProvider: async () => {
        asked = true;
        return freshCode(options.totp, secret, avoidCodeReuse ? confirmCode : undefined);
      },
    });
    if (result.outcome !== 'success') throw new FlowStop('failed', `The login with a TOTP code did not succeed (${result.outcome}): ${result.reasons.join('; ')}`);
    if (!asked) throw new FlowStop('failed', 'The site let the login in without asking for a code, so two-factor authentication does not seem to be on.');
    return 'logged in again with a TOTP code';
  } finally {
    await context.close().catch(() => undefined);
  }
}
