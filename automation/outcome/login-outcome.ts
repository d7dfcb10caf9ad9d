// Pure decision of how a login attempt ended, from evidence recorded after the submit:
// success, wrong credentials, needs a one-time code, CAPTCHA, locked or rate-limited, or
// unknown. Every decision lists its reasons, so a person (and a test) can see why. Also
// decides when evidence read early is conclusive, so the recorder may stop waiting.

import { findWrongCredentialPhrase } from './outcome-signals';

export const LOGIN_OUTCOMES = [
  'success',
  'wrong_credentials',
  'needs_otp',
  'captcha',
  'locked_or_rate_limited',
  'unknown',
] as const;
export type LoginOutcome = (typeof LOGIN_OUTCOMES)[number];

/** What the page showed after the submit. Texts are short excerpts and never hold a secret. */
export interface LoginEvidence {
  /** The login form (or its username step) is still on the page. */
  passwordFormStillVisible: boolean;
  urlBefore: string;
  urlAfter: string;
  /** The URL moved to a path that does not look like a login page. */
  loginPathLeft: boolean;
  /** A session-like cookie appeared or changed. Only its name is kept. */
  newSessionCookie: boolean;
  sessionCookieNames: string[];
  /** Text of alerts, error-like regions and failure phrases near the form; '' if none. */
  errorRegionText: string;
  /** A field the site marked aria-invalid. */
  fieldMarkedInvalid: boolean;
  /** Statuses of the responses to the submit (documents and non-GET fetches). */
  httpStatuses: number[];
  otpFieldVisible: boolean;
  captchaDetected: boolean;
  /** The lockout or rate-limit phrase shown; '' if none. */
  lockoutText: string;
  /**
   * The frame that held the form was still navigating or loading when the time was up, so a
   * missing form says nothing. Absent when it had settled.
   */
  formFrameLoading?: boolean;
}

export interface OutcomeDecision {
  outcome: LoginOutcome;
  reasons: string[];
}

/** How far the submit had got when the evidence was read: facts from the network, not the page. */
export interface SubmitProgress {
  /**
   * The submit has its answer: a response to the navigation or the non-GET fetch it started,
   * no such request still loading, and any new document of the form's frame (and the frames
   * holding it, the main frame included) parsed.
   */
  answered: boolean;
  /** The main frame parsed a new document after the submit. */
  newDocument: boolean;
}

/**
 * Whether evidence read as soon as the submit was answered (and the network went quiet for a
 * moment) may be taken as the outcome, instead of waiting out the full quiet period.
 * `pendingText` is what the page says about still working ("Signing you in…"): never
 * conclusive. A success only when a new document replaced the login form, on a path that is
 * no login page, with a new session cookie and no error: a single-page app that swapped its
 * form for a spinner, or a sign-in interstitial, gets the full wait. A page that shows an
 * error, a lockout, a CAPTCHA or a code field is conclusive once the submit was answered;
 * "unknown" never is.
 */
export function isConclusiveLogin(evidence: LoginEvidence, progress: SubmitProgress, pendingText = ''): boolean {
  if (!progress.answered || pendingText !== '') return false;
  switch (classifyLoginOutcome(evidence).outcome) {
    case 'success':
      return progress.newDocument && evidence.loginPathLeft && evidence.newSessionCookie && !evidence.passwordFormStillVisible && evidence.errorRegionText === '';
    case 'unknown':
      return false;
    default:
      return true;
  }
}

export function classifyLoginOutcome(evidence: LoginEvidence): OutcomeDecision {
  const statuses = evidence.httpStatuses;
  const rejectedStatus = statuses.find((status) => status === 401 || status === 403);
  const acceptedStatus = statuses.some((status) => status >= 200 && status < 400);
  const formGone = !evidence.passwordFormStillVisible;

  if (evidence.lockoutText || statuses.includes(429)) {
    const reasons: string[] = [];
    if (evidence.lockoutText) reasons.push(`the page says "${evidence.lockoutText}"`);
    if (statuses.includes(429)) reasons.push('the site answered 429 Too Many Requests');
    return { outcome: 'locked_or_rate_limited', reasons };
  }

  // A form missing from a frame that is still loading is no sign of anything.
  if (evidence.formFrameLoading && formGone) {
    return { outcome: 'unknown', reasons: ['the frame that held the login form was still loading when the time was up'] };
  }

  const positive: string[] = [];
  if (evidence.loginPathLeft) positive.push(`the page moved on to ${pathOf(evidence.urlAfter)}`);
  if (evidence.newSessionCookie) positive.push(`a session cookie appeared (${evidence.sessionCookieNames.join(', ')})`);

  if (evidence.captchaDetected && !(formGone && positive.length > 0)) {
    return { outcome: 'captcha', reasons: ['the page shows a CAPTCHA or bot check'] };
  }

  if (evidence.otpFieldVisible && formGone) {
    const reasons = ['the page asks for a one-time code'];
    if (evidence.errorRegionText) reasons.push(`the page says "${evidence.errorRegionText}"`);
    return { outcome: 'needs_otp', reasons };
  }

  if (!formGone) {
    const reasons: string[] = [];
    if (evidence.errorRegionText) reasons.push(`the page says "${evidence.errorRegionText}"`);
    if (evidence.fieldMarkedInvalid) reasons.push('a field is marked invalid');
    if (rejectedStatus !== undefined) reasons.push(`the site answered ${rejectedStatus}`);
    if (reasons.length > 0) return { outcome: 'wrong_credentials', reasons: ['the login form is still shown', ...reasons] };
    return { outcome: 'unknown', reasons: ['the login form is still shown, without an error message'] };
  }

  // A single-page login that swaps its form for a message ("Wrong username or password.",
  // Retry) on the same URL, with no new session: the site said no.
  if (positive.length === 0 && findWrongCredentialPhrase(evidence.errorRegionText) !== '') {
    return { outcome: 'wrong_credentials', reasons: ['the login form was replaced by a message', `the page says "${evidence.errorRegionText}"`] };
  }
  if (evidence.errorRegionText) {
    return {
      outcome: 'unknown',
      reasons: ['the login form is gone', `but the page says "${evidence.errorRegionText}"`],
    };
  }
  if (positive.length === 0 && acceptedStatus) positive.push('the site accepted the submit');
  if (positive.length > 0) return { outcome: 'success', reasons: ['the login form is gone', ...positive] };
  return { outcome: 'unknown', reasons: ['the login form is gone, but nothing shows a session'] };
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
