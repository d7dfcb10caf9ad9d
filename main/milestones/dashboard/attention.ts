// What needs a person on the dashboard: accounts whose latest automated verification failed,
// rotation jobs waiting for decrypt approval, and the rotations coming up in the next days
// (queued jobs and the next occurrence of every enabled interval policy, per covered account).
// Pure: it receives the live accounts, verifications, open jobs and policies, and returns
// counts plus the first few entries by name and id, never a secret or a job's sealed reason.
import type { AccountRef } from './password-health';
import type { Job, JobTask } from '../../rotation/schedule/job-queue';
import { inWindow, latestOccurrence, occurrence, policyCovers, type CoveredAccount, type RotationPolicy } from '../../rotation/schedule/rotation-policy';

/** How far ahead "upcoming rotations" looks, in days (today is day 0). */
export const UPCOMING_DAYS = 14;
/** How many entries each list names; the rest are counted. */
export const LISTED = 10;

export type FailedVerification = AccountRef & { at: number };
export type PendingApproval = AccountRef & { jobId: string; task: JobTask; dueAt: number };
export type UpcomingRotation = AccountRef & { at: number; policy: string };

export type Attention = {
  /** Most recent failure first. */
  failedVerifications: { total: number; latest: FailedVerification[] };
  /** Longest waiting first. */
  pendingApprovals: { total: number; oldest: PendingApproval[] };
  /** `perDay[0]` is today (local time); `soonest` first. */
  upcomingRotations: { days: number; perDay: number[]; total: number; soonest: UpcomingRotation[] };
};

export type AttentionInput = {
  accounts: ReadonlyArray<CoveredAccount & { name: string }>;
  verifications: ReadonlyMap<string, { succeeded: boolean; at: number }>;
  /** Jobs waiting for approval or queued. */
  openJobs: readonly Job[];
  policies: readonly RotationPolicy[];
  now: number;
};

/** Local midnight of the day `at` falls in. */
function startOfDay(at: number): number {
  const day = new Date(at);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/**
 * When an interval policy runs next: its latest occurrence if the scheduler has not taken it
 * yet (it runs at the next tick), else the one after; moved into the policy's time window.
 */
export function nextPolicyRun(policy: RotationPolicy, now: number): number | null {
  const schedule = policy.schedule;
  if (!policy.enabled || schedule.type !== 'interval') return null;
  const latest = latestOccurrence(schedule, now);
  const at = latest === undefined ? schedule.startAt
    : policy.lastRunAt === null || latest.at > policy.lastRunAt ? Math.max(latest.at, now)
    : occurrence(schedule, latest.index + 1);
  return inWindow(schedule.window, at);
}

export function attentionOf({ accounts, verifications, openJobs, policies, now }: AttentionInput): Attention {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const ref = (id: string): AccountRef | null => {
    const account = byId.get(id);
    return account ? { id, name: account.name } : null;
  };

  const failed: FailedVerification[] = [];
  for (const [id, fact] of verifications) {
    const account = fact.succeeded ? null : ref(id);
    if (account) failed.push({ ...account, at: fact.at });
  }
  failed.sort((a, b) => b.at - a.at);

  const pending: PendingApproval[] = [];
  const upcoming: UpcomingRotation[] = [];
  const policyName = new Map(policies.map((p) => [p.id, p.name]));
  for (const job of openJobs) {
    const account = ref(job.accountId);
    if (!account) continue;
    if (job.status === 'needs_approval') pending.push({ ...account, jobId: job.id, task: job.task, dueAt: job.dueAt });
    else if (job.status === 'queued') upcoming.push({ ...account, at: Math.max(job.dueAt, now), policy: (job.policyId && policyName.get(job.policyId)) || 'requested rotation' });
  }
  pending.sort((a, b) => a.dueAt - b.dueAt);

  const today = startOfDay(now);
  const horizon = new Date(today);
  horizon.setDate(horizon.getDate() + UPCOMING_DAYS);
  for (const policy of policies) {
    const at = nextPolicyRun(policy, now);
    if (at === null || at >= horizon.getTime()) continue;
    for (const account of accounts) if (policyCovers(policy.scope, account)) upcoming.push({ id: account.id, name: account.name, at, policy: policy.name });
  }
  const perDay = new Array<number>(UPCOMING_DAYS).fill(0);
  const inHorizon = upcoming.filter((u) => u.at < horizon.getTime());
  for (const u of inHorizon) {
    // Midnight to midnight, rounded: a 23- or 25-hour day (daylight saving) is still one day.
    const index = Math.round((startOfDay(u.at) - today) / 86_400_000);
    perDay[Math.min(UPCOMING_DAYS - 1, Math.max(0, index))]! += 1;
  }
  inHorizon.sort((a, b) => a.at - b.at || a.name.localeCompare(b.name));

  return {
    failedVerifications: { total: failed.length, latest: failed.slice(0, LISTED) },
    pendingApprovals: { total: pending.length, oldest: pending.slice(0, LISTED) },
    upcomingRotations: { days: UPCOMING_DAYS, perDay, total: inHorizon.length, soonest: inHorizon.slice(0, LISTED) },
  };
}
