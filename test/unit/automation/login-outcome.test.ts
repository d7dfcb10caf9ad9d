import { describe, expect, it } from 'vitest';
import { type LoginEvidence, type LoginOutcome, type SubmitProgress, classifyLoginOutcome, isConclusiveLogin } from '../../../automation/outcome/login-outcome';

function evidence(overrides: Partial<LoginEvidence>): LoginEvidence {
  return {
    passwordFormStillVisible: true,
    urlBefore: 'https://app.example/login',
    urlAfter: 'https://app.example/login',
    loginPathLeft: false,
    newSessionCookie: false,
    sessionCookieNames: [],
    errorRegionText: '',
    fieldMarkedInvalid: false,
    httpStatuses: [],
    otpFieldVisible: false,
    captchaDetected: false,
    lockoutText: '',
    ...overrides,
  };
}

const gone = { passwordFormStillVisible: false };
const cases: { name: string; evidence: Partial<LoginEvidence>; outcome: LoginOutcome }[] = [
  { name: 'form gone, moved to the dashboard, session cookie', evidence: { ...gone, urlAfter: 'https://app.example/dashboard', loginPathLeft: true, newSessionCookie: true, sessionCookieNames: ['sid'], httpStatuses: [302, 200] }, outcome: 'success' },
  { name: 'form gone and a session cookie, same URL (SPA)', evidence: { ...gone, newSessionCookie: true, sessionCookieNames: ['session'], httpStatuses: [200] }, outcome: 'success' },
  { name: 'form gone and the URL left the login path', evidence: { ...gone, loginPathLeft: true }, outcome: 'success' },
  { name: 'form gone and the fetch answered 200 (token kept in storage)', evidence: { ...gone, httpStatuses: [200] }, outcome: 'success' },
  { name: 'form gone and nothing else', evidence: { ...gone }, outcome: 'unknown' },
  { name: 'form gone but an error is shown', evidence: { ...gone, loginPathLeft: true, errorRegionText: 'Something went wrong' }, outcome: 'unknown' },
  { name: 'form swapped for a wrong-credentials message on the same URL, no session (SOGo 5.8)', evidence: { ...gone, errorRegionText: 'Wrong username or password.', httpStatuses: [200] }, outcome: 'wrong_credentials' },
  { name: 'form gone with a wrong-credentials phrase but a session cookie appeared', evidence: { ...gone, newSessionCookie: true, sessionCookieNames: ['sid'], errorRegionText: 'Wrong username or password.' }, outcome: 'unknown' },
  { name: 'form back with inline error text', evidence: { errorRegionText: 'Wrong email or password' }, outcome: 'wrong_credentials' },
  { name: 'form back with a role=alert message and 401', evidence: { errorRegionText: 'Invalid credentials', httpStatuses: [401] }, outcome: 'wrong_credentials' },
  { name: 'form back with a field marked invalid only', evidence: { fieldMarkedInvalid: true }, outcome: 'wrong_credentials' },
  { name: 'form back and 403, no text', evidence: { httpStatuses: [403] }, outcome: 'wrong_credentials' },
  { name: 'reload with error in the query and text', evidence: { urlAfter: 'https://app.example/login?error=1', errorRegionText: 'Incorrect password' }, outcome: 'wrong_credentials' },
  { name: 'form back without any error', evidence: { httpStatuses: [200] }, outcome: 'unknown' },
  { name: 'a code field instead of the form', evidence: { ...gone, otpFieldVisible: true, urlAfter: 'https://app.example/login/otp' }, outcome: 'needs_otp' },
  { name: 'a code field with a session cookie already set', evidence: { ...gone, otpFieldVisible: true, newSessionCookie: true }, outcome: 'needs_otp' },
  { name: 'a CAPTCHA next to the form', evidence: { captchaDetected: true }, outcome: 'captcha' },
  { name: 'a CAPTCHA and an error', evidence: { captchaDetected: true, errorRegionText: 'Please complete the CAPTCHA' }, outcome: 'captcha' },
  { name: 'a leftover CAPTCHA script after a real login', evidence: { ...gone, captchaDetected: true, loginPathLeft: true, newSessionCookie: true }, outcome: 'success' },
  { name: 'lockout text', evidence: { lockoutText: 'Too many attempts', errorRegionText: 'Too many attempts. Try again later.' }, outcome: 'locked_or_rate_limited' },
  { name: '429 without text', evidence: { httpStatuses: [429] }, outcome: 'locked_or_rate_limited' },
  { name: 'lockout beats CAPTCHA', evidence: { lockoutText: 'account locked', captchaDetected: true }, outcome: 'locked_or_rate_limited' },
  { name: 'form missing from a frame still loading at the deadline, 200', evidence: { ...gone, httpStatuses: [200], formFrameLoading: true }, outcome: 'unknown' },
  { name: 'form shown in a frame still loading, with an error', evidence: { errorRegionText: 'Wrong password', formFrameLoading: true }, outcome: 'wrong_credentials' },
];

