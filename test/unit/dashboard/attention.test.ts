// The dashboard's "needs a person" lists: failed verifications, pending approvals and
// upcoming rotations, from plain inputs (no vault).
import { describe, expect, it } from 'vitest';
import { attentionOf, nextPolicyRun, UPCOMING_DAYS, type AttentionInput } from '../../../main/milestones/dashboard/attention';
import type { Job } from '../../../main/rotation/schedule/job-queue';
import type { RotationPolicy } from '../../../main/rotation/schedule/rotation-policy';

const DAY = 86_400_000;
// Local noon, so day buckets do not depend on the machine's time zone.
const NOW = new Date(2026, 10, 28, 12, 0, 0).getTime();
const accounts = [
  { id: 'a', name: 'Acme', tags: ['ops'], hosts: ['acme.test'] },
  { id: 'b', name: 'Bank', tags: ['finance'], hosts: ['bank.test'] },
  { id: 'c', name: 'Cloud', tags: ['ops'], hosts: ['cloud.test'] },
];
const job = (id: string, accountId: string, status: Job['status'], dueAt: number, policyId: string | null = null): Job => ({
  id, accountId, task: 'rotate', trigger: 'schedule', policyId, batchId: null, status, dueAt, createdAt: 0, updatedAt: 0, journalId: null, reason: 'sealed reason',
});
const policy = (over: Partial<RotationPolicy> & Pick<RotationPolicy, 'schedule'>): RotationPolicy => ({
  id: 'p', name: 'Ops rotation', enabled: true, lastRunAt: null, scope: { accountIds: [], tags: ['ops'], hosts: [] }, ...over,
});
const input = (over: Partial<AttentionInput>): AttentionInput => ({ accounts, verifications: new Map(), openJobs: [], policies: [], now: NOW, ...over });

describe('attentionOf', () => {
  it('lists accounts whose latest verification failed, most recent first, and skips deleted ones', () => {
    const verifications = new Map([
      ['a', { succeeded: false, at: NOW - 2 * DAY }],
      ['b', { succeeded: true, at: NOW - DAY }],
      ['c', { succeeded: false, at: NOW - DAY }],
      ['gone', { succeeded: false, at: NOW }],
    ]);
    const { failedVerifications } = attentionOf(input({ verifications }));
    expect(failedVerifications).toEqual({ total: 2, latest: [{ id: 'c', name: 'Cloud', at: NOW - DAY }, { id: 'a', name: 'Acme', at: NOW - 2 * DAY }] });
  });

  it('lists jobs waiting for approval, longest waiting first, without their sealed reason', () => {
    const openJobs = [job('j2', 'b', 'needs_approval', NOW - DAY), job('j1', 'a', 'needs_approval', NOW - 3 * DAY), job('j3', 'c', 'queued', NOW + DAY)];
    const { pendingApprovals } = attentionOf(input({ openJobs }));
    expect(pendingApprovals).toEqual({ total: 2, oldest: [
      { id: 'a', name: 'Acme', jobId: 'j1', task: 'rotate', dueAt: NOW - 3 * DAY },
      { id: 'b', name: 'Bank', jobId: 'j2', task: 'rotate', dueAt: NOW - DAY },
    ] });
    expect(JSON.stringify(pendingApprovals)).not.toContain('sealed reason');
  });

  it('counts upcoming rotations per day: queued jobs and each covered account at the policy\'s next run', () => {
    const daily = policy({ schedule: { type: 'interval', every: 1, unit: 'days', startAt: NOW + 3 * DAY } });
    const openJobs = [job('q', 'b', 'queued', NOW - DAY, 'p'), job('later', 'b', 'queued', NOW + 20 * DAY)];
    const { upcomingRotations } = attentionOf(input({ openJobs, policies: [daily] }));
    expect(upcomingRotations.days).toBe(UPCOMING_DAYS);
    expect(upcomingRotations.total).toBe(3);
    // The overdue queued job is due now (today); the policy starts in three days for a and c.
    expect(upcomingRotations.perDay.slice(0, 4)).toEqual([1, 0, 0, 2]);
    expect(upcomingRotations.perDay.reduce((n, x) => n + x, 0)).toBe(3);
    expect(upcomingRotations.soonest.map((u) => [u.id, u.policy])).toEqual([['b', 'Ops rotation'], ['a', 'Ops rotation'], ['c', 'Ops rotation']]);
  });

  it('leaves out disabled policies and runs past the horizon', () => {
    const far = policy({ schedule: { type: 'interval', every: 1, unit: 'days', startAt: NOW + (UPCOMING_DAYS + 1) * DAY } });
    const off = policy({ enabled: false, schedule: { type: 'interval', every: 1, unit: 'days', startAt: NOW + DAY } });
    expect(attentionOf(input({ policies: [far, off] })).upcomingRotations.total).toBe(0);
  });
});

describe('nextPolicyRun', () => {
  const weekly = { type: 'interval' as const, every: 1, unit: 'weeks' as const, startAt: NOW - 10 * DAY };

  it.each([
    ['an occurrence the scheduler has not taken yet runs now', null, NOW],
    ['after the latest occurrence ran, the next one', NOW - 3 * DAY, NOW + 4 * DAY],
  ])('%s', (_, lastRunAt, expected) => {
    expect(nextPolicyRun(policy({ schedule: weekly, lastRunAt }), NOW)).toBe(expected);
  });

  it('is the start before the first occurrence, and none for event or after-login policies', () => {
    expect(nextPolicyRun(policy({ schedule: { ...weekly, startAt: NOW + DAY } }), NOW)).toBe(NOW + DAY);
    expect(nextPolicyRun(policy({ schedule: { type: 'after-login', hours: 4 } }), NOW)).toBeNull();
  });
});
