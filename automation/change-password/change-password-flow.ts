// Changes a password on a site without a recipe (a recipe may pin the page and fields): logs
// in with the current password, finds the change-password page, logs in again there if the
// site asks (re-authentication), fills current / new / confirm, submits and reads the result.
// The new password comes from the caller *after* the field's rules are known, and the caller
// is told right before the submit (the rotation journal records IN_DOUBT there). Secrets go
// through the credential provider and are never reported.
import type { Locator, Page } from 'playwright-core';
import { TesseraError } from '../../main/errors';
import { fillField, submitForm } from '../forms/form-filler';
import { type LocatedForm, locateHandle, scanPageForms } from '../forms/login-form-detector';
import { performLogin } from '../login/perform-login';
import { originPolicy } from '../login/origin-guard';
import type { CredentialProvider, OtpProvider } from '../login/credential-provider';
import { watchSubmit } from '../outcome/evidence-recorder';
import { type ChangeOutcome, classifyChangeOutcome, pickChangePasswordForm, pickReauthForm } from './change-form';
import { type ChangePage, findChangePasswordPage } from './change-page-locator';
import type { ChangePasswordRecipe } from './change-password-recipe';
import { changePasswordRecipeFor } from '../recipes/recipe-change-password';
import type { LoadedRecipe } from '../recipes/recipe-matching';
import { RUN_WORDING, type StepEvent, type StepEventSink, StepRunner } from '../login/step-runner';
import { type NewPasswordFieldRules, readNewPasswordRules } from './new-password-field';

export const CHANGE_STEPS = ['login', 'find-change-page', 'reauthenticate', 'detect-change-form', 'choose-password', 'fill-change-form', 'submit-change', 'read-result'] as const;
export type ChangeStep = (typeof CHANGE_STEPS)[number];

export interface ChangePasswordOptions {
  loginUrl: string;
  /** Every recipe on this machine: flows.login logs in, flows.changePassword finds the page and fields. */
  recipes?: readonly LoadedRecipe[];
  /** A change-password recipe given directly; it wins over one found in `recipes`. */
  recipe?: ChangePasswordRecipe;
  otpProvider?: OtpProvider;
  /** Returns the new password, given what the page's new-password field allows. */
  chooseNewPassword(rules: NewPasswordFieldRules): Promise<string>;
  /** Awaited right before the submit; after it the change may have happened. */
  beforeSubmit(): Promise<void>;
  stepEvents?: StepEventSink<string>;
  signal?: AbortSignal;
  stepTimeoutMs?: number;
  /** Origins besides the login URL's where the account's secrets may be typed (see origin-guard). */
  allowedOrigins?: readonly string[];
}

export type ChangePasswordOutcome = ChangeOutcome | 'login_failed' | 'no_change_page' | 'no_change_form';

export interface ChangePasswordResult {
  outcome: ChangePasswordOutcome;
  /** True once the change form was submitted: the site may hold the new password. */
  submitted: boolean;
  reasons: string[];
  changePage?: { source: ChangePage['source']; url: string };
  steps: StepEvent<string>[];
}

const DEFAULT_STEP_TIMEOUT_MS = 15_000;
const MAX_REAUTH = 2;

function editable(form: LocatedForm, field: { visible: boolean; disabled: boolean; readOnly: boolean; handle: string } | undefined): Locator | undefined {
  return field && field.visible && !field.disabled && !field.readOnly ? locateHandle(form, field.handle) : undefined;
}

