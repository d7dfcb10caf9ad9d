import { describe, expect, it } from 'vitest';
import { otpHintFromText } from '../../../automation/login/otp-hint';

describe('where a code page says its code comes from', () => {
  it.each([
    ['We emailed a sign-in code to your address.', 'email'],
    ['Check your inbox for a 6-digit code', 'email'],
    ['Wir haben dir einen Code per E-Mail gesendet.', 'email'],
    ['Te enviamos un código a tu correo electrónico.', 'email'],
    ['メールに記載されたコードを入力してください', 'email'],
    ['Enter the 6-digit code from your authenticator app', 'totp'],
    ['Use your authenticator app, or we can email you a code instead', 'totp'],
    ['Enter the code', undefined],
  ])('%s → %s', (text, expected) => {
    expect(otpHintFromText(text)).toBe(expected);
  });
});
