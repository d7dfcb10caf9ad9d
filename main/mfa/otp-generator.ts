// Turns an entry into its current code: RFC 6238 TOTP, RFC 4226 HOTP and Steam Guard, via
// otplib. Steam goes through @otplib/totp directly because otplib 13.5's `generateSync`
// wrapper drops the `hooks` option that swaps in Steam's alphabet (its async twin keeps it).

import { generateSync as generateTotpSync } from '@otplib/totp';
import { createGuardrails, generateSync, NobleCryptoPlugin } from 'otplib';
import { base32SecretToBytes, MAX_SECRET_BYTES } from './base32-secret';
import { MAX_PERIOD_SECONDS, type OtpParams } from './otp-params';

const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY';

// otplib refuses secrets under 16 bytes, but services really issue 10-byte ones and we only
// consume keys, never choose them; normalizeOtpParams already bounds length and period.
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 1, MAX_SECRET_BYTES, MAX_PERIOD: MAX_PERIOD_SECONDS });
const crypto = new NobleCryptoPlugin();

const steamHooks = {
  encodeToken(truncated: number, length: number): string {
    let value = truncated;
    let code = '';
    for (let i = 0; i < length; i++) {
      code += STEAM_ALPHABET[value % STEAM_ALPHABET.length];
      value = Math.floor(value / STEAM_ALPHABET.length);
    }
    return code;
  },
};

/** The code shown at `nowMs` (Unix ms). HOTP ignores the time and uses `params.counter`. */
export function generateCode(params: OtpParams, nowMs: number): string {
  const common = {
    secret: base32SecretToBytes(params.secret),
    algorithm: toOtplibAlgorithm(params.algorithm),
    digits: params.digits,
    crypto,
    guardrails,
  };
  const epoch = Math.floor(nowMs / 1000);
  switch (params.type) {
    case 'hotp':
      return generateSync({ ...common, strategy: 'hotp', counter: params.counter });
    case 'totp':
      return generateSync({ ...common, strategy: 'totp', period: params.period, epoch });
    case 'steam':
      return generateTotpSync({ ...common, period: params.period, epoch, hooks: steamHooks });
  }
}

/** Seconds until the code changes, 1..period (for the countdown); null for HOTP, which has none. */
export function remainingSeconds(params: OtpParams, nowMs: number): number | null {
  if (params.type === 'hotp') return null;
  const periodMs = params.period * 1000;
  const intoPeriod = ((nowMs % periodMs) + periodMs) % periodMs;
  return Math.ceil((periodMs - intoPeriod) / 1000);
}

function toOtplibAlgorithm(algorithm: OtpParams['algorithm']): 'sha1' | 'sha256' | 'sha512' {
  return algorithm === 'SHA1' ? 'sha1' : algorithm === 'SHA256' ? 'sha256' : 'sha512';
}
