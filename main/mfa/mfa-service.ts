// MFA of the vault's accounts: status (method, pending secret, backup codes, last enrolment),
// imports of otpauth:// / Google Authenticator text and QR images into an account, backup
// code values for Owners, QR codes picked from a screen capture (screen-qr-scanner.ts), and one-click enrolment: it runs automation's enableTotp in a
// headless browser and is the glue that writes what the flow captures to the vault — the
// secret as PENDING before the site is asked to confirm it, then the confirmed secret and
// backup codes on the account — and keeps every run's steps and masked screenshots sealed.
import { type FailureReport, FailureReportSchema } from '../../automation/flows/failure-report';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createBrowserPool, type BrowserPool } from '../logins/browser-pool';
import { enableTotp, type EnableTotpOutcome } from '../../automation/enable-totp/enable-totp';
import type { OtpProvider } from '../../automation/login/credential-provider';
import type { StepEvent } from '../../automation/login/step-runner';
import { loadRecipes } from '../../automation/recipes/recipe-loader';
import { TesseraError } from '../errors';
import type { AccountAccess } from '../access/account-access';
import { importOtpText, type OtpTextImport } from './otp-text-import';
import { importQrImage } from './qr-import';
import type { OtpParams } from './otp-params';
import { otpParamsFromStored, storedFromOtpParams, type StoredTotp } from './stored-totp';
import { hostOf, type Account, type Vault } from '../vault';
import { loginUrlOf } from '../vault/login-url';
import { ScreenQrScanner, type ScannedOtpEntry, type ScreenCapture, type ScreenCapturePreview } from './screen-qr-scanner';
import { totpToolkit } from './totp-toolkit';
import type { FractionRegion } from './rgba-image';

/** The largest QR image accepted for import (a screenshot of a setup page fits easily). */
export const MAX_QR_IMAGE_BYTES = 5 * 1024 * 1024;

export type MfaMethod = 'totp' | 'email' | 'sms' | 'none';

export type MfaRunSummary = {
  id: string;
  outcome: string;
  startedAt: number;
  finishedAt: number;
  reasons: string[];
  steps: StepEvent[];
  screenshots: { name: string; at: number }[];
  /** Unless MFA was turned on and proven: the failed step, why, the last page, what was tried, what to do. */
  failure?: FailureReport;
};

export type MfaStatus = {
  accountId: string;
  /** For the confirmation that names the account, the site and the task. */
  accountName: string;
  site: string;
  method: MfaMethod;
  totp: { type: StoredTotp['type']; issuer: string; label: string; digits: number; period: number } | null;
  pending: { createdAt: number; issuer: string; label: string; source: string } | null;
  backupCodeCount: number;
  lastRun: MfaRunSummary | null;
  enrolling: boolean;
};

export type ImportedTotp = {
  accountId: string;
  issuer: string;
  label: string;
  type: StoredTotp['type'];
  /** Every entry of the text or image; `index` chose the one imported. */
  entries: { issuer: string; label: string }[];
};

export type MfaServiceOptions = {
  dataDir: string;
  vault: () => Vault;
  access: AccountAccess;
  /** The configured browser path (settings). */
  browserPath?: () => string | null | undefined;
  /** The process's shared headless browser (services.ts); without it each enrolment launches and closes its own. */
  browser?: BrowserPool;
  /** Emailed codes for the enrolment's own login (the managed inbox). */
  emailCodes?: (accountId: string) => OtpProvider | undefined;
  /** Step events of running enrolments, for the UI. */
  emit?: (event: 'mfa.progress', payload: { accountId: string; event: StepEvent }) => void;
  stepTimeoutMs?: number;
  /** Told of every TOTP step the enrolment makes a code for (the shared UsedTotpSteps), so no login right after it reuses that code: sites refuse a code twice. */
  spentTotpStep?: (accountId: string, params: OtpParams, atMs: number) => void;
  /** The platform's screen capture (absent where the screen cannot be captured). */
  screenCapture?: ScreenCapture;
};

