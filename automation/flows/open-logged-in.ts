// openLoggedIn: logs in inside the account's persistent profile in a visible browser and
// hands the window to the person (the caller keeps or closes the context). In assisted mode
// it types what it can even when a CAPTCHA or an unknown step blocks it, then waits for the
// person to finish, detecting success by polling the page: no login, code or CAPTCHA form
// left, and the URL left the login path or a session cookie appeared.

import type { BrowserContext, Page } from 'playwright-core';
import { TesseraError } from '../../main/errors';
import type { AccountProfiles } from '../browser/browser-launcher';
import type { BrowserInstallation } from '../browser/browser-discovery';
import type { CredentialProvider } from '../login/credential-provider';
import { performLogin, type LoginResult } from '../login/perform-login';
import { StepRunner } from '../login/step-runner';
import { readPageState } from '../outcome/evidence-recorder';
import { isSessionCookieName, leftLoginPath } from '../outcome/outcome-signals';
import { findRecipe } from '../recipes/recipe-matching';
import { RunCapture } from './run-capture';
import { type RunReport, reportFromError, reportFromResult } from './run-report';
import { collectSteps, type FlowOptions, type FlowRun } from './verify-login';

export const DEFAULT_PERSON_TIMEOUT_MS = 5 * 60_000;
const POLL_MS = 500;
const STILL_LOGGING_IN = new Set(['login', 'password-step', 'username-first', 'otp']);

export type OpenOptions = FlowOptions & {
  accountId: string;
  /** Wait for the person when the engine cannot finish alone. */
  assisted?: boolean;
  /** For machines without a display (CI): the same flow in a headless browser. */
  headless?: boolean;
  personTimeoutMs?: number;
  /** Called as soon as the window exists, before the login: the caller can close it on shutdown. */
  onContext?: (context: BrowserContext) => void;
};

export interface OpenRun extends FlowRun {
  /** The person's window, still open; close it (or let the person) when done. */
  context: BrowserContext;
}

async function sessionCookies(page: Page): Promise<Map<string, string>> {
  const cookies = await page.context().cookies().catch(() => []);
  return new Map(cookies.filter((cookie) => isSessionCookieName(cookie.name)).map((cookie) => [`${cookie.name}@${cookie.domain}`, cookie.value]));
}

/** Polls until the person finished logging in; resolves with the reasons it believes so. */
export async function waitForPersonToLogIn(page: Page, loginUrl: string, { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal }): Promise<string[]> {
  const before = await sessionCookies(page);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    if (page.isClosed()) throw new TesseraError('CANCELLED', 'The browser window was closed before the login finished.');
    const state = await readPageState(page).catch(() => undefined);
    if (state && !state.captchaDetected && !state.forms.some((form) => STILL_LOGGING_IN.has(form.kind))) {
      const reasons: string[] = [];
      if (leftLoginPath(loginUrl, page.url())) reasons.push(`the page moved on to ${new URL(page.url()).pathname}`);
      const after = await sessionCookies(page);
      const changed = [...after].filter(([key, value]) => before.get(key) !== value).map(([key]) => key.split('@')[0]);
      if (changed.length > 0) reasons.push(`a session cookie appeared (${changed.join(', ')})`);
      if (reasons.length > 0) return ['the person finished the login', 'no login form is left', ...reasons];
    }
    if (Date.now() + POLL_MS > deadline) {
      throw new TesseraError('TIMEOUT', `The login did not finish within ${Math.round(timeoutMs / 60_000)} minutes. Open the account again when you are ready.`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function alreadyLoggedIn(result: LoginResult, loginUrl: string, page: Page): boolean {
  // The profile kept its session: the site skips the login page altogether.
  return result.outcome === 'unknown' && result.evidence === null && leftLoginPath(loginUrl, page.url());
}

export async function openLoggedIn(
  profiles: AccountProfiles,
  installation: BrowserInstallation,
  credentials: CredentialProvider,
  options: OpenOptions,
): Promise<OpenRun> {
  const startedAt = Date.now();
  const { workDir, accountId, assisted = false, headless = false, personTimeoutMs = DEFAULT_PERSON_TIMEOUT_MS, onContext, ...loginOptions } = options;
  const kind = assisted ? 'assisted' : 'open';
  const { steps, sink } = collectSteps(options.stepEvents);
  const runner = new StepRunner(sink, options.signal, options.stepTimeoutMs ?? 30_000);
  const strategy = findRecipe(options.recipes ?? [], options.loginUrl) ? 'recipe' : 'heuristics';
  const context = await runner.run('open-browser', async () => ({
    value: await profiles.open(accountId, installation, { headless, tracesDir: workDir }),
    detail: headless ? 'headless (no display)' : 'a visible window with the account\'s own profile',
  }));
  onContext?.(context);
  const page = context.pages()[0] ?? (await context.newPage());
  const capture = await RunCapture.start(context, page, workDir, `${kind} ${new URL(options.loginUrl).host}`);
  let report: RunReport;
  try {
    const result = await performLogin(page, credentials, { ...loginOptions, stepEvents: sink, secretSection: capture.secretSection, fillWhenBlocked: assisted });
    report = reportFromResult(kind, result, steps, startedAt);
    if (alreadyLoggedIn(result, options.loginUrl, page)) {
      report = { ...report, outcome: 'success', reasons: ['the profile is still logged in: the site skipped its login page'] };
    } else if (assisted && result.outcome !== 'success') {
      const reasons = await runner.run('wait-for-person', async () => {
        const found = await waitForPersonToLogIn(page, options.loginUrl, { timeoutMs: personTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
        return { value: found, detail: found.slice(2).join('; ') };
      }, { timeoutMs: personTimeoutMs + POLL_MS * 4 });
      report = { ...report, outcome: 'success', reasons: [`the engine stopped at "${result.outcome}"`, ...reasons] };
    }
    await capture.screenshot('result');
  } catch (error) {
    await capture.screenshot('failure');
    report = reportFromError(kind, error, steps, startedAt, strategy);
  }
  const artifacts = await capture.finish();
  return { report: { ...report, steps, durationMs: Date.now() - startedAt }, artifacts, context };
}
