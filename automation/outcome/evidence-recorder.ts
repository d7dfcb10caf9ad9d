// Records what happened around a submit: watches responses, documents and cookies from just
// before the click, waits until the page settles (navigation done, network quiet) or the time
// is up, then gathers the evidence that login-outcome classifies. A login run also passes a
// test of conclusive evidence: once the submit has its answer and the network has been quiet
// for a short while, the evidence is read early and kept if it is conclusive, instead of
// waiting out the full quiet period. Every read is kept only if the frame that held the form
// (and the frames around it) had settled and no navigation of theirs ran through the read
// (frame-loads): a frame caught reloading shows no form, which is not "the form is gone".
// The quiet periods start once the submit action returned, not before it. Keeps names and
// excerpts only.

import type { Frame, Page, Request, Response } from 'playwright-core';
import { type LocatedForm, scanPageForms } from '../forms/login-form-detector';
import type { FormKind } from '../forms/form-classifier';
import type { LoginEvidence, SubmitProgress } from './login-outcome';
import { findCaptchaPhrase, findLockoutPhrase, findPendingPhrase, findWrongCredentialPhrase, isCaptchaFrameUrl, isSessionCookieName, leftLoginPath } from './outcome-signals';
import { type FrameSignals, readSignalsInPage } from './page-signals';
import { followFrameLoads } from './frame-loads';
import { listenOnPage } from './page-listeners';

const QUIET_MS = 500;
/**
 * The bounded wait for late errors once the submit has its answer: how long the network must
 * be quiet before the evidence is read early. Anything a new page's scripts fetch within it
 * restarts the wait; a conclusive read ends it.
 */
const CONCLUSIVE_QUIET_MS = 150;
const MIN_WAIT_MS = 300;
const POLL_MS = 25;
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
  /** A phrase saying the page is still signing in or loading ("Redirecting…"); '' if none. */
  pendingText: string;
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

/**
 * Reads the forms and signals of every frame, without submitting anything. `forms` of a scan
 * just made spares scanning them again.
 */
