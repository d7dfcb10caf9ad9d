// Channels for password rotation: one-click rotation of an account
// (Owners), bulk rotation of a selection, the account's rotation status and reconciliation,
// the job queue and the decrypt-approval decision. Progress streams as `rotation.progress`,
// each bulk result as `rotation.result`; `rotation.approvalNeeded` says jobs wait for a person.
import { z } from 'zod';
import { channel, event } from './define';
import { id } from './limits';

export type RotationState =
  | 'PREPARE' | 'LOGIN_OLD' | 'IN_DOUBT' | 'VERIFY_NEW' | 'VERIFY_OLD' | 'COMMITTED' | 'ROLLED_BACK' | 'ABORTED' | 'RECONCILE';

export type RotationProgressView = {
  rotationId: string;
  accountId: string;
  state: RotationState;
  step?: string;
  status: 'start' | 'ok' | 'fail';
  at: number;
  detail?: string;
};

/** Why an automated change stopped, for a person to act on (automation/flows/failure-report.ts). */
export type FailureView = {
  step: string;
  code: string;
  why: string;
  lastPage: { url: string; title: string } | null;
  tried: string[];
  advice: string;
};

export type RotationResultView = {
  rotationId: string;
  accountId: string;
  state: RotationState;
  outcome: 'rotated' | 'unchanged' | 'reconcile';
  reasons: string[];
  failure?: FailureView;
};

export type AccountRotationView = {
  accountId: string;
  state?: RotationState;
  outcome?: RotationResultView['outcome'];
  reasons: string[];
  error?: { code: string; message: string };
  failure?: FailureView;
};

export type RotationStatusView = {
  accountId: string;
  inProgress: boolean;
  needsReconcile: boolean;
  last?: { rotationId: string; state: RotationState; at: number; reasons: string[]; failure?: FailureView; hasScreenshot: boolean };
};

/** One account's Universal Logout: signing out every session, then the rotation. */
export type LogoutEverywhereView = AccountRotationView & { logout: 'signed_out' | 'no_other_sessions' | 'unconfirmed' | 'not_found' | 'login_failed' | 'error' };

export type JobView = {
  id: string;
  accountId: string;
  /** The account's name and site, for the approval dialog. */
  accountName: string;
  site: string;
  task: 'rotate' | 'logout-and-rotate';
  trigger: 'manual' | 'schedule' | 'after-login' | 'event';
  status: 'needs_approval' | 'queued' | 'running' | 'done' | 'failed' | 'denied' | 'superseded';
  batchId: string | null;
  dueAt: number;
  reason: string;
  result?: string;
};

export const rotationChannels = {
  'rotation.rotate': channel<RotationResultView>()(z.strictObject({ id })),
  'rotation.rotateMany': channel<{ reports: AccountRotationView[] }>()(
    z.strictObject({ ids: z.array(id).min(1).max(1000), concurrency: z.number().int().min(1).max(8).default(4) }),
  ),
  'rotation.status': channel<RotationStatusView>()(z.strictObject({ id })),
  /** The masked screenshot of the page a failed rotation stopped on, as a data: URL. */
  'rotation.failureScreenshot': channel<{ dataUrl: string }>()(z.strictObject({ id, rotationId: id })),
  /** A person says which password works on the site for a rotation flagged RECONCILE. */
  'rotation.resolve': channel<RotationResultView>()(z.strictObject({ rotationId: id, working: z.enum(['new', 'old']) })),
  /** A person's Universal Logout of accounts: every session signed out, then rotated; fires the policy trigger. */
  'rotation.logoutEverywhere': channel<{ reports: LogoutEverywhereView[] }>()(z.strictObject({ ids: z.array(id).min(1).max(1000) })),
  'rotation.jobs': channel<{ jobs: JobView[] }>()(z.strictObject({ status: z.enum(['needs_approval', 'queued', 'running', 'done', 'failed', 'denied', 'superseded']).optional() })),
  'rotation.decide': channel<{ jobs: JobView[] }>()(z.strictObject({ jobId: id, decision: z.enum(['approve-job', 'approve-batch', 'deny']) })),
};

export const rotationEvents = {
  'rotation.progress': event<RotationProgressView>(),
  'rotation.result': event<AccountRotationView>(),
  'rotation.approvalNeeded': event<{ jobs: number }>(),
};
