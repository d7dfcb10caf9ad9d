// Channels for MFA (DESIGN.md §5): status of an account's MFA (method, pending secret, backup
// code count, last enrolment with its steps), imports from otpauth:// or Google Authenticator
// text and from a QR image (base64, size-limited), backup code values (Owners), the pending
// secret kept by a failed enrolment, and one-click enrolment with live `mfa.progress` steps.
import { z } from 'zod';
import { channel, event } from './define';
import { id } from './limits';
import type { ImportedTotp, MfaStatus } from '../../mfa-service/mfa-service';
import type { StepEvent } from '../../../automation/login/step-runner';

export type { ImportedTotp, MfaRunSummary, MfaStatus } from '../../mfa-service/mfa-service';

/** Base64 of at most ~700 KB of image: a QR crop or a screenshot of a setup page, within one IPC message. */
export const MAX_QR_IMAGE_BASE64 = 950_000;
const entryIndex = z.number().int().min(0).max(999).optional();

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
};

export const mfaEvents = {
  'mfa.progress': event<{ accountId: string; event: StepEvent }>(),
};
