// Base32 (RFC 4648, no padding) for OTP secrets: the canonical text form every entry stores.
// Secrets arrive typed by people and apps ("jbsw y3dp ehpk 3pxp===="), so normalization is
// forgiving about case, spaces and padding, and strict about everything else.

import { TesseraError } from '../errors';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// HMAC accepts any key length; the ceiling only stops absurd input from reaching it.
export const MAX_SECRET_BYTES = 256;

/** Uppercases, drops whitespace and '=' padding, and checks that what is left is base32. */
export function normalizeBase32Secret(raw: string): string {
  const secret = raw.replace(/\s+/g, '').replace(/=+$/, '').toUpperCase();
  if (secret.length === 0) {
    throw new TesseraError('OTPAUTH_INVALID', 'The secret is missing: paste the whole setup key or scan the QR code again.');
  }
  const bad = [...secret].findIndex((ch) => !ALPHABET.includes(ch));
  if (bad !== -1) {
    throw new TesseraError(
      'OTPAUTH_INVALID',
      `The secret is not valid base32: character ${bad + 1} is outside A–Z and 2–7. Check the setup key for typos (0/O, 1/I/L).`,
    );
  }
  // 1, 3 or 6 trailing characters cannot come from whole bytes: the key was cut short.
  if ([1, 3, 6].includes(secret.length % 8)) {
    throw new TesseraError('OTPAUTH_INVALID', `The secret is not valid base32: ${secret.length} characters cannot encode whole bytes. Check that the setup key is complete.`);
  }
  if ((secret.length * 5) / 8 > MAX_SECRET_BYTES) {
    throw new TesseraError('OTPAUTH_INVALID', `The secret is too long (over ${MAX_SECRET_BYTES} bytes); this is not an authenticator key.`);
  }
  return secret;
}

/** Decodes a secret already passed through normalizeBase32Secret. */
export function base32SecretToBytes(secret: string): Uint8Array {
  const out = new Uint8Array(Math.floor((secret.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const ch of secret) {
    buffer = ((buffer << 5) | ALPHABET.indexOf(ch)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

export function bytesToBase32Secret(bytes: Uint8Array): string {
  let text = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += ALPHABET[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) text += ALPHABET[(buffer << (5 - bits)) & 31];
  return text;
}
