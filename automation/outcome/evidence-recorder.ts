// Records what happened around a submit: watches responses and cookies from just before the
// click, waits until the page settles (navigation done, network quiet) or the time is up,
// then gathers the evidence that login-outcome classifies. Keeps names and excerpts only.

import type { Frame, Page, Request, Response } from 'playwright-core';
import { type LocatedForm, scanPageForms } from '../forms/login-form-detector';
import type { FormKind } from '../forms/form-classifier';
import type { LoginEvidence } from './login-outcome';
import { findCaptchaPhrase, findLockoutPhrase, findWrongCredentialPhrase, isCaptchaFrameUrl, isSessionCookieName, leftLoginPath } from './outcome-signals';
import { type FrameSignals, readSignalsInPage } from './page-signals';

const QUIET_MS = 500;
const MIN_WAIT_MS = 300;
const MAX_ERROR_TEXT = 300;
/** Requests worth waiting for; images, fonts, media, beacons and sockets are not. */
const WAITED_FOR_TYPES = new Set(['document', 'fetch', 'xhr', 'script', 'stylesheet']);

export interface PageState {
  forms: LocatedForm[];
  /** The error texts, lockout phrase and CAPTCHA signs on the page right now. */
  errorRegionText: string;
  fieldMarkedInvalid: boolean;
  captchaDetected: boolean;
  lockoutText: string;
}

async function frameSignals(frame: Frame): Promise<FrameSignals | undefined> {
  try {
    return await frame.evaluate(readSignalsInPage);
  } catch {
    return undefined;
  }
}

async function visibleCaptchaFrame(page: Page): Promise<boolean> {
  for (const frame of page.frames()) {
    if (!frame.parentFrame() || !isCaptchaFrameUrl(frame.url())) continue;
    const element = await frame.frameElement().catch(() => undefined);
    if (element && (await element.isVisible().catch(() => false))) return true;
  }
  return false;
}

/** Reads the forms and signals of every frame, without submitting anything. */
export async function readPageState(page: Page): Promise<PageState> {
  const [forms, signals, captchaFrame] = await Promise.all([
    scanPageForms(page),
    Promise.all(page.frames().map(frameSignals)),
    visibleCaptchaFrame(page),
  ]);
  const frames = signals.filter((entry): entry is FrameSignals => entry !== undefined);
  const text = frames.map((entry) => entry.visibleText).join('\n');
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0 && line.length <= 200);
  // Inline messages without any error markup still say what went wrong.
  const inlineFailures = lines.filter((line) => findWrongCredentialPhrase(line) !== '');
  const errorTexts = [...new Set([...frames.flatMap((entry) => entry.errorTexts), ...inlineFailures])];
  return {
    forms,
    errorRegionText: errorTexts.join(' | ').slice(0, MAX_ERROR_TEXT),
    fieldMarkedInvalid: frames.some((entry) => entry.invalidFieldCount > 0),
    captchaDetected: captchaFrame || frames.some((entry) => entry.captchaWidgetCount > 0) || findCaptchaPhrase(text) !== '',
    lockoutText: findLockoutPhrase(text),
  };
}

export interface SubmitWatch {
  /**
   * Waits for the page to settle, then gathers the evidence. `loginKinds` are the form kinds
   * that count as "the login form is still there" for this step.
   */
  finish(options: { timeoutMs: number; signal?: AbortSignal; loginKinds: readonly FormKind[] }): Promise<LoginEvidence>;
  /** Stops watching without gathering anything (the submit itself failed). */
  stop(): void;
}

type CookieKey = string;

async function cookieValues(page: Page): Promise<Map<CookieKey, { name: string; value: string }>> {
  const cookies = await page.context().cookies();
  return new Map(cookies.map((cookie) => [`${cookie.name}@${cookie.domain}${cookie.path}`, cookie]));
}

function isSubmitResponse(request: Request): boolean {
  if (request.isNavigationRequest()) return true;
  const type = request.resourceType();
  return (type === 'fetch' || type === 'xhr') && request.method() !== 'GET';
}

/** Starts watching; call before the click or Enter that submits. */
export async function watchSubmit(page: Page): Promise<SubmitWatch> {
  const urlBefore = page.url();
  const cookiesBefore = await cookieValues(page);
  const statuses: number[] = [];
  let inFlight = 0;
  let lastActivity = Date.now();
  // Last request that can carry the login itself: a navigation or a non-GET fetch.
  let lastSubmitActivity = Date.now();
  const started = Date.now();

  const onRequest = (request: Request): void => {
    if (!WAITED_FOR_TYPES.has(request.resourceType())) return;
    inFlight++;
    lastActivity = Date.now();
    if (isSubmitResponse(request)) lastSubmitActivity = lastActivity;
  };
  const onDone = (request: Request): void => {
    if (!WAITED_FOR_TYPES.has(request.resourceType())) return;
    inFlight = Math.max(0, inFlight - 1);
    lastActivity = Date.now();
    if (isSubmitResponse(request)) lastSubmitActivity = lastActivity;
  };
  const onResponse = (response: Response): void => {
    if (isSubmitResponse(response.request())) statuses.push(response.status());
  };
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  page.on('response', onResponse);
  const stopListening = (): void => {
    page.off('request', onRequest);
    page.off('requestfinished', onDone);
    page.off('requestfailed', onDone);
    page.off('response', onResponse);
  };

  return {
    stop: stopListening,
    async finish({ timeoutMs, signal, loginKinds }) {
      const deadline = started + timeoutMs;
      try {
        for (;;) {
          signal?.throwIfAborted();
          const now = Date.now();
          const idleFor = now - lastActivity;
          // Quiet network; or a page that keeps polling or streaming, where the login's own
          // requests ended a while ago.
          const quiet = inFlight === 0 && idleFor >= QUIET_MS;
          const onlyBackgroundTraffic = idleFor >= 3 * QUIET_MS || now - lastSubmitActivity >= 4 * QUIET_MS;
          const settled = now - started >= MIN_WAIT_MS && (quiet || onlyBackgroundTraffic);
          if (settled || now >= deadline) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await page.waitForLoadState('domcontentloaded', { timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
      } finally {
        stopListening();
      }

      const state = await readPageState(page);
      const cookiesAfter = await cookieValues(page);
      const sessionCookieNames = [...cookiesAfter]
        .filter(([key, cookie]) => cookiesBefore.get(key)?.value !== cookie.value && isSessionCookieName(cookie.name))
        .map(([, cookie]) => cookie.name);
      const urlAfter = page.url();
      return {
        passwordFormStillVisible: state.forms.some((form) => loginKinds.includes(form.kind)),
        urlBefore,
        urlAfter,
        loginPathLeft: leftLoginPath(urlBefore, urlAfter),
        newSessionCookie: sessionCookieNames.length > 0,
        sessionCookieNames: [...new Set(sessionCookieNames)],
        errorRegionText: state.errorRegionText,
        fieldMarkedInvalid: state.fieldMarkedInvalid,
        httpStatuses: statuses,
        otpFieldVisible: state.forms.some((form) => form.kind === 'otp'),
        captchaDetected: state.captchaDetected,
        lockoutText: state.lockoutText,
      };
    },
  };
}
