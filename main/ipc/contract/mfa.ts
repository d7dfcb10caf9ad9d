// Channels for MFA: status of an account's MFA (method, pending secret, backup
// code count, last enrolment with its steps), imports from otpauth:// or Google Authenticator
// text and from a QR image (base64, size-limited), backup code values (Owners), the pending
// secret kept by a failed enrolment, one-click enrolment with live `mfa.progress` steps, and
// "Scan QR from screen": capture (a downscaled preview comes back), scan a region (what the
// QR holds, without its secret), import the scanned entry, discard the capture.
import { z } from 'zod';
import { channel, event } from './define';
import { id } from './limits';
import type { StepEvent } from './automation';

type OtpType = 'totp' | 'hotp' | 'steam';

export type MfaRunSummary = {
  id: string;
  outcome: string;
  startedAt: number;
  finishedAt: number;
  reasons: string[];
  steps: StepEvent[];
  screenshots: { name: string; at: number }[];
};

export type MfaStatus = {
  accountId: string;
  /** For the confirmation that names the account, the site and the task. */
  accountName: string;
  site: string;
  method: 'totp' | 'email' | 'sms' | 'none';
  totp: { type: OtpType; issuer: string; label: string; digits: number; period: number } | null;
  pending: { createdAt: number; issuer: string; label: string; source: string } | null;
  backupCodeCount: number;
  lastRun: MfaRunSummary | null;
  enrolling: boolean;
};

export type ImportedTotp = {
  accountId: string;
  issuer: string;
  label: string;
  type: OtpType;
  /** Every entry of the text or image; `index` chose the one imported. */
  entries: { issuer: string; label: string }[];
};

/** A screen capture held in the main process; only this downscaled preview leaves it. */
export type ScreenCapturePreview = {
  captureId: string;
  /** The capture's size in pixels (regions are given as fractions of it). */
  width: number;
  height: number;
  previewDataUrl: string;
};

/** What the QR in the region holds, without its secret: for the person to confirm. */
export type ScannedOtpEntry = { type: string; issuer: string; label: string; algorithm: string; digits: number; period: number | null };

/** Base64 of at most ~700 KB of image: a QR crop or a screenshot of a setup page, within one IPC message. */
export const MAX_QR_IMAGE_BASE64 = 950_000;
const entryIndex = z.number().int().min(0).max(999).optional();
const captureId = z.string().uuid();
const fraction = z.number().min(0).max(1);
/** A rectangle as fractions of the capture, so the preview's scale does not matter. */
const region = z.strictObject({ x: fraction, y: fraction, width: fraction, height: fraction });

export const mfaChannels = {
  'mfa.status': channel<MfaStatus>()(z.strictObject({ id })),
  /** An otpauth:// link or an otpauth-migration:// export (entry `index`) as the account's TOTP. */
  'mfa.importText': channel<ImportedTotp>()(z.strictObject({ id, text: z.string().trim().min(1).max(20_000), index: entryIndex })),
  /** A PNG or JPEG holding the setup QR code, base64 (a data: URL prefix is accepted). */
  'mfa.importQr': channel<ImportedTotp>()(
    z.strictObject({ id, imageBase64: z.string().min(8).max(MAX_QR_IMAGE_BASE64, 'the image is too large: crop it to the QR code'), index: entryIndex }),
  ),
  /** Backup code values: Owners only, audited. */
  'mfa.backupCodes': channel<{ codes: string[] }>()(z.strictObject({ id })),
  'mfa.usePending': channel<MfaStatus>()(z.strictObject({ id })),
  'mfa.discardPending': channel<MfaStatus>()(z.strictObject({ id })),
  /** Runs the enrolment; resolves with the status when it ends (steps stream as `mfa.progress`). */
  'mfa.enable': channel<MfaStatus>()(z.strictObject({ id })),
  'mfa.cancel': channel<{ cancelled: boolean }>()(z.strictObject({ id })),
  'mfa.screenshot': channel<{ dataUrl: string }>()(z.strictObject({ id, runId: z.string().max(64), index: z.number().int().min(0).max(99) })),
  /** Captures the screen; only a downscaled preview leaves the main process. */
  'mfa.screenCapture': channel<ScreenCapturePreview>()(z.strictObject({})),
  /** Reads the QR code in `region` of the capture (the whole capture without one). */
  'mfa.screenScan': channel<{ entries: ScannedOtpEntry[] }>()(z.strictObject({ captureId, region: region.optional() })),
  /** Saves the scanned entry `index` as the account's TOTP; the capture is discarded. */
  'mfa.screenImport': channel<ImportedTotp>()(z.strictObject({ id, captureId, index: entryIndex })),
  'mfa.screenDiscard': channel<{ discarded: true }>()(z.strictObject({ captureId })),
};

export const mfaEvents = {
  'mfa.progress': event<{ accountId: string; event: StepEvent }>(),
};
