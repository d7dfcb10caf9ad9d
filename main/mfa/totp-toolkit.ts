// What the enableTotp flow (automation/, which must not import main/) is handed to read and
// use secrets: otpauth links and base32 keys from page text, QR images through main/mfa's
// decoder, and code generation. Secrets travel as the vault's StoredTotp shape; an HOTP or an
// unreadable candidate is "not a secret" (null), so the flow keeps looking.
import type { TotpToolkit } from '../../automation/enable-totp/enable-totp';
import { TesseraError } from '../errors';
import { generateCode, remainingSeconds } from './otp-generator';
import { importQrImage } from './qr-import';
import { normalizeOtpParams } from './otp-params';
import { parseOtpauthUri } from './otpauth-uri';
import { otpParamsFromStored, storedFromOtpParams, type StoredTotp } from './stored-totp';

function quietly<T>(read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    if (error instanceof TesseraError) return null;
    throw error;
  }
}

function timeBased(totp: StoredTotp): StoredTotp | null {
  return totp.type === 'hotp' ? null : totp;
}

/** `issuer` / `label` fill in what a bare key does not say (the account's name and username). */
export function totpToolkit(defaults: { issuer: string; label: string }): TotpToolkit<StoredTotp> {
  return {
    fromText(text) {
      const trimmed = text.trim();
      if (/^otpauth:\/\//i.test(trimmed)) return quietly(() => timeBased(storedFromOtpParams(parseOtpauthUri(trimmed).params)));
      return quietly(() => storedFromOtpParams(normalizeOtpParams({ type: 'totp', secret: trimmed, issuer: defaults.issuer, accountName: defaults.label })));
    },
    fromQrImage(png) {
      const found = quietly(() => importQrImage(png));
      if (found?.otp?.kind !== 'otpauth') return null;
      return timeBased(storedFromOtpParams(found.otp.params));
    },
    code(secret, nowMs) {
      const params = otpParamsFromStored(secret);
      return { code: generateCode(params, nowMs), remainingSeconds: remainingSeconds(params, nowMs) ?? 30 };
    },
  };
}
