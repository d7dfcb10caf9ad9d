import { describe, expect, it } from 'vitest';
import { DecryptApprovals } from '../../../main/rotation/approvals/decrypt-approvals';
import type { Job } from '../../../main/rotation/schedule/job-queue';
import { PolicyScheduler } from '../../../main/rotation/schedule/policy-scheduler';
import { coveredByRotation, enabledPolicyScopes } from '../../../main/milestones/account-facts';
import { createTestVault } from '../vault/helpers';
import { scanFilesForSecrets, vaultFiles } from '../vault/secret-scan';

const DAY = 86_400_000;

async function setup(now: { value: number }) {
  const { vault, path } = await createTestVault({ now: () => now.value });
  const ids = ['Alpha', 'Beta', 'Gamma'].map((name, i) => vault.accounts.create({ name, urls: [`https://${name.toLowerCase()}.test`], username: 'u', password: `pw-${i}`, tags: i === 2 ? ['ops'] : ['finance'] }).id);
  const scheduler = new PolicyScheduler({ vault: () => vault, now: () => now.value });
  const approvals = new DecryptApprovals(() => vault, scheduler.jobs);
  return { vault, path, ids, scheduler, approvals };
}

const ran: string[] = [];
const execute = async (job: Job) => {
  ran.push(job.accountId);
  return { status: 'done' as const, result: 'COMMITTED' };
};

