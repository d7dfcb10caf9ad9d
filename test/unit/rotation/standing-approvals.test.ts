import { describe, expect, it } from 'vitest';
import { StandingApprovals } from '../../../main/rotation/approvals/standing-approvals';
import { PolicyScheduler } from '../../../main/rotation/schedule/policy-scheduler';
import { PASSWORD, createTestVault } from '../vault/helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function setup() {
  const now = { value: Date.UTC(2025, 5, 1, 12) };
  const { vault } = await createTestVault({ now: () => now.value });
  const ids = ['Alpha', 'Beta'].map((name, i) => vault.accounts.create({ name, urls: [`https://${name.toLowerCase()}.test`], username: 'u', password: `pw-${i}`, tags: i === 0 ? ['finance'] : ['ops'] }).id);
  const scheduler = new PolicyScheduler({ vault: () => vault, now: () => now.value });
  const standing = new StandingApprovals(() => vault, scheduler.jobs, () => now.value);
  const daily = (name: string, tag: string) => scheduler.addPolicy({ name, schedule: { type: 'interval', every: 1, unit: 'days', startAt: now.value + HOUR }, scope: { tags: [tag] } });
  return { now, vault, ids, scheduler, standing, daily };
}

describe('standing approvals (a policy approved ahead of time)', () => {
  it('queues the approved policy\'s runs with nobody present, and only that policy\'s; audited', async () => {
    const { now, vault, ids, scheduler, standing, daily } = await setup();
    const finance = daily('Finance daily', 'finance');
    daily('Ops daily', 'ops');
    standing.grant(finance.id, { durationMs: 7 * DAY, keepWhileLocked: false });
    now.value += 2 * HOUR;
    scheduler.tick();
    const byAccount = new Map(scheduler.jobs.list().map((job) => [job.accountId, job.status]));
    expect(byAccount.get(ids[0]!)).toBe('queued');
    expect(byAccount.get(ids[1]!)).toBe('needs_approval');
    const entries = vault.audit.entries();
    expect(entries.map((e) => e.kind)).toContain('approval.grant_standing');
    expect(entries.find((e) => e.kind === 'rotation.job_enqueued' && e.accountId === ids[0])?.details).toMatchObject({ status: 'queued', approvedBy: 'standing' });
  });

  it('releases the jobs already waiting when granted, and approves nothing after it expires or is revoked', async () => {
    const { now, ids, scheduler, standing, daily } = await setup();
    const finance = daily('Finance daily', 'finance');
    now.value += 2 * HOUR;
    scheduler.tick();
    expect(scheduler.jobs.list().map((j) => j.status)).toEqual(['needs_approval']);
    const { released } = standing.grant(finance.id, { durationMs: HOUR, keepWhileLocked: true });
    expect(released.map((j) => [j.accountId, j.status])).toEqual([[ids[0], 'queued']]);
    await scheduler.runDue(async () => ({ status: 'done', result: 'COMMITTED' }));

    // Two days later (the 24 h spacing passed) the approval has expired: the next run waits again.
    now.value += 2 * DAY;
    scheduler.tick();
    expect(standing.list()[0]).toMatchObject({ policyId: finance.id, inactiveBecause: 'it expired' });
    expect(scheduler.jobs.list(['needs_approval']).map((j) => j.accountId)).toEqual([ids[0]]);

    standing.grant(finance.id, { durationMs: 30 * DAY, keepWhileLocked: true });
    standing.revoke(finance.id);
    expect(standing.list()).toEqual([]);
    expect(() => standing.revoke(finance.id)).toThrow(expect.objectContaining({ code: 'ITEM_NOT_FOUND' }));
  });

  it('ends at lock unless kept while locked; keeping survives a new unlock until it expires', async () => {
    const { now, vault, scheduler, standing, daily } = await setup();
    const finance = daily('Finance daily', 'finance');
    const ops = daily('Ops daily', 'ops');
    standing.grant(finance.id, { durationMs: 7 * DAY, keepWhileLocked: false });
    standing.grant(ops.id, { durationMs: 7 * DAY, keepWhileLocked: true });
    vault.lock();
    await vault.unlock(PASSWORD);
    const views = new Map(standing.list().map((v) => [v.policyId, v.inactiveBecause]));
    expect(views.get(finance.id)).toBe('the vault was locked since');
    expect(views.get(ops.id)).toBeNull();
    now.value += 2 * HOUR;
    scheduler.tick();
    expect(scheduler.jobs.list().map((j) => j.status).sort()).toEqual(['needs_approval', 'queued']);
  });

  it('refuses a period outside 1 hour – 30 days, a turned-off policy and an unknown one, and an edit keeps the approval', async () => {
    const { scheduler, standing, daily } = await setup();
    const finance = daily('Finance daily', 'finance');
    expect(() => standing.grant(finance.id, { durationMs: HOUR - 1, keepWhileLocked: false })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => standing.grant(finance.id, { durationMs: 31 * DAY, keepWhileLocked: false })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => standing.grant('no-such-policy', { durationMs: DAY, keepWhileLocked: false })).toThrow(expect.objectContaining({ code: 'ITEM_NOT_FOUND' }));
    standing.grant(finance.id, { durationMs: DAY, keepWhileLocked: false });
    scheduler.updatePolicy(finance.id, { input: { name: 'Finance daily (renamed)', schedule: finance.schedule, scope: finance.scope } });
    expect(standing.list()).toEqual([expect.objectContaining({ policyId: finance.id, policyName: 'Finance daily (renamed)', inactiveBecause: null })]);
    scheduler.updatePolicy(finance.id, { enabled: false });
    expect(() => standing.grant(finance.id, { durationMs: DAY, keepWhileLocked: false })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
