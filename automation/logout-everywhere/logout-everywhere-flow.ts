// Universal Logout, locally: logs in, finds the site's "sign out of all sessions" control (a
// recipe's, or by heuristics on the page and its security / account / settings pages), clicks
// it (accepting a confirmation), and reads whether the site confirmed. The caller rotates the
// password afterwards, so a session that survived cannot log in again.
import type { Page } from 'playwright-core';
import { compactText } from '../forms/field-keywords';
import { performGenericLogin } from '../login/generic-login';
import type { CredentialProvider, OtpProvider } from '../login/credential-provider';
import { type ChangePasswordRecipe, recipeAddress } from '../change-password/change-password-recipe';
import { RUN_WORDING, type StepEvent, type StepEventSink, StepRunner } from '../login/step-runner';
import { type NavigationTarget, collectNavigationTargets, locateTarget, scoreChangePasswordTarget } from '../change-password/navigation-targets';

/** no_other_sessions: the control is there but disabled, as sites show it when this is the only session. */
export type LogoutEverywhereOutcome = 'signed_out' | 'no_other_sessions' | 'unconfirmed' | 'not_found' | 'login_failed';

export interface LogoutEverywhereResult {
  outcome: LogoutEverywhereOutcome;
  reasons: string[];
  steps: StepEvent<string>[];
}

export interface LogoutEverywhereOptions {
  loginUrl: string;
  recipe?: ChangePasswordRecipe;
  otpProvider?: OtpProvider;
  stepEvents?: StepEventSink<string>;
  signal?: AbortSignal;
  stepTimeoutMs?: number;
  /** Origins besides the login URL's where the account's secrets may be typed (see origin-guard). */
  allowedOrigins?: readonly string[];
}

const SIGN_OUT = ['signout', 'logout', 'logoff', 'revoke', 'terminate', 'endall', 'abmelden', 'ausloggen', 'déconnect', 'deconnect', 'cerrarsesión', 'cerrarsesion', 'ログアウト', 'サインアウト'];
const EVERYWHERE = ['all', 'every', 'other', 'alle', 'überall', 'tous', 'toutes', 'todas', 'todos', 'すべて'];
const CONFIRMED = ['signedouteverywhere', 'loggedouteverywhere', 'allsessionshavebeen', 'signedoutofall', 'loggedoutofall', 'sessionsrevoked', 'sessionshavebeensignedout', 'sessionsended', 'überallabgemeldet', 'すべてのセッション'];
/** How long a page may take to confirm by script (no page load) after the click. */
const CONFIRMATION_WAIT_MS = 5_000;
/** The first look for a confirmation, before looking for an "are you sure" step. */
const QUICK_CONFIRMATION_MS = 1_500;

/** Pure: does a button or link text mean "sign out of all sessions / devices"? */
export function isLogoutEverywhereText(text: string): boolean {
  const compact = compactText(text);
  return compact.length <= 60 && SIGN_OUT.some((word) => compact.includes(word)) && EVERYWHERE.some((word) => compact.includes(word));
}

async function findControl(page: Page): Promise<NavigationTarget | undefined> {
  return (await collectNavigationTargets(page)).find((target) => isLogoutEverywhereText(target.text));
}