export async function changePassword(page: Page, credentials: CredentialProvider, options: ChangePasswordOptions): Promise<ChangePasswordResult> {
  const timeoutMs = options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  const sink = options.stepEvents;
  const steps = new StepRunner<string>(sink, options.signal, timeoutMs, RUN_WORDING);
  const signalOption = options.signal ? { signal: options.signal } : {};
  const allowedOrigins = options.allowedOrigins ?? [];
  const fillOptions = { timeoutMs, origins: originPolicy(options.loginUrl, allowedOrigins) };
  let submitted = false;
  let changePage: ChangePage | undefined = undefined;
  const finish = (outcome: ChangePasswordOutcome, reasons: string[]): ChangePasswordResult => ({
    outcome,
    submitted,
    reasons,
    ...(changePage ? { changePage: { source: changePage.source, url: changePage.url } } : {}),
    steps: steps.events,
  });

  // 1. Log in with the current password (its own steps are reported as "login:<step>").
  steps.emit('login', 'start');
  const recipe = options.recipe ?? changePasswordRecipeFor(options.recipes ?? [], options.loginUrl);
  const login = await performLogin(page, credentials, {
    loginUrl: options.loginUrl,
    recipes: options.recipes ?? [],
    allowedOrigins,
    stepTimeoutMs: timeoutMs,
    ...signalOption,
    ...(options.otpProvider ? { otpProvider: options.otpProvider } : {}),
    stepEvents: (event) => sink?.({ ...event, step: `login:${event.step}` }),
  }).catch((error: unknown) => {
    steps.emit('login', 'fail', error instanceof Error ? error.message : String(error));
    throw error;
  });
  if (login.outcome !== 'success') {
    steps.emit('login', 'fail', login.reasons.join('; '));
    return finish('login_failed', [`logging in with the current password failed (${login.outcome})`, ...login.reasons]);
  }
  steps.emit('login', 'ok', login.reasons.join('; '));

  // 2. Find the change-password page.
  changePage = await steps.run('find-change-page', async () => {
    const notes: string[] = [];
    const found = await findChangePasswordPage(page, {
      siteUrl: options.loginUrl,
      timeoutMs,
      ...signalOption,
      ...(recipe ? { recipe } : {}),
      note: (text) => notes.push(text),
    });
    return { value: found, detail: found ? `${found.source}: ${new URL(found.url).pathname}` : `not found (${notes.join('; ') || 'nothing to try'})` };
  }, { timeoutMs: timeoutMs * 4 });
  if (!changePage) return finish('no_change_page', ['no change-password page was found (recipe, Apple list, well-known address, links)']);
  const changeUrl = changePage.url;

  // 3. Re-authenticate when the site asks for the password again before the form.
  let form = pickChangePasswordForm([changePage.form]);
  for (let round = 0; !form && round < MAX_REAUTH; round++) {
    const reauth = pickReauthForm(await scanPageForms(page));
    if (!reauth) break;
    await steps.run('reauthenticate', async () => {
      const username = editable(reauth, reauth.fields.username);
      const password = editable(reauth, reauth.fields.currentPassword);
      if (!password) throw new TesseraError('AUTOMATION_FAILED', 'The page asks for the password again but its field cannot be typed into.');
      if (username) await fillField(username, await credentials.username(), 'username', fillOptions);
      await fillField(password, await credentials.password(), 'password', fillOptions);
      const watch = await watchSubmit(page);
      await submitForm(reauth, 'login', password, { timeoutMs });
      await watch.finish({ timeoutMs, ...signalOption, loginKinds: ['login', 'password-step'] });
      return { value: undefined, detail: `${reauth.kind} form, now at ${new URL(page.url()).pathname}` };
    });
    const after = await scanPageForms(page);
    form = pickChangePasswordForm(after);
    if (!form && !pickReauthForm(after)) {
      // Some sites return to their start page after re-authentication: go to the change page again.
      await page.goto(changeUrl, { waitUntil: 'load', timeout: timeoutMs });
      form = pickChangePasswordForm(await scanPageForms(page));
    }
  }
  const changeForm = await steps.run('detect-change-form', async () => {
    const found = form ?? pickChangePasswordForm(await scanPageForms(page));
    return {
      value: found,
      detail: found
        ? `${found.fields.currentPassword ? 'current, ' : ''}new${found.fields.confirmPassword ? ', confirm' : ''} (${found.reasons[0] ?? found.kind})`
        : 'no change-password form on the page',
    };
  });
  if (!changeForm) return finish('no_change_form', [`the change-password page ${new URL(changeUrl).pathname} shows no change form`]);

  const recipeFields = recipe?.changePassword;
  const pick = (css: string | undefined, field: Parameters<typeof editable>[1]): Locator | undefined =>
    css ? changeForm.frame.locator(css).first() : editable(changeForm, field);
  const currentField = pick(recipeFields?.currentPassword, changeForm.fields.currentPassword);
  const newField = pick(recipeFields?.newPassword, changeForm.fields.newPassword);
  const confirmField = pick(recipeFields?.confirmPassword, changeForm.fields.confirmPassword);
  if (!newField) return finish('no_change_form', ['the new-password field cannot be typed into']);

  // 4. The new password, within what the field allows.
  const newPassword = await steps.run('choose-password', async () => {
    const rules = await readNewPasswordRules(newField, timeoutMs);
    const value = await options.chooseNewPassword(rules);
    const told = [rules.passwordRulesAttribute ? 'passwordrules' : '', rules.field.maxLength ? `maxlength ${rules.field.maxLength}` : '', rules.field.pattern ? 'pattern' : ''].filter(Boolean);
    return { value, detail: `${value.length} characters${told.length ? ` (page: ${told.join(', ')})` : ''}` };
  });

  // 5. Fill and submit.
  const lastField = await steps.run('fill-change-form', async () => {
    if (currentField) {
      await fillField(currentField, await credentials.password(), 'current password', fillOptions);
    }
    await fillField(newField, newPassword, 'new password', fillOptions);
    if (confirmField) {
      await fillField(confirmField, newPassword, 'confirm password', fillOptions);
    }
    return { value: confirmField ?? newField, detail: [currentField && 'current', 'new', confirmField && 'confirm'].filter(Boolean).join(', ') };
  });

  await options.beforeSubmit();
  const watch = await watchSubmit(page);
  submitted = true;
  try {
    await steps.run('submit-change', async () => {
      const button = recipeFields?.submit;
      if (button) {
        await changeForm.frame.locator(button).first().click({ timeout: timeoutMs });
        return { value: undefined, detail: 'clicked the recipe\'s button' };
      }
      return { value: undefined, detail: await submitForm(changeForm, 'change', lastField, { timeoutMs }) };
    });
  } catch (error) {
    watch.stop();
    throw error;
  }

  // 6. Read the result. A page that never answers leaves the outcome unknown (the caller verifies).
  return steps.run('read-result', async () => {
    const evidence = await watch.finish({ timeoutMs, ...signalOption, loginKinds: ['change-password', 'sign-up'] });
    const pageText = await page.locator('body').innerText({ timeout: 2_000 }).catch(() => '');
    const decision = classifyChangeOutcome({ ...evidence, pageText: pageText.slice(0, 5_000) });
    return { value: finish(decision.outcome, decision.reasons), detail: `${decision.outcome}: ${decision.reasons.join('; ')}` };
  });
}
