// Pure guess, from what a code page says, of where its code comes from: "we emailed you a
// code" points at the managed inbox, "your authenticator app" at the vault's TOTP. The
// engine passes the guess to the OTP provider, which may have only one source anyway.

import type { OtpSource } from './credential-provider';

const EMAIL_PATTERNS: readonly RegExp[] = [
  /\b(?:e-?mail(?:ed)?|inbox|mailbox)\b/i,
  /\bsent (?:a |the )?(?:code|verification code) to\b/i,
  /\bcheck your (?:e-?mail|mail|inbox)\b/i,
  /per e-?mail|e-?mail gesendet|posteingang/i,
  /correo electrónico|te enviamos|enviado a tu correo/i,
  /メール/,
];

const AUTHENTICATOR_PATTERNS: readonly RegExp[] = [
  /authenticat(?:or|ion) app/i,
  /\b(?:google|microsoft) authenticator\b/i,
  /\bTOTP\b/,
  /authenticator-app|authentifizierungs-?app/i,
  /aplicación de autenticación/i,
  /認証アプリ/,
];

export function otpHintFromText(text: string): OtpSource | undefined {
  // An authenticator mention wins: "or use your authenticator app instead of email" is common.
  if (AUTHENTICATOR_PATTERNS.some((pattern) => pattern.test(text))) return 'totp';
  if (EMAIL_PATTERNS.some((pattern) => pattern.test(text))) return 'email';
  return undefined;
}
