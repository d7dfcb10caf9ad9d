// The durable rotation scheduler. `tick` (at start and then periodically) turns due interval
// occurrences into jobs — missed ones are caught up once —, `onAutomatedLogin`/`onPersonLogin` and `onEvent`
// enqueue jobs for the other triggers, and `runDue` claims due jobs and runs them through the
// caller's executor. Everything lives in the vault's SQLite file; a lease row (owner id,
// expiry, taken in an IMMEDIATE transaction) lets only one process tick at a time, per-job
// claims keep two processes from running the same job, and dedupe keys make a second enqueue
// of the same occurrence a no-op.
import { randomUUID } from 'node:crypto';
import { TesseraError } from '../../errors';
import type { Vault } from '../../vault';
import { newOwnerId, ownerIsGone } from '../process-owner';
import { type Job, JobQueue, type JobStatus } from './job-queue';
import { isStanding, standingApprovalOf } from './standing-approval';
import {
  PolicyDataSchema,
  type PolicyEvent,
  type PolicyInput,
  type RotationPolicy,
  inWindow,
  latestOccurrence,
  policyCovers,
} from './rotation-policy';

export const SCHEDULER_LEASE = 'rotation-scheduler';
export const SCHEDULER_LEASE_MS = 2 * 60_000;

export interface JobExecution {
  status: Extract<JobStatus, 'done' | 'failed'>;
  result: string;
  journalId?: string;
}

export type JobExecutor = (job: Job) => Promise<JobExecution>;

export interface SchedulerEvent {
  type: PolicyEvent;
  /** The accounts the event concerns (e.g. those the removed member could decrypt); absent = the policy's whole scope. */
  accountIds?: readonly string[];
  /** Who or what it was about, for the job's reason (sealed). */
  subject?: string;
}

export interface PolicySchedulerOptions {
  vault: () => Vault;
  jobs?: JobQueue;
  owner?: string;
  now?: () => number;
  /** A policy may name only accounts the person owns (rotation replaces their passwords). Default: every account is theirs. */
  access?: { requireOwner(accountId: string): void };
}

export class PolicyScheduler {
  readonly jobs: JobQueue;
  readonly owner: string;
  private readonly now: () => number;

  constructor(private readonly options: PolicySchedulerOptions) {
    this.jobs = options.jobs ?? new JobQueue(options.vault);
    this.owner = options.owner ?? newOwnerId();
    this.now = options.now ?? Date.now;
  }

  private get vault(): Vault {
    return this.options.vault();
  }

  // policies ----------------------------------------------------------------------------

  /** NOT_PERMITTED when the policy names an account the person does not own. */
  requireOwnedScope(accountIds: readonly string[] = []): void {
    for (const accountId of accountIds) this.options.access?.requireOwner(accountId);
  }

  addPolicy(input: PolicyInput): RotationPolicy {
    this.requireOwnedScope(input.scope?.accountIds);
    const data = PolicyDataSchema.parse(input);
    const id = randomUUID();
    this.vault.rotation.write((tx) => {
      tx.putPolicy({ id, enabled: true, createdAt: tx.now, lastRunAt: null, data });
      tx.audit('policy.create', null, { policyId: id, trigger: data.schedule.type });
    });
    return { id, enabled: true, lastRunAt: null, ...data };
  }

  policies(): RotationPolicy[] {
    return this.vault.rotation.policies().map((record) => {
      const standingApproval = standingApprovalOf(record.data);
      return { id: record.id, enabled: record.enabled, lastRunAt: record.lastRunAt, ...PolicyDataSchema.parse(record.data), ...(standingApproval ? { standingApproval } : {}) };
    });
  }

  /** Replaces a policy's name, trigger and scope and/or turns it on or off; audited. */
  updatePolicy(id: string, change: { input?: PolicyInput; enabled?: boolean }): RotationPolicy {
    const record = this.vault.rotation.policies().find((p) => p.id === id);
    if (!record) throw new TesseraError('ITEM_NOT_FOUND', `No policy ${id}. It may have been removed; reload the list.`);
    if (change.input) this.requireOwnedScope(change.input.scope?.accountIds);
    const data = change.input ? PolicyDataSchema.parse(change.input) : PolicyDataSchema.parse(record.data);
    const enabled = change.enabled ?? record.enabled;
    const standingApproval = standingApprovalOf(record.data);
    this.vault.rotation.write((tx) => {
      // lastRunAt stays: occurrences already enqueued are not enqueued again after an edit; so does
      // a standing approval (it names the policy, not its settings: revoke it to end it).
      tx.putPolicy({ id, enabled, createdAt: record.createdAt, lastRunAt: record.lastRunAt, data: standingApproval ? { ...data, standingApproval } : data });
      tx.audit(enabled === record.enabled ? 'policy.update' : enabled ? 'policy.enable' : 'policy.disable', null, { policyId: id, trigger: data.schedule.type });
    });
    return { id, enabled, lastRunAt: record.lastRunAt, ...data };
  }

  removePolicy(id: string): void {
    this.vault.rotation.write((tx) => {
      if (!tx.deletePolicy(id)) throw new TesseraError('ITEM_NOT_FOUND', `No policy ${id}.`);
      tx.audit('policy.delete', null, { policyId: id });
    });
  }

  private coveredAccount(accountId: string) {
    return this.liveAccounts().find((account) => account.id === accountId);
  }

  private liveAccounts() {
    return this.vault.accounts
      .list({ deleted: 'exclude' })
      .flatMap((entry) => (entry.status === 'ok' ? [{ id: entry.id, tags: entry.tags, hosts: entry.hosts }] : []));
  }

  // triggers ----------------------------------------------------------------------------

