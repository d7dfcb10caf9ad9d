// What a person sees of a rotation policy, pure: the accounts it covers, its next runs (the
// coming interval occurrences inside the window; for login- and event-triggered policies the
// jobs it has planned) and the results of its latest finished jobs.
import type { Job, JobStatus } from './job-queue';
import { type CoveredAccount, type RotationPolicy, policyCovers, upcomingRuns } from './rotation-policy';

export const NEXT_RUNS_SHOWN = 3;
export const RESULTS_SHOWN = 5;
const PLANNED: readonly JobStatus[] = ['needs_approval', 'queued', 'running'];

export interface PolicyOverview {
  /** Ids of the covered accounts. */
  covers: string[];
  /** When the schedule runs next (interval policies), ms. */
  nextRuns: number[];
  /** Jobs of this policy waiting for approval, queued or running, soonest first. */
  planned: Job[];
  /** Its latest finished jobs (done, failed, denied), newest first. */
  lastResults: Job[];
}

export function policyOverview(policy: Pick<RotationPolicy, 'id' | 'schedule' | 'scope' | 'lastRunAt'>, accounts: readonly CoveredAccount[], jobs: readonly Job[], now: number): PolicyOverview {
  const own = jobs.filter((job) => job.policyId === policy.id);
  return {
    covers: accounts.filter((account) => policyCovers(policy.scope, account)).map((account) => account.id),
    nextRuns: policy.schedule.type === 'interval' ? upcomingRuns(policy.schedule, policy.lastRunAt, now, NEXT_RUNS_SHOWN) : [],
    planned: own.filter((job) => PLANNED.includes(job.status)).sort((a, b) => a.dueAt - b.dueAt),
    lastResults: own
      .filter((job) => !PLANNED.includes(job.status))
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, RESULTS_SHOWN),
  };
}
