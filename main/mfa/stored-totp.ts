// Converts between the TOTP settings an account stores (vault record) and the OTP
// parameters the generator and importers use. Structural types only, so main/mfa does
// not depend on the vault.
import { normalizeOtpParams, type OtpParams } from './otp-params';
import { parseOtpauthUri } from './otpauth-uri';

export type StoredTotp = {
  type: 'totp' | 'hotp' | 'steam';
  secret: string;
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  digits: number;
  period: number;
  counter: number;
  issuer: string;
  label: string;
};

export function otpParamsFromStored(totp: StoredTotp): OtpParams {
  return normalizeOtpParams({
    type: totp.type,
    secret: totp.secret,
    algorithm: totp.algorithm,
    digits: totp.digits,
    period: totp.period,
    counter: totp.counter,
    ...(totp.issuer ? { issuer: totp.issuer } : {}),
    ...(totp.label ? { accountName: totp.label } : {}),
  });
}

export function storedFromOtpParams(params: OtpParams): StoredTotp {
  return {
    type: params.type,
    secret: params.secret,
    algorithm: params.algorithm,
    digits: params.digits,
    period: params.type === 'hotp' ? 30 : params.period,
    counter: params.type === 'hotp' ? params.counter : 0,
    issuer: params.issuer ?? '',
    label: params.accountName ?? '',
  };
}

/** An otpauth:// URI as stored TOTP settings; OTPAUTH_INVALID names what is wrong. */
export function storedFromOtpauthUri(uri: string): StoredTotp {
  return storedFromOtpParams(parseOtpauthUri(uri).params);
}