const PendingSchema = z.object({ totp: z.custom<StoredTotp>((v) => typeof v === 'object' && v !== null), source: z.string() });
const RunDataSchema = z.object({
  reasons: z.array(z.string()),
  steps: z.array(z.custom<StepEvent>()),
  screenshots: z.array(z.object({ name: z.string(), at: z.number(), png: z.string() })),
  failure: FailureReportSchema.optional(),
});

export class MfaService {
  private readonly enrolling = new Map<string, AbortController>();
  private readonly screenQr: ScreenQrScanner;

  constructor(private readonly options: MfaServiceOptions) {
    this.screenQr = new ScreenQrScanner(options.screenCapture);
  }

  /** Captures the screen for "Scan QR from screen"; the renderer gets a downscaled preview only. */
  captureScreen(): Promise<ScreenCapturePreview> {
    return this.screenQr.capture();
  }

  /** What the QR code in a region of the capture holds (no secret), for the person to confirm. */
  scanScreen(captureId: string, region?: FractionRegion): ScannedOtpEntry[] {
    return this.screenQr.scan(captureId, region);
  }

  /** Saves the scanned QR code's entry `index` as the account's TOTP and drops the capture. */
  importScreenQr(accountId: string, captureId: string, index = 0): ImportedTotp {
    const result = this.importParsed(accountId, this.screenQr.scanned(captureId), index, 'screen');
    this.screenQr.discard(captureId);
    return result;
  }

  discardScreenCapture(captureId: string): void {
    this.screenQr.discard(captureId);
  }

  status(accountId: string): MfaStatus {
    this.options.access.requireAccess(accountId);
    const vault = this.options.vault();
    const account = vault.accounts.get(accountId);
    const pending = this.pendingOf(vault, accountId);
    const run = vault.mfa.runs(accountId, 1)[0];
    const runData = run ? RunDataSchema.safeParse(run.data) : undefined;
    const totp = account.totp;
    return {
      accountId,
      accountName: account.name,
      site: account.urls[0] ? hostOf(account.urls[0]) : '',
      method: totp ? 'totp' : account.managedEmail ? 'email' : account.managedPhone ? 'sms' : 'none',
      totp: totp ? { type: totp.type, issuer: totp.issuer, label: totp.label, digits: totp.digits, period: totp.period } : null,
      pending: pending ? { createdAt: pending.createdAt, issuer: pending.totp.issuer, label: pending.totp.label, source: pending.source } : null,
      backupCodeCount: account.backupCodes.length,
      lastRun: run && runData?.success
        ? {
            id: run.id, outcome: run.outcome, startedAt: run.startedAt, finishedAt: run.finishedAt, reasons: runData.data.reasons, steps: runData.data.steps,
            ...(runData.data.failure ? { failure: runData.data.failure } : {}),
            screenshots: runData.data.screenshots.map(({ name, at }) => ({ name, at })),
          }
        : null,
      enrolling: this.enrolling.has(accountId),
    };
  }

  /** Imports an otpauth:// or otpauth-migration:// text as the account's TOTP (entry `index` of a migration). */
  importText(accountId: string, text: string, index = 0): ImportedTotp {
    return this.importParsed(accountId, importOtpText(text.trim()), index, 'text');
  }

  /** Imports the QR code in a PNG or JPEG as the account's TOTP. */
  importQr(accountId: string, image: Uint8Array, index = 0): ImportedTotp {
    if (image.byteLength > MAX_QR_IMAGE_BYTES) {
      throw new TesseraError('IMAGE_INVALID', `The image is ${(image.byteLength / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_QR_IMAGE_BYTES / 1024 / 1024} MB. Crop it to the QR code.`);
    }
    const found = importQrImage(image);
    if (!found.otp) throw new TesseraError('OTPAUTH_INVALID', 'The QR code does not hold an authenticator link (otpauth://). Is it the setup code of the site?');
    return this.importParsed(accountId, found.otp, index, 'qr');
  }

  /** A new account named after the link's issuer (or label), holding its TOTP (CLI import without --account). */
  importAsNewAccount(parsed: OtpTextImport, index = 0): ImportedTotp {
    const params = pick(parsed, index);
    const name = params.issuer || params.accountName || 'Imported authenticator';
    const { id } = this.options.vault().accounts.create({ name, username: params.accountName ?? '', totp: storedFromOtpParams(params) });
    this.options.vault().audit.append('mfa.import', id, { source: 'new-account' });
    return imported(id, parsed, params);
  }

