// Password rotation policies, pure: what triggers a rotation (every N days / weeks / months
// from a start date inside a daily time window; N hours after each automated login, 1 h – 2 d;
// events such as a removed member, Universal Logout, deprovisioning or a share link that ended after a view), which accounts it
// covers (ids, tags or apps by host), and when the next run is due.
import { z } from 'zod';
import type { StandingApproval } from './standing-approval';

export const POLICY_EVENTS = ['member_removed', 'universal_logout', 'deprovisioning', 'link_expired'] as const;
export type PolicyEvent = (typeof POLICY_EVENTS)[number];

const hour = z.number().int().min(0).max(24);

export const ScheduleSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('interval'),
    every: z.number().int().min(1).max(1000),
    unit: z.enum(['days', 'weeks', 'months']),
    /** First occurrence, ms since epoch. */
    startAt: z.number().int().min(0),
    /** Local hours [startHour, endHour) in which rotations may run; absent = any time. */
    window: z.object({ startHour: hour, endHour: hour }).refine((w) => w.startHour !== w.endHour, 'the window must not be empty').optional(),
  }),
  z.object({ type: z.literal('after-login'), hours: z.number().int().min(1).max(48) }),
  z.object({ type: z.literal('event'), events: z.array(z.enum(POLICY_EVENTS)).min(1) }),
]);
export type Schedule = z.output<typeof ScheduleSchema>;

export const ScopeSchema = z.object({
  accountIds: z.array(z.string().min(1).max(128)).max(10_000).default([]),
  tags: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
  /** Apps, by host ("github.com" covers www.github.com and eu.github.com). */
  hosts: z.array(z.string().trim().toLowerCase().min(1).max(253)).max(100).default([]),
});
export type Scope = z.output<typeof ScopeSchema>;

export const PolicyDataSchema = z.object({
  name: z.string().trim().min(1).max(200),
  schedule: ScheduleSchema,
  scope: ScopeSchema,
});
export type PolicyInput = z.input<typeof PolicyDataSchema>;
export type PolicyData = z.output<typeof PolicyDataSchema>;

export interface RotationPolicy extends PolicyData {
  id: string;
  enabled: boolean;
  /** The last interval occurrence that was enqueued (ms), or null. */
  lastRunAt: number | null;
  /** Its runs approved ahead of time (standing-approval.ts), when an Owner did; it may have ended. */
  standingApproval?: StandingApproval;
}

export interface CoveredAccount {
  id: string;
  tags: readonly string[];
  hosts: readonly string[];
}

/** An empty scope covers every account; otherwise any matching id, tag or host. */
export function policyCovers(scope: Scope, account: CoveredAccount): boolean {
  if (scope.accountIds.length === 0 && scope.tags.length === 0 && scope.hosts.length === 0) return true;
  if (scope.accountIds.includes(account.id)) return true;
  const tags = new Set(account.tags.map((t) => t.toLowerCase()));
  if (scope.tags.some((tag) => tags.has(tag.toLowerCase()))) return true;
  return scope.hosts.some((wanted) => account.hosts.some((host) => host === wanted || host.endsWith(`.${wanted}`)));
}

const DAY_MS = 86_400_000;

function addMonths(at: number, months: number): number {
  const date = new Date(at);
  const day = date.getDate();
  date.setDate(1);
  date.setMonth(date.getMonth() + months);
  // The 31st in a 30-day month runs on its last day.
  const last = new Date(date.getFullYear(), date.getMonth() + 1, 0).getDate();
  date.setDate(Math.min(day, last));
  return date.getTime();
}

/** The k-th occurrence of an interval schedule (k = 0 is startAt). */
export function occurrence(schedule: Extract<Schedule, { type: 'interval' }>, k: number): number {
  if (schedule.unit === 'months') return addMonths(schedule.startAt, k * schedule.every);
  return schedule.startAt + k * schedule.every * (schedule.unit === 'weeks' ? 7 : 1) * DAY_MS;
}

/**
 * The latest occurrence at or before `now`, with its index; undefined before the start.
 * Missed occurrences collapse into this one (a machine off for a month rotates once).
 */
export function latestOccurrence(schedule: Extract<Schedule, { type: 'interval' }>, now: number): { index: number; at: number } | undefined {
  if (now < schedule.startAt) return undefined;
  let index: number;
  if (schedule.unit === 'months') {
    const start = new Date(schedule.startAt);
    const end = new Date(now);
    index = Math.floor(((end.getFullYear() - start.getFullYear()) * 12 + end.getMonth() - start.getMonth()) / schedule.every);
    while (index > 0 && occurrence(schedule, index) > now) index--;
  } else {
    index = Math.floor((now - schedule.startAt) / (schedule.every * (schedule.unit === 'weeks' ? 7 : 1) * DAY_MS));
  }
  return { index, at: occurrence(schedule, index) };
}

/** The first moment at or after `at` inside the daily window (local time); `at` without a window. */
export function inWindow(window: { startHour: number; endHour: number } | undefined, at: number): number {
  if (!window) return at;
  const date = new Date(at);
  const hourNow = date.getHours() + date.getMinutes() / 60;
  const { startHour, endHour } = window;
  const inside = startHour < endHour ? hourNow >= startHour && hourNow < endHour : hourNow >= startHour || hourNow < endHour;
  if (inside) return at;
  const next = new Date(at);
  next.setHours(startHour, 0, 0, 0);
  if (next.getTime() <= at) next.setDate(next.getDate() + 1);
  return next.getTime();
}

/**
 * The next `count` runs of an interval schedule after `now`, each moved into the window: a
 * due occurrence not yet enqueued (after `lastRunAt`) runs at the next tick, so it comes first.
 */
export function upcomingRuns(schedule: Extract<Schedule, { type: 'interval' }>, lastRunAt: number | null, now: number, count: number): number[] {
  const latest = latestOccurrence(schedule, now);
  const runs: number[] = [];
  if (latest && (lastRunAt === null || latest.at > lastRunAt)) runs.push(inWindow(schedule.window, now));
  for (let k = latest ? latest.index + 1 : 0; runs.length < count; k++) runs.push(inWindow(schedule.window, occurrence(schedule, k)));
  return runs;
}