export async function readPageState(page: Page, forms?: LocatedForm[]): Promise<PageState> {
  const [scanned, signals, captchaFrame] = await Promise.all([
    forms ?? scanPageForms(page),
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
    forms: scanned,
    errorRegionText: errorTexts.join(' | ').slice(0, MAX_ERROR_TEXT),
    fieldMarkedInvalid: frames.some((entry) => entry.invalidFieldCount > 0),
    captchaDetected: captchaFrame || frames.some((entry) => entry.captchaWidgetCount > 0) || findCaptchaPhrase(text) !== '',
    lockoutText: findLockoutPhrase(text),
    pendingText: findPendingPhrase(text),
  };
}

/** The evidence together with the page state it was read from. */
export interface RecordedEvidence {
  evidence: LoginEvidence;
  state: PageState;
}

/** Whether evidence read early already tells how the submit ended (see isConclusiveLogin). */
export type ConclusiveTest = (recorded: RecordedEvidence, progress: SubmitProgress) => boolean;

export interface SubmitWatch {
  /**
   * Waits for the page to settle, then gathers the evidence. `loginKinds` are the form kinds
   * that count as "the login form is still there" for this step. With `conclusive`, the
   * evidence is also read once the submit has its answer and the network has been quiet for
   * CONCLUSIVE_QUIET_MS, and returned at once when the test accepts it; a submit that is still
   * loading then never counts as background traffic (only the time limit ends that wait).
   */
  finish(options: { timeoutMs: number; signal?: AbortSignal; loginKinds: readonly FormKind[]; conclusive?: ConclusiveTest }): Promise<LoginEvidence>;
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

function isMainFrameNavigation(page: Page, request: Request): boolean {
  try {
    return request.isNavigationRequest() && request.frame() === page.mainFrame();
  } catch {
    // Requests of service workers have no frame.
    return false;
  }
}

/**
 * Starts watching; call before the click or Enter that submits. `formFrame` is the frame of
 * the submitted form (the main frame when not given): its navigations, and those of the frames
 * holding it, must settle before the evidence counts.
 */
export async function watchSubmit(page: Page, { formFrame }: { formFrame?: Frame } = {}): Promise<SubmitWatch> {
  const frames = followFrameLoads(page, formFrame);
  const urlBefore = page.url();
  const cookiesBefore = await cookieValues(page).catch((error: unknown) => {
    frames.stop();
    throw error;
  });
  const statuses: number[] = [];
  // Requests still loading, of the waited-for types; and those that can carry the login itself
  // (navigations, non-GET fetches). A fetch counts as answered at its response: a page that
  // only checks `response.ok` never reads the body, and its request never "finishes".
  const loading = new Set<Request>();
  const submitsLoading = new Set<Request>();
  let lastActivity = Date.now();
  // Last request that can carry the login itself: a navigation or a non-GET fetch.
  let lastSubmitActivity = Date.now();
  // When the main frame last started a navigation, and last parsed a new document (0: never).
  let lastMainNavigation = 0;
  let lastNewDocument = 0;
  const started = Date.now();

  const onRequest = (request: Request): void => {
    if (!WAITED_FOR_TYPES.has(request.resourceType())) return;
    loading.add(request);
    lastActivity = Date.now();
    if (isSubmitResponse(request)) {
      submitsLoading.add(request);
      lastSubmitActivity = lastActivity;
    }
    if (isMainFrameNavigation(page, request)) lastMainNavigation = lastActivity;
  };
  const onDone = (request: Request): void => {
    if (!loading.delete(request)) return;
    lastActivity = Date.now();
    if (submitsLoading.delete(request)) lastSubmitActivity = lastActivity;
  };
  const onResponse = (response: Response): void => {
    const request = response.request();
    if (isSubmitResponse(request)) statuses.push(response.status());
    if (request.resourceType() === 'fetch') onDone(request);
  };
  const onDocument = (): void => {
    lastNewDocument = Date.now();
    lastActivity = lastNewDocument;
  };
  const stopPage = listenOnPage(page, (on) => {
    on('request', onRequest);
    on('requestfinished', onDone);
    on('requestfailed', onDone);
    on('response', onResponse);
    on('domcontentloaded', onDocument);
  });
  const stopListening = (): void => {
    stopPage();
    frames.stop();
  };

  const progress = (): SubmitProgress => ({
    answered: statuses.length > 0 && submitsLoading.size === 0 && frames.settled(),
    newDocument: lastNewDocument > 0 && lastNewDocument >= lastMainNavigation,
  });

  /** Reads the evidence; `settledRead` is false when the form's frames were navigating or loading meanwhile. */
  const record = async (loginKinds: readonly FormKind[]): Promise<RecordedEvidence & { settledRead: boolean }> => {
    const generation = frames.generation();
    const wasSettled = frames.settled();
    const [state, cookiesAfter] = await Promise.all([readPageState(page), cookieValues(page)]);
    const sessionCookieNames = [...cookiesAfter]
      .filter(([key, cookie]) => cookiesBefore.get(key)?.value !== cookie.value && isSessionCookieName(cookie.name))
      .map(([, cookie]) => cookie.name);
    const urlAfter = page.url();
    const evidence: LoginEvidence = {
      passwordFormStillVisible: state.forms.some((form) => loginKinds.includes(form.kind)),
      urlBefore,
      urlAfter,
      loginPathLeft: leftLoginPath(urlBefore, urlAfter),
      newSessionCookie: sessionCookieNames.length > 0,
      sessionCookieNames: [...new Set(sessionCookieNames)],
      errorRegionText: state.errorRegionText,
      fieldMarkedInvalid: state.fieldMarkedInvalid,
      httpStatuses: [...statuses],
      otpFieldVisible: state.forms.some((form) => form.kind === 'otp'),
      captchaDetected: state.captchaDetected,
      lockoutText: state.lockoutText,
    };
    return { evidence, state, settledRead: wasSettled && frames.settled() && frames.generation() === generation };
  };

  return {
    stop: stopListening,
    async finish({ timeoutMs, signal, loginKinds, conclusive }) {
      const deadline = started + timeoutMs;
      // The submit action has just returned (a click may wait long for its button): the quiet
      // periods count from now, or the page is read before the submit even sent its request.
      lastActivity = Math.max(lastActivity, Date.now());
      lastSubmitActivity = Math.max(lastSubmitActivity, lastActivity);
      // The activity an early read already looked at: read again only after something new.
      let readAfter = -1;
      try {
        for (;;) {
          signal?.throwIfAborted();
          const now = Date.now();
          const idleFor = now - lastActivity;
          if (conclusive && loading.size === 0 && idleFor >= CONCLUSIVE_QUIET_MS && lastActivity !== readAfter && progress().answered) {
            readAfter = lastActivity;
            const recorded = await record(loginKinds).catch(() => undefined);
            // Kept only if nothing started while reading and the test calls it conclusive.
            if (recorded?.settledRead && lastActivity === readAfter && loading.size === 0 && conclusive(recorded, progress())) return recorded.evidence;
            continue;
          }
          // Quiet network; or a page that keeps polling or streaming, where the login's own
          // requests ended a while ago (for a login run: ended, not merely started a while ago).
          const quiet = loading.size === 0 && idleFor >= QUIET_MS;
          const submitDone = !conclusive || submitsLoading.size === 0;
          const onlyBackgroundTraffic = submitDone && (idleFor >= 3 * QUIET_MS || now - lastSubmitActivity >= 4 * QUIET_MS);
          const settled = now - started >= MIN_WAIT_MS && (quiet || onlyBackgroundTraffic) && frames.settled();
          const timeUp = now >= deadline;
          if (settled || timeUp) {
            const { evidence, settledRead } = await record(loginKinds);
            if (settledRead) return evidence;
            // Out of time with the form's frame still loading: what it shows is not its answer.
            if (timeUp) return { ...evidence, formFrameLoading: true };
            // A navigation ran through the read: wait for it to settle and read again.
            continue;
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
      } finally {
        stopListening();
      }
    },
  };
}
