// What an authenticator entry is: a base32 secret plus the parameters that turn it into codes.
// normalizeOtpParams is the single gate every source passes through (otpauth URIs, Google
// Authenticator exports, the vault), so a stored entry is always valid and canonical.

import { TesseraError } from '../errors';
import { normalizeBase32Secret } from './base32-secret';

export type OtpType = 'totp' | 'hotp' | 'steam';
export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

interface OtpParamsBase {
  /** Base32, uppercase, without spaces or padding. */
  secret: string;
  algorithm: OtpAlgorithm;
  /** 6–8 for TOTP/HOTP; always 5 (characters) for Steam. */
  digits: number;
  issuer?: string;
  accountName?: string;
}

export interface TotpParams extends OtpParamsBase { type: 'totp'; period: number }
export interface HotpParams extends OtpParamsBase { type: 'hotp'; counter: number }
/** Steam Guard: TOTP with SHA-1, 30 s, and 5 characters from Steam's own alphabet. */
export interface SteamParams extends OtpParamsBase { type: 'steam'; period: 30; algorithm: 'SHA1'; digits: 5 }

export type OtpParams = TotpParams | HotpParams | SteamParams;

/** Loose input: what a URI or an export says, before defaults and checks. */
export interface OtpParamsDraft {
  type: OtpType;
  secret: string;
  algorithm?: string;
  digits?: number;
  period?: number;
  counter?: number;
  issuer?: string;
  accountName?: string;
}

export const DEFAULT_PERIOD_SECONDS = 30;
export const MIN_DIGITS = 6;
export const MAX_DIGITS = 8;
export const MAX_PERIOD_SECONDS = 3600;

const ALGORITHMS: readonly OtpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

export function normalizeOtpParams(draft: OtpParamsDraft): OtpParams {
  const secret = normalizeBase32Secret(draft.secret);
  const names = { ...optionalText('issuer', draft.issuer), ...optionalText('accountName', draft.accountName) };
  if (draft.type === 'steam') {
    // Steam fixes every parameter; what the source claims for them is ignored.
    return { type: 'steam', secret, algorithm: 'SHA1', digits: 5, period: 30, ...names };
  }
  const algorithm = normalizeAlgorithm(draft.algorithm);
  const digits = draft.digits ?? MIN_DIGITS;
  if (!Number.isInteger(digits) || digits < MIN_DIGITS || digits > MAX_DIGITS) {
    throw new TesseraError('OTPAUTH_INVALID', `Digits must be ${MIN_DIGITS} to ${MAX_DIGITS}, got ${digits}.`);
  }
  if (draft.type === 'hotp') {
    const counter = draft.counter ?? 0;
    if (!Number.isSafeInteger(counter) || counter < 0) {
      throw new TesseraError('OTPAUTH_INVALID', `The HOTP counter must be a whole number of 0 or more, got ${counter}.`);
    }
    return { type: 'hotp', secret, algorithm, digits, counter, ...names };
  }
  const period = draft.period ?? DEFAULT_PERIOD_SECONDS;
  if (!Number.isInteger(period) || period < 1 || period > MAX_PERIOD_SECONDS) {
    throw new TesseraError('OTPAUTH_INVALID', `The period must be 1 to ${MAX_PERIOD_SECONDS} seconds, got ${period}.`);
  }
  return { type: 'totp', secret, algorithm, digits, period, ...names };
}

function normalizeAlgorithm(raw: string | undefined): OtpAlgorithm {
  if (raw === undefined) return 'SHA1';
  // Apps write "sha256" and "SHA-256" as often as the spec's "SHA256".
  const algorithm = raw.toUpperCase().replace('-', '');
  if (!ALGORITHMS.includes(algorithm as OtpAlgorithm)) {
    throw new TesseraError('OTPAUTH_INVALID', `Algorithm '${raw}' is not supported: use SHA1, SHA256 or SHA512.`);
  }
  return algorithm as OtpAlgorithm;
}

function optionalText<K extends 'issuer' | 'accountName'>(key: K, value: string | undefined): Partial<Record<K, string>> {
  const trimmed = value?.trim();
  return trimmed ? ({ [key]: trimmed } as Record<K, string>) : {};
}
