// Authenticator codes for Tessera: entry parameters, otpauth:// and Google Authenticator
// imports (text or QR image), code generation with countdown, and the clock-skew check.
// Plain Node: no Electron, no IPC; the app and the CLI call these.

export {
  DEFAULT_PERIOD_SECONDS,
  MAX_DIGITS,
  MAX_PERIOD_SECONDS,
  MIN_DIGITS,
  normalizeOtpParams,
  type HotpParams,
  type OtpAlgorithm,
  type OtpParams,
  type OtpParamsDraft,
  type OtpType,
  type SteamParams,
  type TotpParams,
} from './otp-params';
export type { IssuerMismatch } from './otp-label';
export { formatOtpauthUri, parseOtpauthUri, type ParsedOtpauthUri } from './otpauth-uri';
export {
  decodeMigrationPayload,
  parseMigrationUri,
  type MigrationBatch,
  type MigrationImport,
  type RejectedMigrationEntry,
} from './migration-import';
export { importOtpText, isOtpText, type OtpTextImport } from './otp-text-import';
export { importQrImage, importQrImageFile, importQrPixels, readQrCode, type QrImport } from './qr-import';
export { cropImage, decodeImage, encodePng, shrink, type FractionRegion, type RgbaImage } from './rgba-image';
export { generateCode, remainingSeconds } from './otp-generator';
export {
  assessClockSkew,
  clockReadingFromHttpDate,
  DEFAULT_SKEW_THRESHOLD_MS,
  type ClockReading,
  type ClockSkew,
} from './clock-skew';
export { type ScreenCapture } from './screen-qr-scanner';
export { storedFromOtpauthUri, storedFromOtpParams, otpParamsFromStored, type StoredTotp } from './stored-totp';
export { MfaService, type ImportedTotp } from './mfa-service';
export { base32SecretToBytes, normalizeBase32Secret } from './base32-secret';