export async function logoutEverywhere(page: Page, credentials: CredentialProvider, options: LogoutEverywhereOptions): Promise<LogoutEverywhereResult> {
  const timeoutMs = options.stepTimeoutMs ?? 15_000;
  const steps = new StepRunner<string>(options.stepEvents, options.signal, timeoutMs, RUN_WORDING);
  const signalOption = options.signal ? { signal: options.signal } : {};
  const finish = (outcome: LogoutEverywhereOutcome, reasons: string[]): LogoutEverywhereResult => ({ outcome, reasons, steps: steps.events });

  steps.emit('login', 'start');
  const login = await performGenericLogin(page, credentials, {
    loginUrl: options.loginUrl,
    stepTimeoutMs: timeoutMs,
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...signalOption,
    ...(options.otpProvider ? { otpProvider: options.otpProvider } : {}),
    stepEvents: (event) => options.stepEvents?.({ ...event, step: `login:${event.step}` }),
  });
  if (login.outcome !== 'success') {
    steps.emit('login', 'fail', login.reasons.join('; '));
    return finish('login_failed', [`logging in failed (${login.outcome})`, ...login.reasons]);
  }
  steps.emit('login', 'ok');

  const control = await steps.run('find-logout-everywhere', async () => {
    const recipe = options.recipe?.logoutEverywhere;
    if (recipe) {
      await page.goto(recipeAddress(recipe.url, options.loginUrl), { waitUntil: 'load', timeout: timeoutMs });
      return { value: { locator: page.locator(recipe.button).first(), text: 'recipe button' }, detail: 'recipe' };
    }
    const landing = page.url();
    const here = await findControl(page);
    if (here) return { value: { locator: locateTarget(page, here), text: here.text }, detail: `"${here.text}" on ${new URL(page.url()).pathname}` };
    const places = (await collectNavigationTargets(page))
      .filter((t) => scoreChangePasswordTarget(t) === 20 || /session|device|security|sicherheit|sécurité|seguridad/i.test(t.text))
      .slice(0, 4);
    for (const place of places) {
      if (place.href) await page.goto(place.href, { waitUntil: 'load', timeout: timeoutMs });
      else await locateTarget(page, place).click({ timeout: timeoutMs });
      const found = await findControl(page);
      if (found) return { value: { locator: locateTarget(page, found), text: found.text }, detail: `"${found.text}" on ${new URL(page.url()).pathname}` };
      // Settings pages often split security further: one more level.
      for (const inner of (await collectNavigationTargets(page)).filter((t) => /session|device|security|sicherheit/i.test(t.text) && t.href).slice(0, 2)) {
        await page.goto(inner.href, { waitUntil: 'load', timeout: timeoutMs });
        const deeper = await findControl(page);
        if (deeper) return { value: { locator: locateTarget(page, deeper), text: deeper.text }, detail: `"${deeper.text}" on ${new URL(page.url()).pathname}` };
      }
      await page.goto(landing, { waitUntil: 'load', timeout: timeoutMs });
    }
    return { value: undefined, detail: 'no "sign out of all sessions" control found' };
  }, { timeoutMs: timeoutMs * 4 });
  if (!control) return finish('not_found', ['no "sign out of all sessions" control was found']);

  return steps.run('sign-out-everywhere', async () => {
    // WordPress disables "Log Out Everywhere Else" while this is the only session: nothing to end.
    if (await control.locator.isDisabled({ timeout: timeoutMs }).catch(() => false)) {
      const result = finish('no_other_sessions', [`"${control.text}" is disabled: the site has no other session to end`]);
      return { value: result, detail: result.outcome };
    }
    page.once('dialog', (dialog) => void dialog.accept().catch(() => undefined));
    await control.locator.click({ timeout: timeoutMs });
    await page.waitForLoadState('load', { timeout: timeoutMs }).catch(() => undefined);
    // A page that signs out by script says so in place (WordPress), and may disable the control.
    let confirmed = await confirmedOnPage(page, QUICK_CONFIRMATION_MS);
    if (!confirmed) {
      // A second "are you sure" step: a control that again says sign out everywhere, or a plain
      // confirm — never a disabled one (the control the page just turned off).
      const confirm = (await collectNavigationTargets(page)).find((t) => isLogoutEverywhereText(t.text) || /^(confirm|yes|ok|continue)\b/i.test(t.text));
      const locator = confirm && locateTarget(page, confirm);
      if (locator && !(await locator.isDisabled({ timeout: QUICK_CONFIRMATION_MS }).catch(() => true))) {
        await locator.click({ timeout: Math.min(timeoutMs, CONFIRMATION_WAIT_MS) }).catch(() => undefined);
        await page.waitForLoadState('load', { timeout: timeoutMs }).catch(() => undefined);
      }
      confirmed = await confirmedOnPage(page, Math.min(timeoutMs, CONFIRMATION_WAIT_MS));
    }
    const result = confirmed
      ? finish('signed_out', [`clicked "${control.text}"`, 'the site confirmed'])
      : finish('unconfirmed', [`clicked "${control.text}"`, 'the site did not confirm']);
    return { value: result, detail: result.outcome };
  });
}

/** Whether the page says every session was ended, within `waitMs` (a script may write it after the click). */
async function confirmedOnPage(page: Page, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const text = compactText(await page.locator('body').innerText({ timeout: waitMs }).catch(() => ''));
    if (CONFIRMED.some((phrase) => text.includes(phrase))) return true;
    if (Date.now() >= deadline) return false;
    await page.waitForTimeout(250);
  }
}
