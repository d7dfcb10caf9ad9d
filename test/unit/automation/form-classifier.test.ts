import { describe, expect, it } from 'vitest';
import { type FormKind, classifyForm, pickLoginForm, pickOtpForm } from '../../../automation/forms/form-classifier';
import type { FieldGroup } from '../../../automation/forms/field-descriptor';
import { button, field, group, segmentBoxes } from './form-builders';

const email = () => field({ type: 'email', autocomplete: ['email'] });
const username = () => field({ autocomplete: ['username'] });
const pass = () => field({ type: 'password' });
const newPass = () => field({ type: 'password', autocomplete: ['new-password'] });

const kindCases: { name: string; group: () => FieldGroup; kind: FormKind }[] = [
  { name: 'email + password + "Log in"', group: () => group([email(), pass()], { buttons: [button('Log in')] }), kind: 'login' },
  { name: 'username + password without any words', group: () => group([field(), pass()]), kind: 'login' },
  { name: 'German: Benutzername, Passwort, Anmelden', group: () => group([field({ label: 'Benutzername' }), pass()], { buttons: [button('Anmelden')] }), kind: 'login' },
  { name: 'Japanese: ログイン', group: () => group([field({ label: 'メールアドレス' }), pass()], { buttons: [button('ログイン')] }), kind: 'login' },
  { name: 'login form with a "Create account" secondary button', group: () => group([email(), pass()], { buttons: [button('Sign in'), button('Create account', { type: 'button' })] }), kind: 'login' },
  { name: 'login with a "show password" toggle', group: () => group([email(), pass()], { buttons: [button('Show', { type: 'button' }), button('Continue')] }), kind: 'login' },
  { name: 'username alone with "Next"', group: () => group([username()], { buttons: [button('Next')] }), kind: 'username-first' },
  { name: 'email alone with "Weiter"', group: () => group([email()], { buttons: [button('Weiter')] }), kind: 'username-first' },
  { name: 'email alone with "Continue" on a sign-in page', group: () => group([email()], { headingText: 'Sign in to Acme', buttons: [button('Continue')] }), kind: 'username-first' },
  { name: 'password alone (second step)', group: () => group([pass()], { buttons: [button('Sign in')] }), kind: 'password-step' },
  { name: 'password step showing the username read-only', group: () => group([field({ type: 'email', readOnly: true }), pass()]), kind: 'login' },
  { name: 'Cacti: username + a password marked new-password + "Login" under "User Login"', group: () => group([field({ label: 'Username' }), newPass()], { headingText: 'User Login', buttons: [button('Login')] }), kind: 'login' },
  { name: 'sign-up: name, email, new password, confirmation', group: () => group([field({ label: 'Full name' }), email(), newPass(), newPass()], { buttons: [button('Create account')] }), kind: 'sign-up' },
  { name: 'sign-up with a single new password', group: () => group([email(), newPass()], { buttons: [button('Sign up')] }), kind: 'sign-up' },
  { name: 'sign-up known by its words only', group: () => group([email(), pass()], { headingText: 'Create your account', buttons: [button('Register')] }), kind: 'sign-up' },
  { name: 'sign-up with many fields and one password', group: () => group([field({ label: 'First name' }), field({ label: 'Last name' }), field({ label: 'Phone', type: 'tel' }), email(), pass()]), kind: 'sign-up' },
  { name: 'Spanish sign-up: Registrarse', group: () => group([email(), pass()], { buttons: [button('Registrarse')] }), kind: 'sign-up' },
  { name: 'email-first sign-up', group: () => group([email()], { buttons: [button('Sign up')] }), kind: 'sign-up' },
  { name: 'forgot password', group: () => group([email()], { headingText: 'Forgot your password?', buttons: [button('Send reset link')] }), kind: 'forgot-password' },
  { name: 'German forgot password', group: () => group([email()], { headingText: 'Passwort vergessen', buttons: [button('Link senden')] }), kind: 'forgot-password' },
  { name: 'Japanese forgot password', group: () => group([field({ label: 'メールアドレス' })], { buttons: [button('パスワードを再設定')] }), kind: 'forgot-password' },
  { name: 'change password: current + new + confirm', group: () => group([pass(), pass(), pass()], { buttons: [button('Save')] }), kind: 'change-password' },
  { name: 'change password by autocomplete', group: () => group([field({ type: 'password', autocomplete: ['current-password'] }), newPass()]), kind: 'change-password' },
  { name: 'reset password from an emailed link', group: () => group([newPass(), newPass()], { headingText: 'Reset your password' }), kind: 'change-password' },
  { name: 'French change password words', group: () => group([newPass()], { headingText: 'Changer le mot de passe' }), kind: 'change-password' },
  { name: 'single OTP field', group: () => group([field({ autocomplete: ['one-time-code'], inputMode: 'numeric', maxLength: 6 })], { buttons: [button('Verify')] }), kind: 'otp' },
  { name: 'six-box OTP', group: () => group(segmentBoxes(6), { buttons: [button('Verify')] }), kind: 'otp' },
  { name: 'Japanese 確認コード', group: () => group([field({ label: '確認コード' })], { buttons: [button('確認')] }), kind: 'otp' },
  { name: 'newsletter box', group: () => group([field({ type: 'email' })], { attributeText: 'newsletter-signup', buttons: [button('Subscribe')] }), kind: 'unknown' },
  { name: 'search box', group: () => group([field({ type: 'search', name: 'q', labels: { ariaLabel: 'Search' } })], { buttons: [button('Search')] }), kind: 'unknown' },
  { name: 'no fields', group: () => group([]), kind: 'unknown' },
];