  /** The backup codes' values: Owners only, audited. */
  backupCodes(accountId: string): string[] {
    this.options.access.requireOwner(accountId);
    const vault = this.options.vault();
    const codes = vault.accounts.get(accountId).backupCodes;
    vault.audit.append('account.reveal', accountId, { field: 'backupCodes' });
    return codes;
  }

  /** Makes the pending secret the account's TOTP (after the person finished the setup on the site). */
  usePending(accountId: string): MfaStatus {
    this.options.access.requireOwner(accountId);
    const vault = this.options.vault();
    const pending = this.pendingOf(vault, accountId);
    if (!pending) throw new TesseraError('ITEM_NOT_FOUND', 'This account has no pending authenticator secret.');
    const account = vault.accounts.get(accountId);
    vault.accounts.update(accountId, account.version, { totp: pending.totp });
    vault.mfa.clearPending(accountId, { reason: 'used' });
    return this.status(accountId);
  }

  discardPending(accountId: string): MfaStatus {
    this.options.access.requireOwner(accountId);
    this.options.vault().mfa.clearPending(accountId, { reason: 'discarded' });
    return this.status(accountId);
  }

  /** A masked screenshot of an enrolment run, as a data: URL for the account page. */
  screenshot(accountId: string, runId: string, index: number): string {
    this.options.access.requireAccess(accountId);
    const run = this.options.vault().mfa.runs(accountId).find((r) => r.id === runId);
    const data = run ? RunDataSchema.safeParse(run.data) : undefined;
    const shot = data?.success ? data.data.screenshots[index] : undefined;
    if (!shot) throw new TesseraError('ITEM_NOT_FOUND', 'That screenshot is no longer kept.');
    return `data:image/png;base64,${shot.png}`;
  }

  /**
   * Turns on authenticator-app MFA on the account's site. Resolves when the run ends, with
   * the status (its lastRun says how it went); throws only when it could not start.
   */
  async enable(accountId: string, { onStep, signal }: { onStep?: (event: StepEvent) => void; signal?: AbortSignal } = {}): Promise<MfaStatus> {
    this.options.access.requireOwner(accountId);
    if (this.enrolling.has(accountId)) throw new TesseraError('AUTOMATION_BUSY', 'MFA is already being turned on for this account. Wait for it, or cancel it.');
    const vault = this.options.vault();
    const account = vault.accounts.get(accountId);
    if (account.totp) throw new TesseraError('INVALID_INPUT', `"${account.name}" already has an authenticator secret. Remove it first to enrol again.`);
    const loginUrl = loginUrlOf(account);
    // The person's go-ahead (a confirmation naming account, site and task) is on record before anything is decrypted for the browser.
    vault.audit.append('mfa.enrollment_started', accountId, { site: new URL(loginUrl).host });
    const controller = new AbortController();
    signal?.addEventListener('abort', () => controller.abort(), { once: true });
    this.enrolling.set(accountId, controller);
    const workDir = await mkdtemp(join(tmpdir(), 'tessera-mfa-'));
    try {
      // enableTotp works in a browser context of its own and closes it.
      const pool = this.options.browser ?? createBrowserPool({ ...(this.options.browserPath ? { browserPath: this.options.browserPath } : {}) });
      const browser = await pool.get();
      try {
        const emailCodes = this.options.emailCodes?.(accountId);
        const toolkit = totpToolkit({ issuer: account.name, label: account.username });
        const spent = this.options.spentTotpStep;
        const result = await enableTotp(browser, {
          loginUrl,
          allowedOrigins: account.allowedOrigins,
          recipes: await loadRecipes(this.options.dataDir),
          credentials: { username: async () => account.username, password: async () => account.password },
          ...(emailCodes ? { otpProvider: emailCodes } : {}),
          totp: spent
            ? {
                ...toolkit,
                code: (secret, nowMs) => {
                  spent(accountId, otpParamsFromStored(secret), nowMs);
                  return toolkit.code(secret, nowMs);
                },
              }
            : toolkit,
          savePending: async (totp, source) => vault.mfa.putPending(accountId, { totp, source }, { source }),
          saveConfirmed: async (totp, backupCodes) => {
            const current = vault.accounts.get(accountId);
            vault.accounts.update(accountId, current.version, { totp, ...(backupCodes.length ? { backupCodes } : {}) });
            vault.mfa.clearPending(accountId, { reason: 'confirmed' });
          },
          stepEvents: (event) => {
            this.options.emit?.('mfa.progress', { accountId, event });
            onStep?.(event);
          },
          signal: controller.signal,
          workDir: join(workDir, 'trace'),
          ...(this.options.stepTimeoutMs ? { stepTimeoutMs: this.options.stepTimeoutMs } : {}),
        });
        this.saveRun(vault, accountId, result.outcome, result);
      } finally {
        if (!this.options.browser) await pool.close();
      }
    } finally {
      this.enrolling.delete(accountId);
      await rm(workDir, { recursive: true, force: true });
    }
    return this.status(accountId);
  }

