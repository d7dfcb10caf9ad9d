// The dashboard: distribution of security levels, missing milestones, password health
// (weak, reused by keyed fingerprint, old), failed verifications, pending approvals and
// upcoming rotations. Names and ids only; never a password.
import { z } from 'zod';
import { channel } from './define';
import type { MilestoneId } from './milestones';

export type AccountRef = { id: string; name: string };

export type PasswordHealth = {
  /** Accounts that have a password at all. */
  checked: number;
  weak: Array<AccountRef & { score: number }>;
  /** Each group shares one password; groups are biggest first. */
  reused: AccountRef[][];
  old: Array<AccountRef & { setAt: number }>;
};

export type LevelOverview = {
  total: number;
  /** distribution[n] = accounts at level n (n = 0…5). */
  distribution: number[];
  /** How many accounts miss each milestone (any status but achieved). */
  missing: Record<MilestoneId, number>;
  /** How many accounts have each milestone failed (a subset of `missing`). */
  failed: Record<MilestoneId, number>;
  needsAttention: number;
};

export type FailedVerification = AccountRef & { at: number };
export type PendingApproval = AccountRef & { jobId: string; task: 'rotate' | 'logout-and-rotate'; dueAt: number };
export type UpcomingRotation = AccountRef & { at: number; policy: string };

export type Attention = {
  /** Most recent failure first. */
  failedVerifications: { total: number; latest: FailedVerification[] };
  /** Longest waiting first. */
  pendingApprovals: { total: number; oldest: PendingApproval[] };
  /** `perDay[0]` is today (local time); `soonest` first. */
  upcomingRotations: { days: number; perDay: number[]; total: number; soonest: UpcomingRotation[] };
};

export type DashboardView = {
  levels: LevelOverview;
  /** Per milestone, the first accounts (by name) that miss it. */
  missingExamples: Record<MilestoneId, AccountRef[]>;
  /** Null until every password is scored; see passwordCheck. */
  passwords: PasswordHealth | null;
  /** How many of the stored passwords are scored so far. */
  passwordCheck: { scored: number; total: number };
  /** Failed verifications, pending approvals and upcoming rotations. */
  attention: Attention;
};

export const dashboardChannels = {
  'dashboard.overview': channel<DashboardView>()(z.strictObject({})),
};
