// Channels for automated logins: verify an account's credentials by a real
// login, open it logged in (or assisted) in its own browser profile, cancel a running login,
// list the last runs with their steps, view a masked screenshot, remove the browser profile.
// Step events stream as `automation.progress` while a run is going.
import { z } from 'zod';
import { channel, event } from './define';
import { id } from './limits';

// Wire types: what the renderer receives. Declared here (the services' own types are mapped onto
// them by the handlers, so a service change that breaks the wire breaks the build).

/** How a login ended, or how a run stopped without a login outcome. */
export type RunOutcome =
  | 'success' | 'wrong_credentials' | 'needs_otp' | 'captcha' | 'locked_or_rate_limited' | 'unknown'
  /** A field to fill sat on another origin than the account's: nothing was typed. */
  | 'origin_mismatch'
  | 'cancelled' | 'timeout' | 'failed';
export type RunKind = 'verify' | 'open' | 'assisted';

/** One step of a run: its id (shown under Details, never as the headline), status and time. */
export interface StepEvent {
  step: string;
  status: 'start' | 'ok' | 'fail';
  /** Epoch milliseconds. */
  at: number;
  detail?: string;
}

/** What the page showed after the submit; short excerpts, never a secret. */
export interface LoginEvidence {
  passwordFormStillVisible: boolean;
  urlBefore: string;
  urlAfter: string;
  loginPathLeft: boolean;
  newSessionCookie: boolean;
  sessionCookieNames: string[];
  errorRegionText: string;
  fieldMarkedInvalid: boolean;
  httpStatuses: number[];
  otpFieldVisible: boolean;
  captchaDetected: boolean;
  lockoutText: string;
  /** The frame that held the form was still loading when the time was up (the outcome is then unknown). */
  formFrameLoading?: boolean;
}

export interface RunReport {
  kind: RunKind;
  outcome: RunOutcome;
  reasons: string[];
  evidence: LoginEvidence | null;
  strategy: 'heuristics' | 'recipe';
  recipe?: string;
  steps: StepEvent[];
  startedAt: number;
  durationMs: number;
  error?: { code: string; message: string };
}

export interface StoredRun {
  runId: string;
  accountId: string;
  report: RunReport;
  screenshots: { name: string; at: number }[];
  traceChunks: number;
}

export type RunSummary = Pick<StoredRun, 'runId' | 'accountId'> &
  Pick<RunReport, 'kind' | 'outcome' | 'startedAt' | 'durationMs' | 'strategy'> & { reason: string; screenshots: number; traceChunks: number };

export type AutomationProgress = { accountId: string; runId: string; kind: RunKind; event: StepEvent };

const runId = z.string().regex(/^[0-9]{13}-[0-9a-f]{8}$/, 'must be a run id');

export const automationChannels = {
  /** Runs a headless login now and resolves with the stored run when it ends. */
  'automation.verify': channel<StoredRun>()(z.strictObject({ id })),
  /** Logs in in a visible window with the account's profile and leaves the window open. */
  'automation.open': channel<StoredRun>()(z.strictObject({ id, assisted: z.boolean().default(false) })),
  'automation.cancel': channel<{ cancelled: boolean }>()(z.strictObject({ id })),
  'automation.runs': channel<{ runs: RunSummary[]; running: boolean }>()(z.strictObject({ id })),
  'automation.run': channel<StoredRun>()(z.strictObject({ id, runId })),
  /** A masked screenshot of a run as a data: URL. */
  'automation.screenshot': channel<{ dataUrl: string; name: string }>()(z.strictObject({ id, runId, index: z.number().int().min(0).max(99) })),
  /** Saves one part of a run's trace where the person chooses (audited); `saved: false` when they cancel. */
  'automation.saveTrace': channel<{ saved: false } | { saved: true; fileName: string }>()(z.strictObject({ id, runId, part: z.number().int().min(1).max(99) })),
  'automation.removeProfile': channel<{ removed: true }>()(z.strictObject({ id })),
};

export const automationEvents = {
  'automation.progress': event<AutomationProgress>(),
};
