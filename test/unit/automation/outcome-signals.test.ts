import { describe, expect, it } from 'vitest';
import {
  findCaptchaPhrase,
  findLockoutPhrase,
  findPendingPhrase,
  findWrongCredentialPhrase,
  isCaptchaFrameUrl,
  isLoginPath,
  isSessionCookieName,
  leftLoginPath,
} from '../../../automation/outcome/outcome-signals';

describe('findLockoutPhrase', () => {
  it.each([
    'Too many attempts. Try again later.',
    'Too many failed login attempts',
    'Your account has been temporarily locked',
    'Zu viele Anmeldeversuche. Bitte später erneut versuchen.',
    'Demasiados intentos. Inténtalo más tarde.',
    'Trop de tentatives, réessayez plus tard.',
    'ログイン試行回数が上限に達しました',
  ])('recognises "%s"', (text) => {
    expect(findLockoutPhrase(text)).not.toBe('');
  });

  it.each(['Wrong password', 'Welcome back', 'Locked out? Reset your password'])('ignores "%s"', (text) => {
    expect(findLockoutPhrase(text)).toBe('');
  });
});

describe('findWrongCredentialPhrase', () => {
  it.each([
    'Invalid email or password',
    'Incorrect username or password.',
    'The password you entered is incorrect',
    "Email and password don't match",
    'Login failed',
    'Benutzername oder Passwort ist falsch',
    'Falsches Passwort',
    'Usuario o contraseña incorrectos',
    'Identifiant ou mot de passe incorrect',
    'メールアドレスまたはパスワードが正しくありません',
  ])('recognises "%s"', (text) => {
    expect(findWrongCredentialPhrase(text)).not.toBe('');
  });

  it.each(['Forgot your password?', 'Sign in to continue', 'Password must be 8 characters'])('ignores "%s"', (text) => {
    expect(findWrongCredentialPhrase(text)).toBe('');
  });
});

describe('findPendingPhrase', () => {
  it.each([
    'Signing you in…',
    'Logging in, please wait',
    'Redirecting to your dashboard',
    'Just a moment...',
    'Loading your projects',
    'Sie werden angemeldet. Bitte warten.',
    'Iniciando sesión…',
    'Connexion en cours…',
    'ログイン中です',
  ])('recognises "%s"', (text) => {
    expect(findPendingPhrase(text)).not.toBe('');
  });

  it.each(['Welcome back, Ada', 'You are logged in.', 'Signed in as ada', 'Your projects'])('ignores "%s"', (text) => {
    expect(findPendingPhrase(text)).toBe('');
  });
});

describe('CAPTCHA signs', () => {
  it.each(["I'm not a robot", 'Verify you are human', 'Ich bin kein Roboter', 'ロボットではありません'])('text "%s"', (text) => {
    expect(findCaptchaPhrase(text)).not.toBe('');
  });

  it.each([
    ['https://www.google.com/recaptcha/api2/anchor?k=x', true],
    ['https://newassets.hcaptcha.com/captcha/v1/x', true],
    ['https://challenges.cloudflare.com/cdn-cgi/challenge-platform/turnstile', true],
    ['https://app.example/login', false],
  ])('frame %s → %s', (url, expected) => {
    expect(isCaptchaFrameUrl(url)).toBe(expected);
  });
});

describe('isSessionCookieName', () => {
  it.each([
    ['sid', true],
    ['connect.sid', true],
    ['session', true],
    ['auth_token', true],
    ['remember_me', true],
    ['csrftoken', false],
    ['XSRF-TOKEN', false],
    ['_ga', false],
    ['cookie_consent', false],
  ])('%s → %s', (name, expected) => {
    expect(isSessionCookieName(name)).toBe(expected);
  });
});

describe('login paths', () => {
  it.each([
    ['https://a.example/login', true],
    ['https://a.example/users/sign_in', true],
    ['https://a.example/auth/realms/x', true],
    ['https://a.example/#/signin', true],
    ['https://a.example/anmelden', true],
    ['https://a.example/dashboard', false],
    ['https://a.example/', false],
  ])('%s looks like a login: %s', (url, expected) => {
    expect(isLoginPath(url)).toBe(expected);
  });

  it.each([
    ['https://a.example/login', 'https://a.example/dashboard', true],
    ['https://a.example/login', 'https://a.example/login?error=1', false],
    ['https://a.example/login', 'https://a.example/login/otp', false],
    ['https://a.example/', 'https://a.example/', false],
    ['https://a.example/', 'https://a.example/home', true],
  ])('%s → %s left the login: %s', (before, after, expected) => {
    expect(leftLoginPath(before, after)).toBe(expected);
  });
});