describe('classifyForm', () => {
  it.each(kindCases)('$name → $kind', ({ group: build, kind }) => {
    expect(classifyForm(build()).kind).toBe(kind);
  });

  it('takes a login form\'s password marked new-password as the current password (Cacti)', () => {
    const form = classifyForm(group([field({ label: 'Username' }), newPass()], { headingText: 'User Login', buttons: [button('Login')] }));
    expect(form.fields.currentPassword?.autocomplete).toEqual(['new-password']);
    expect(form.fields.newPassword).toBeUndefined();
  });

  it('names the login fields it found', () => {
    const user = email();
    const secret = pass();
    const form = classifyForm(group([user, secret]));
    expect(form.fields.username).toBe(user);
    expect(form.fields.currentPassword).toBe(secret);
  });

  it('lists the code boxes in order', () => {
    const boxes = segmentBoxes(6);
    expect(classifyForm(group(boxes.toReversed())).fields.otpSegments).toEqual(boxes);
  });

  it('gives its reasons', () => {
    expect(classifyForm(group([email(), pass()], { buttons: [button('Log in')] })).reasons).toEqual([
      'a username followed by a current password',
      "login word 'log in'",
    ]);
  });
});

describe('pickLoginForm', () => {
  it('picks the login form among sign-up and forgot-password forms', () => {
    const signUp = classifyForm(group([field({ label: 'Name' }), email(), newPass(), newPass()], { buttons: [button('Sign up')] }));
    const login = classifyForm(group([email(), pass()], { buttons: [button('Log in')] }));
    const forgot = classifyForm(group([email()], { headingText: 'Forgot password?', buttons: [button('Reset')] }));
    expect(pickLoginForm([signUp, forgot, login])).toBe(login);
  });

  it('prefers a complete login form to a username-first step', () => {
    const usernameFirst = classifyForm(group([email()], { buttons: [button('Next')] }));
    const login = classifyForm(group([email(), pass()]));
    expect(pickLoginForm([usernameFirst, login])).toBe(login);
  });

  it('prefers the form that says "log in" when two look alike', () => {
    const plain = classifyForm(group([email()], { buttons: [button('Go')] }));
    const worded = classifyForm(group([email()], { buttons: [button('Sign in')] }));
    expect(pickLoginForm([plain, worded])).toBe(worded);
  });

  it('prefers the top frame to an iframe', () => {
    const framed = classifyForm(group([email(), pass()], { framePath: [0] }));
    const top = classifyForm(group([email(), pass()]));
    expect(pickLoginForm([framed, top])).toBe(top);
  });

  it('finds nothing on a page without a login form', () => {
    const signUp = classifyForm(group([email(), newPass()]));
    expect(pickLoginForm([signUp])).toBeUndefined();
  });
});

describe('pickOtpForm', () => {
  it('finds the code form', () => {
    const otp = classifyForm(group(segmentBoxes(6)));
    expect(pickOtpForm([classifyForm(group([email()], { attributeText: 'newsletter' })), otp])).toBe(otp);
  });
});