  cancel(accountId: string): boolean {
    const controller = this.enrolling.get(accountId);
    controller?.abort();
    return controller !== undefined;
  }

  private saveRun(
    vault: Vault,
    accountId: string,
    outcome: EnableTotpOutcome,
    result: { reasons: string[]; steps: StepEvent[]; startedAt: number; durationMs: number; secretSource: string | null; backupCodes: string[]; artifacts: { screenshots: { name: string; at: number; png: Buffer }[] }; failure?: FailureReport },
  ): void {
    vault.mfa.putRun(
      {
        id: `${result.startedAt}-${Math.random().toString(16).slice(2, 10)}`,
        accountId,
        startedAt: result.startedAt,
        finishedAt: result.startedAt + result.durationMs,
        outcome,
        data: {
          reasons: result.reasons,
          steps: result.steps,
          screenshots: result.artifacts.screenshots.map((shot) => ({ name: shot.name, at: shot.at, png: shot.png.toString('base64') })),
          ...(result.failure ? { failure: result.failure } : {}),
        },
      },
      { secretSource: result.secretSource ?? 'none', backupCodes: result.backupCodes.length },
    );
  }

  private pendingOf(vault: Vault, accountId: string): { createdAt: number; totp: StoredTotp; source: string } | undefined {
    const record = vault.mfa.pending(accountId);
    const parsed = record ? PendingSchema.safeParse(record.data) : undefined;
    return record && parsed?.success ? { createdAt: record.createdAt, totp: parsed.data.totp, source: parsed.data.source } : undefined;
  }

  /** Entry `index` of already parsed text or QR content as the account's TOTP (Owners; replaces any). */
  importParsed(accountId: string, parsed: OtpTextImport, index: number, source: 'text' | 'qr' | 'screen'): ImportedTotp {
    this.options.access.requireOwner(accountId);
    const params = pick(parsed, index);
    const vault = this.options.vault();
    const account: Account = vault.accounts.get(accountId);
    vault.accounts.update(accountId, account.version, { totp: storedFromOtpParams(params) });
    vault.audit.append('mfa.import', accountId, { source, replaced: account.totp !== null });
    return imported(accountId, parsed, params);
  }
}

function entriesOf(parsed: OtpTextImport): OtpParams[] {
  return parsed.kind === 'otpauth' ? [parsed.params] : parsed.accounts;
}

function pick(parsed: OtpTextImport, index: number): OtpParams {
  const entries = entriesOf(parsed);
  const params = entries[index];
  if (!params) {
    throw new TesseraError('INVALID_INPUT', entries.length === 0
      ? 'The export holds no usable authenticator entry.'
      : `The export holds ${entries.length} entries; choose one from 1 to ${entries.length}.`);
  }
  return params;
}

function imported(accountId: string, parsed: OtpTextImport, params: OtpParams): ImportedTotp {
  return {
    accountId,
    issuer: params.issuer ?? '',
    label: params.accountName ?? '',
    type: params.type,
    entries: entriesOf(parsed).map((entry) => ({ issuer: entry.issuer ?? '', label: entry.accountName ?? '' })),
  };
}
