// Channels for rotation policies (issue #6): list them with what they cover, their next runs
// and latest results; add, edit, turn on or off, remove; and preview a policy being written
// (what it would cover and when it would run) before it is saved. Owners only: a policy
// naming accounts needs the person to be an Owner of each.
import { z } from 'zod';
import { channel } from './define';
import { id } from './limits';
import type { JobView } from './rotation';

export type PolicyEventName = 'member_removed' | 'universal_logout' | 'deprovisioning' | 'link_expired';
/** When a policy runs: every N units (in a window of local hours), N hours after a login, or on events. */
export type PolicyScheduleView =
  | { type: 'interval'; every: number; unit: 'days' | 'weeks' | 'months'; startAt: number; window?: { startHour: number; endHour: number } }
  | { type: 'after-login'; hours: number }
  | { type: 'event'; events: PolicyEventName[] };
/** What a policy covers: accounts by id, by tag, or apps by host. */
export type PolicyScopeView = { accountIds: string[]; tags: string[]; hosts: string[] };
type Schedule = PolicyScheduleView;
type Scope = PolicyScopeView;

/** A job of a policy as the Policies screen lists it. */
export type PolicyJobView = Pick<JobView, 'id' | 'accountId' | 'accountName' | 'status' | 'reason' | 'result'> & {
  /** When it is due (planned jobs) or when it finished (results). */
  at: number;
};

export type PolicyView = {
  id: string;
  name: string;
  enabled: boolean;
  schedule: Schedule;
  scope: Scope;
  /** "every 30 days (22–6h)", "12 h after each automated login", "on member removed". */
  description: string;
  /** How many of the person's accounts it covers. */
  covers: number;
  /** The last interval occurrence that was enqueued, or null. */
  lastRunAt: number | null;
  nextRuns: number[];
  planned: PolicyJobView[];
  lastResults: PolicyJobView[];
  /** Runs approved ahead of time (they decrypt and rotate with nobody present), or null. */
  standingApproval: StandingApprovalView | null;
};

/** A policy's standing approval: until when, whether it outlasts a lock, and why it no longer counts (null while it does). */
export type StandingApprovalView = { grantedAt: number; expiresAt: number; keepWhileLocked: boolean; inactiveBecause: string | null };

/** An account a policy may name: one this person owns. */
export type PolicyAccountView = { id: string; name: string; site: string };

export type PolicyPreview = Pick<PolicyView, 'description' | 'covers' | 'nextRuns'>;

const wholeNumber = z.number().int().min(0).max(100_000);
const trigger = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('interval'),
    every: wholeNumber,
    unit: z.enum(['days', 'weeks', 'months']),
    /** First run, ms since epoch. */
    startAt: z.number().int().min(0).max(8.64e15),
    /** Local hours; absent = any time of day. */
    window: z.strictObject({ startHour: wholeNumber, endHour: wholeNumber }).optional(),
  }),
  z.strictObject({ type: z.literal('after-login'), hours: wholeNumber }),
  z.strictObject({ type: z.literal('event'), events: z.array(z.enum(['member_removed', 'universal_logout', 'deprovisioning', 'link_expired'])).max(4) }),
]);

export const policyRequest = z.strictObject({
  name: z.string().max(500),
  trigger,
  /** No ids, tags or apps: every account. */
  scope: z.strictObject({
    accountIds: z.array(id).max(10_000).default([]),
    tags: z.array(z.string().max(200)).max(100).default([]),
    hosts: z.array(z.string().max(300)).max(100).default([]),
  }),
});
export type PolicyRequestInput = z.input<typeof policyRequest>;

export const policiesChannels = {
  /** The policies, and the accounts a policy may name (the person's own). */
  'policies.list': channel<{ policies: PolicyView[]; accounts: PolicyAccountView[] }>()(z.strictObject({})),
  'policies.preview': channel<PolicyPreview>()(policyRequest),
  'policies.add': channel<PolicyView>()(policyRequest),
  /** A new definition, and/or on (true) or off (false). */
  'policies.update': channel<PolicyView>()(z.strictObject({ id, policy: policyRequest.optional(), enabled: z.boolean().optional() })),
  'policies.remove': channel<{ removed: string }>()(z.strictObject({ id })),
  /**
   * Approves a policy's runs ahead of time for 1 h to 30 days (Owners): its jobs then decrypt and
   * rotate with nobody present, jobs already waiting are released. Ends at the next lock unless
   * `keepWhileLocked`.
   */
  'policies.approveAhead': channel<{ policy: PolicyView; releasedJobs: number }>()(
    z.strictObject({ id, hours: z.number().int().min(1).max(720), keepWhileLocked: z.boolean() }),
  ),
  /** Ends a policy's standing approval now (jobs it already released stay queued). */
  'policies.revokeApproval': channel<PolicyView>()(z.strictObject({ id })),
};