  /**
   * Enqueues the due interval occurrences (one per policy however many were missed) and
   * requeues jobs abandoned by dead processes. Only the lease holder ticks; false otherwise.
   */
  tick(): boolean {
    const now = this.now();
    if (!this.vault.rotation.acquireLease(SCHEDULER_LEASE, this.owner, now, SCHEDULER_LEASE_MS, ownerIsGone)) return false;
    this.jobs.requeueAbandoned(now, ownerIsGone);
    const accounts = this.liveAccounts();
    for (const policy of this.policies()) {
      if (!policy.enabled || policy.schedule.type !== 'interval') continue;
      const due = latestOccurrence(policy.schedule, now);
      if (!due || (policy.lastRunAt !== null && due.at <= policy.lastRunAt)) continue;
      const batchId = `policy:${policy.id}:${due.index}`;
      const dueAt = inWindow(policy.schedule.window, Math.max(due.at, now));
      const approvedAhead = this.approvedAhead(policy, now);
      for (const account of accounts.filter((a) => policyCovers(policy.scope, a))) {
        this.jobs.enqueue({
          accountId: account.id,
          trigger: 'schedule',
          policyId: policy.id,
          batchId,
          dueAt,
          reason: `policy "${policy.name}"${due.at < now - 60_000 ? ' (caught up)' : ''}`,
          dedupeKey: `${batchId}:${account.id}`,
          approvedAhead,
        });
      }
      this.markRun(policy, due.at);
    }
    return true;
  }

  /** Whether the policy's standing approval counts now (in this unlock, unless kept while locked). */
  private approvedAhead(policy: RotationPolicy, now: number): boolean {
    return isStanding(policy.standingApproval ?? null, now, this.vault.unlockId);
  }

  private markRun(policy: RotationPolicy, at: number): void {
    const record = this.vault.rotation.policies().find((p) => p.id === policy.id);
    if (!record) return;
    this.vault.rotation.write((tx) => {
      tx.putPolicy({ id: record.id, enabled: record.enabled, createdAt: record.createdAt, lastRunAt: at, data: record.data });
      tx.audit('policy.run', null, { policyId: policy.id, occurrence: new Date(at).toISOString() });
    });
  }

  /** Call after every successful automated login: "N hours after login" policies. */
  onAutomatedLogin(accountId: string, at = this.now()): Job[] {
    return this.afterLogin(accountId, 'an automated login', at);
  }

  /**
   * Call when a person logs in by hand with what Tessera gave them (copied the password or
   * the TOTP code, from the launcher or the account page): the password has been in a
   * person's hands, so "N hours after login" policies count it like an automated login.
   */
  onPersonLogin(accountId: string, at = this.now()): Job[] {
    return this.afterLogin(accountId, 'a person copied the password or code to log in', at);
  }

  private afterLogin(accountId: string, what: string, at: number): Job[] {
    const account = this.coveredAccount(accountId);
    if (!account) return [];
    return this.policies().flatMap((policy) => {
      if (!policy.enabled || policy.schedule.type !== 'after-login' || !policyCovers(policy.scope, account)) return [];
      const { job } = this.jobs.enqueue({
        accountId,
        trigger: 'after-login',
        policyId: policy.id,
        batchId: `login:${policy.id}:${Math.floor(at / 3_600_000)}`,
        dueAt: at + policy.schedule.hours * 3_600_000,
        reason: `policy "${policy.name}": ${policy.schedule.hours} h after ${what}`,
        dedupeKey: `login:${policy.id}:${accountId}:${at}`,
        approvedAhead: this.approvedAhead(policy, this.now()),
      });
      return job ? [job] : [];
    });
  }

  /**
   * For the sync engine and the relay signals: a member was removed, a Universal Logout or a
   * deprovisioning arrived. Enqueues one batch of jobs, due now, for the covered accounts.
   */
  onEvent(event: SchedulerEvent): Job[] {
    const now = this.now();
    const batchId = `event:${event.type}:${randomUUID()}`;
    const accounts = this.liveAccounts().filter((a) => event.accountIds === undefined || event.accountIds.includes(a.id));
    const jobs: Job[] = [];
    for (const policy of this.policies()) {
      if (!policy.enabled || policy.schedule.type !== 'event' || !policy.schedule.events.includes(event.type)) continue;
      const approvedAhead = this.approvedAhead(policy, now);
      for (const account of accounts.filter((a) => policyCovers(policy.scope, a))) {
        const { job } = this.jobs.enqueue({
          accountId: account.id,
          task: event.type === 'universal_logout' ? 'logout-and-rotate' : 'rotate',
          trigger: 'event',
          policyId: policy.id,
          batchId,
          dueAt: now,
          reason: `${event.type.replace('_', ' ')}${event.subject ? `: ${event.subject}` : ''}`,
          approvedAhead,
        });
        if (job) jobs.push(job);
      }
    }
    return jobs;
  }

  // running -----------------------------------------------------------------------------

  /** Claims due, approved jobs and runs them one after another; returns what ran. */
  async runDue(execute: JobExecutor, limit = 20): Promise<Job[]> {
    const finished: Job[] = [];
    for (const job of this.jobs.claimDue(this.owner, this.now(), limit)) {
      let execution: JobExecution;
      try {
        execution = await execute(job);
      } catch (error) {
        execution = { status: 'failed', result: error instanceof Error ? error.message : String(error) };
      }
      finished.push(
        this.jobs.update(job, execution.status, `rotation.job_${execution.status}`, {
          result: execution.result.slice(0, 1000),
          ...(execution.journalId ? { journalId: execution.journalId } : {}),
        }),
      );
    }
    return finished;
  }

  release(): void {
    this.vault.rotation.releaseLease(SCHEDULER_LEASE, this.owner);
  }
}