describe('policy scheduler', () => {
  it('enqueues a due interval run for every covered account, waiting for approval, and catches up missed runs once', async () => {
    const now = { value: Date.UTC(2025, 5, 1) };
    const { vault, scheduler, ids } = await setup(now);
    scheduler.addPolicy({ name: 'Finance monthly', schedule: { type: 'interval', every: 1, unit: 'months', startAt: now.value - 90 * DAY }, scope: { tags: ['finance'] } });
    expect(scheduler.tick()).toBe(true);
    const jobs = scheduler.jobs.list();
    expect(jobs.map((j) => j.accountId).sort()).toEqual([ids[0], ids[1]].sort());
    expect(jobs.every((j) => j.status === 'needs_approval' && j.reason.includes('caught up'))).toBe(true);
    scheduler.tick();
    expect(scheduler.jobs.list()).toHaveLength(2);
    // Milestone 5 reads coverage from the enabled policies' scopes.
    const covered = coveredByRotation(enabledPolicyScopes(scheduler));
    const summary = (id: string) => vault.accounts.list({ deleted: 'exclude' }).flatMap((s) => (s.id === id && s.status === 'ok' ? [s] : []))[0]!;
    expect(covered(summary(ids[0]!))).toBe(true);
    expect(covered(summary(ids[2]!))).toBe(false);
  });

  it('runs nothing until a person approves; a batch approval covers the batch, deny stops a job; all audited', async () => {
    const now = { value: Date.UTC(2025, 5, 1) };
    const { vault, scheduler, approvals, ids } = await setup(now);
    scheduler.addPolicy({ name: 'Everything weekly', schedule: { type: 'interval', every: 1, unit: 'weeks', startAt: now.value - DAY }, scope: {} });
    scheduler.tick();
    ran.length = 0;
    expect(await scheduler.runDue(execute)).toEqual([]);
    const [first, second, third] = approvals.pending();
    expect(approvals.decide(third!.id, 'deny').map((j) => j.status)).toEqual(['denied']);
    const approved = approvals.decide(first!.id, 'approve-batch');
    expect(approved.map((j) => j.id).sort()).toEqual([first!.id, second!.id].sort());
    const finished = await scheduler.runDue(execute);
    expect(finished.map((j) => j.status)).toEqual(['done', 'done']);
    expect(ran.sort()).toEqual([first!.accountId, second!.accountId].sort());
    expect(ids).toContain(third!.accountId);
    const kinds = vault.audit.entries().map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['approval.deny', 'approval.grant_batch', 'approval.grant', 'rotation.job_done']));
  });

  it('enqueues an event batch for the named accounts, and an after-login job N hours later', async () => {
    const now = { value: Date.UTC(2025, 5, 1) };
    const { scheduler, ids } = await setup(now);
    scheduler.addPolicy({ name: 'On removal', schedule: { type: 'event', events: ['member_removed', 'universal_logout'] }, scope: {} });
    scheduler.addPolicy({ name: 'After login', schedule: { type: 'after-login', hours: 6 }, scope: { tags: ['ops'] } });
    const event = scheduler.onEvent({ type: 'universal_logout', accountIds: [ids[0]!], subject: 'Bob' });
    expect(event).toEqual([expect.objectContaining({ accountId: ids[0], task: 'logout-and-rotate', trigger: 'event', reason: 'universal logout: Bob', dueAt: now.value })]);
    const login = scheduler.onAutomatedLogin(ids[2]!, now.value);
    expect(login).toEqual([expect.objectContaining({ trigger: 'after-login', dueAt: now.value + 6 * 3_600_000 })]);
    expect(scheduler.onAutomatedLogin(ids[0]!, now.value)).toEqual([]);
  });

  it('rotates an account by a planned policy at most once per 24 hours', async () => {
    const now = { value: Date.UTC(2025, 5, 1) };
    const { scheduler, approvals, ids } = await setup(now);
    scheduler.addPolicy({ name: 'After login', schedule: { type: 'after-login', hours: 1 }, scope: {} });
    const [job] = scheduler.onAutomatedLogin(ids[0]!, now.value);
    expect(scheduler.onAutomatedLogin(ids[0]!, now.value)).toEqual([]);
    approvals.decide(job!.id, 'approve-job');
    now.value += 3_600_000;
    expect((await scheduler.runDue(execute)).map((j) => j.status)).toEqual(['done']);
    now.value += 22 * 3_600_000;
    expect(scheduler.onAutomatedLogin(ids[0]!, now.value)).toEqual([]);
    now.value += 2 * 3_600_000;
    expect(scheduler.onAutomatedLogin(ids[0]!, now.value)).toHaveLength(1);
  });

  it('claims one job for a person\'s action, renews its lease as the work starts, and never lets another process take it meanwhile', async () => {
    const now = { value: Date.UTC(2025, 5, 1) };
    const { scheduler, ids } = await setup(now);
    const { job } = scheduler.jobs.enqueue({ accountId: ids[0]!, task: 'logout-and-rotate', trigger: 'manual', dueAt: now.value, reason: 'Universal Logout, asked by a person' });
    expect(scheduler.jobs.claim(job!.id, 'person-action', now.value)).toMatchObject({ id: job!.id, status: 'running' });
    // The scheduler's round (another owner) finds nothing due, and cannot claim or renew it.
    expect(scheduler.jobs.claimDue('scheduler', now.value, 10)).toEqual([]);
    expect(scheduler.jobs.claim(job!.id, 'scheduler', now.value)).toBeUndefined();
    expect(scheduler.jobs.claim(job!.id, 'scheduler', now.value + 60_000, 'running')).toBeUndefined();
    // Fourteen minutes later the batch reaches it: the same owner renews the lease.
    now.value += 14 * 60_000;
    expect(scheduler.jobs.claim(job!.id, 'person-action', now.value, 'running')).toMatchObject({ status: 'running' });
    expect(scheduler.jobs.claim(job!.id, 'scheduler', now.value + 10 * 60_000, 'running')).toBeUndefined();
  });

  describe('event jobs are never swallowed by planned ones', () => {
    it('an event job replaces the planned jobs of its account that have not started, and planned jobs then wait for it', async () => {
      const now = { value: Date.UTC(2025, 5, 1) };
      const { vault, scheduler, ids } = await setup(now);
      scheduler.addPolicy({ name: 'Weekly', schedule: { type: 'interval', every: 1, unit: 'weeks', startAt: now.value - 3_600_000 }, scope: {} });
      scheduler.addPolicy({ name: 'On removal', schedule: { type: 'event', events: ['member_removed'] }, scope: {} });
      scheduler.tick();
      const planned = scheduler.jobs.list().find((j) => j.accountId === ids[0])!;
      expect(planned.status).toBe('needs_approval');
      const event = scheduler.onEvent({ type: 'member_removed', accountIds: [ids[0]!], subject: 'Bob' });
      expect(event).toEqual([expect.objectContaining({ accountId: ids[0], trigger: 'event' })]);
      expect(scheduler.jobs.get(planned.id).status).toBe('superseded');
      // The other accounts' planned jobs are untouched.
      expect(scheduler.jobs.list().filter((j) => j.accountId !== ids[0]).every((j) => j.status === 'needs_approval')).toBe(true);
      expect(scheduler.onAutomatedLogin(ids[0]!, now.value)).toEqual([]);
      expect(vault.audit.entries().map((e) => e.kind)).toContain('rotation.job_superseded');
    });

    it('adds an event job even when a planned rotation ran an hour ago, or one is running', async () => {
      const now = { value: Date.UTC(2025, 5, 1) };
      const { scheduler, approvals, ids } = await setup(now);
      scheduler.addPolicy({ name: 'After login', schedule: { type: 'after-login', hours: 1 }, scope: {} });
      scheduler.addPolicy({ name: 'On logout', schedule: { type: 'event', events: ['universal_logout'] }, scope: {} });
      const [planned] = scheduler.onAutomatedLogin(ids[0]!, now.value);
      approvals.decide(planned!.id, 'approve-job');
      now.value += 3_600_000;
      await scheduler.runDue(execute);
      now.value += 3_600_000;
      expect(scheduler.onEvent({ type: 'universal_logout', accountIds: [ids[0]!], subject: 'Bob' })).toHaveLength(1);
      // A planned job running right now does not stop an event either: it may have used the exposed password.
      const [running] = scheduler.onAutomatedLogin(ids[1]!, now.value);
      approvals.decide(running!.id, 'approve-job');
      expect(scheduler.jobs.claimDue('test-owner', now.value + 3_600_000, 10).map((j) => j.id)).toEqual([running!.id]);
      expect(scheduler.onEvent({ type: 'universal_logout', accountIds: [ids[1]!], subject: 'Bob' })).toHaveLength(1);
    });

    it('a second event while an event job still waits adds nothing; an event after it ran always adds one, even within 24 hours', async () => {
      const now = { value: Date.UTC(2025, 5, 1) };
      const { scheduler, approvals, ids } = await setup(now);
      scheduler.addPolicy({ name: 'On removal', schedule: { type: 'event', events: ['member_removed'] }, scope: {} });
      const [job] = scheduler.onEvent({ type: 'member_removed', accountIds: [ids[0]!] });
      expect(scheduler.onEvent({ type: 'member_removed', accountIds: [ids[0]!] })).toEqual([]);
      approvals.decide(job!.id, 'approve-job');
      await scheduler.runDue(execute);
      now.value += 3_600_000;
      expect(scheduler.onEvent({ type: 'member_removed', accountIds: [ids[0]!] })).toHaveLength(1);
    });
  });

  it('keeps policy names, scopes and job reasons off the disk in the clear', async () => {
    const now = { value: Date.UTC(2025, 5, 1) };
    const { scheduler, path, ids } = await setup(now);
    scheduler.addPolicy({ name: 'Wombat treasury rotation', schedule: { type: 'event', events: ['deprovisioning'] }, scope: { tags: ['kangaroo-scope-tag'] } });
    scheduler.addPolicy({ name: 'x', schedule: { type: 'event', events: ['deprovisioning'] }, scope: {} });
    scheduler.onEvent({ type: 'deprovisioning', accountIds: [ids[0]!], subject: 'Quokka Person' });
    expect(scanFilesForSecrets(vaultFiles(path), ['Wombat treasury rotation', 'kangaroo-scope-tag', 'Quokka Person'])).toEqual([]);
  });

  it('lets only one process hold the scheduler lease', async () => {
    const now = { value: Date.UTC(2025, 5, 1) };
    const { vault } = await setup(now);
    const a = new PolicyScheduler({ vault: () => vault, now: () => now.value, owner: 'host-a:1:a' });
    const b = new PolicyScheduler({ vault: () => vault, now: () => now.value, owner: 'host-b:1:b' });
    expect(a.tick()).toBe(true);
    expect(b.tick()).toBe(false);
    now.value += 3 * 60_000;
    expect(b.tick()).toBe(true);
  });
});