describe('classifyLoginOutcome', () => {
  it.each(cases)('$name → $outcome', ({ evidence: overrides, outcome }) => {
    expect(classifyLoginOutcome(evidence(overrides)).outcome).toBe(outcome);
  });

  it('explains a success', () => {
    const decision = classifyLoginOutcome(evidence({ ...gone, urlAfter: 'https://app.example/home', loginPathLeft: true, newSessionCookie: true, sessionCookieNames: ['sid'] }));
    expect(decision.reasons).toEqual(['the login form is gone', 'the page moved on to /home', 'a session cookie appeared (sid)']);
  });

  it('explains why a form missing from a loading frame proves nothing', () => {
    const decision = classifyLoginOutcome(evidence({ ...gone, httpStatuses: [200], formFrameLoading: true }));
    expect(decision.reasons).toEqual(['the frame that held the login form was still loading when the time was up']);
  });

  it('explains a rejection', () => {
    const decision = classifyLoginOutcome(evidence({ errorRegionText: 'Wrong password', httpStatuses: [401] }));
    expect(decision.reasons).toEqual(['the login form is still shown', 'the page says "Wrong password"', 'the site answered 401']);
  });
});

describe('isConclusiveLogin', () => {
  const answered: SubmitProgress = { answered: true, newDocument: true };
  const signedIn: Partial<LoginEvidence> = {
    ...gone,
    urlAfter: 'https://app.example/dashboard',
    loginPathLeft: true,
    newSessionCookie: true,
    sessionCookieNames: ['sid'],
    httpStatuses: [302, 200],
  };
  const conclusive: { name: string; evidence: Partial<LoginEvidence>; progress?: SubmitProgress }[] = [
    { name: 'a new document off the login path, a new session cookie, no form, no error', evidence: signedIn },
    { name: 'the form back with an error message', evidence: { errorRegionText: 'Wrong email or password', httpStatuses: [200] } },
    { name: 'the form back with an error, in a single-page app', evidence: { errorRegionText: 'Invalid credentials', httpStatuses: [401] }, progress: { answered: true, newDocument: false } },
    { name: 'a code field', evidence: { ...gone, otpFieldVisible: true, newSessionCookie: true } },
    { name: 'a lockout message', evidence: { lockoutText: 'Too many attempts', httpStatuses: [429] } },
  ];
  it.each(conclusive)('decides early on $name', ({ evidence: overrides, progress = answered }) => {
    expect(isConclusiveLogin(evidence(overrides), progress)).toBe(true);
  });

  const notYet: { name: string; evidence: Partial<LoginEvidence>; progress?: SubmitProgress; pending?: string }[] = [
    { name: 'a sign-in before the submit was answered', evidence: signedIn, progress: { answered: false, newDocument: true } },
    { name: 'an error before the submit was answered', evidence: { errorRegionText: 'Wrong password' }, progress: { answered: false, newDocument: false } },
    { name: 'a single-page app whose form gave way, with a session cookie (same document)', evidence: signedIn, progress: { answered: true, newDocument: false } },
    { name: 'a new document on a login path (an interstitial)', evidence: { ...signedIn, urlAfter: 'https://app.example/login/callback', loginPathLeft: false } },
    { name: 'a new document without a new session cookie', evidence: { ...signedIn, newSessionCookie: false, sessionCookieNames: [] } },
    { name: 'a page that says it is still signing in', evidence: signedIn, pending: 'Signing you in' },
    { name: 'an error on a page that is still loading', evidence: { errorRegionText: 'Wrong password' }, pending: 'Loading' },
    { name: 'the form back without any message', evidence: { httpStatuses: [200] } },
    { name: 'the form gone and nothing else', evidence: { ...gone } },
  ];
  it.each(notYet)('keeps waiting on $name', ({ evidence: overrides, progress = answered, pending = '' }) => {
    expect(isConclusiveLogin(evidence(overrides), progress, pending)).toBe(false);
  });
});
