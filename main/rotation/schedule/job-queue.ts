// The durable queue of rotation jobs in the vault (SQLite): enqueue with the rules that keep
// rotations rare and consented — at most one policy rotation per account per 24 h, and jobs
// on locally vaulted accounts wait in "needs approval" unless their batch or, ahead of time,
// their policy was approved (standing-approval.ts) —,
// claim with a lease (one conditional UPDATE: two processes never run the same job),
// finish, and requeue jobs a dead process left running.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { JOB_STATUSES, type JobStatus } from './job-statuses';
import { TesseraError } from '../../errors';
import type { JobRecord, RotationWriteTx, Vault } from '../../vault';

/** `superseded`: a planned job that an event job for the same account replaced before it ran. */
export { JOB_STATUSES, type JobStatus };
export const JOB_TASKS = ['rotate', 'logout-and-rotate'] as const;
export type JobTask = (typeof JOB_TASKS)[number];
export const JOB_TRIGGERS = ['manual', 'schedule', 'after-login', 'event'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

export const JobDataSchema = z.object({
  /** Why the job exists ("policy Quarterly", "member removed: Bob"); sealed, may name people. */
  reason: z.string().max(500),
  /** The rotation's final state or the error, once finished. */
  result: z.string().max(1000).optional(),
});
export type JobData = z.output<typeof JobDataSchema>;

export interface Job {
  id: string;
  accountId: string;
  task: JobTask;
  trigger: JobTrigger;
  policyId: string | null;
  batchId: string | null;
  status: JobStatus;
  dueAt: number;
  createdAt: number;
  updatedAt: number;
  journalId: string | null;
  reason: string;
  result?: string;
}

export const POLICY_ROTATION_SPACING_MS = 24 * 3_600_000;
export const JOB_LEASE_MS = 15 * 60_000;
const ACTIVE: readonly JobStatus[] = ['needs_approval', 'queued', 'running'];
/** Open and not started: a rotation that will still happen. */
const WAITING: readonly JobStatus[] = ['needs_approval', 'queued'];

export function toJob(record: JobRecord): Job {
  const data = JobDataSchema.parse(record.data);
  return {
    id: record.id,
    accountId: record.accountId,
    task: record.task as JobTask,
    trigger: record.trigger as JobTrigger,
    policyId: record.policyId,
    batchId: record.batchId,
    status: record.status as JobStatus,
    dueAt: record.dueAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    journalId: record.journalId,
    reason: data.reason,
    ...(data.result !== undefined ? { result: data.result } : {}),
  };
}

export interface EnqueueRequest {
  accountId: string;
  task?: JobTask;
  trigger: JobTrigger;
  policyId?: string | null;
  batchId?: string | null;
  dueAt: number;
  reason: string;
  /** Same key → the same job, whichever process enqueues it first. */
  dedupeKey?: string;
  /** Its policy holds a standing approval that counts now (the scheduler checks once per policy). */
  approvedAhead?: boolean;
}

export class JobQueue {
  constructor(
    private readonly vault: () => Vault,
    /** Locally vaulted accounts need a person's approval before a job decrypts them. */
    private readonly isLocallyVaulted: (accountId: string) => boolean = () => true,
  ) {}

  /**
   * Why a new job of this trigger adds nothing, or null when it must be added. A planned job
   * (schedule, after-login) waits for any policy job that is still open or ran less than 24 h
   * before it is due. An event job (a removal, a Universal Logout, a deprovisioning, an expired
   * link) is never merged into a planned one: only an event job still waiting to start (whose
   * rotation will happen after this event too) makes a second one unnecessary.
   */
  private whyRedundant(request: EnqueueRequest): string | null {
    const jobs = this.vault().rotation.jobs({ accountId: request.accountId });
    if (request.trigger === 'event') {
      const waiting = jobs.some((job) => job.trigger === 'event' && WAITING.includes(job.status as JobStatus));
      return waiting ? 'an event rotation of this account is already waiting to run' : null;
    }
    const recent = jobs.some((job) => {
      if (job.trigger === 'manual') return false;
      if (ACTIVE.includes(job.status as JobStatus)) return true;
      return (job.status === 'done' || job.status === 'failed') && request.dueAt - job.updatedAt < POLICY_ROTATION_SPACING_MS;
    });
    return recent ? 'a policy rotation of this account is already planned or ran within 24 hours' : null;
  }

  /** Adds a job (or nothing, with the reason); runs in one vault transaction with its audit entry. */
  enqueue(request: EnqueueRequest): { job?: Job; skipped?: string } {
    const vault = this.vault();
    return vault.rotation.write((tx) => {
      const redundant = request.trigger === 'manual' ? null : this.whyRedundant(request);
      if (redundant) return { skipped: redundant };
      if (request.trigger === 'event') this.supersedePlanned(tx, request.accountId);
      const batchApproved = request.batchId ? (vault.rotation.batchApproval(request.batchId)?.expiresAt ?? 0) > tx.now : false;
      const approvedBy = batchApproved ? 'batch' : request.approvedAhead ? 'standing' : null;
      const status: JobStatus = request.trigger === 'manual' || approvedBy !== null || !this.isLocallyVaulted(request.accountId) ? 'queued' : 'needs_approval';
      const record: Omit<JobRecord, 'updatedAt'> = {
        id: randomUUID(),
        accountId: request.accountId,
        task: request.task ?? 'rotate',
        trigger: request.trigger,
        policyId: request.policyId ?? null,
        batchId: request.batchId ?? null,
        status,
        dedupeKey: request.dedupeKey ?? null,
        dueAt: request.dueAt,
        createdAt: tx.now,
        leaseOwner: null,
        leaseExpires: null,
        journalId: null,
        data: { reason: request.reason } satisfies JobData,
      };
      if (!tx.putJob(record)) return { skipped: 'this job was already enqueued' };
      tx.audit('rotation.job_enqueued', request.accountId, { jobId: record.id, trigger: request.trigger, status, ...(approvedBy && status === 'queued' ? { approvedBy } : {}) });
      return { job: toJob({ ...record, updatedAt: tx.now }) };
    });
  }

  /** An event job replaces the account's planned jobs that have not started: they would rotate the same password again. */
  private supersedePlanned(tx: RotationWriteTx, accountId: string): void {
    for (const record of this.vault().rotation.jobs({ accountId })) {
      const planned = record.trigger === 'schedule' || record.trigger === 'after-login';
      if (planned && WAITING.includes(record.status as JobStatus)) {
        this.put(tx, { ...toJob(record), status: 'superseded', result: 'replaced by an event rotation' }, 'rotation.job_superseded');
      }
    }
  }

  get(id: string): Job {
    const record = this.vault().rotation.job(id);
    if (!record) throw new TesseraError('JOB_NOT_FOUND', `No job ${id}. List them with \`tessera jobs\`.`);
    return toJob(record);
  }

  list(statuses?: readonly JobStatus[]): Job[] {
    return this.vault().rotation.jobs(statuses ? { statuses } : {}).map(toJob);
  }

  /** Changes a job's status (and data) with an audit entry, in one transaction. */
  update(job: Job, status: JobStatus, auditKind: string, patch: Partial<Pick<Job, 'result' | 'journalId' | 'dueAt'>> = {}, details: Record<string, string> = {}): Job {
    return this.vault().rotation.write((tx) => this.put(tx, { ...job, ...patch, status }, auditKind, details));
  }

  /** @internal for approvals: writes a job inside an existing transaction. */
  put(tx: RotationWriteTx, job: Job, auditKind: string, details: Record<string, string> = {}): Job {
    const stored = this.vault().rotation.job(job.id);
    tx.putJob({
      id: job.id, accountId: job.accountId, task: job.task, trigger: job.trigger, policyId: job.policyId, batchId: job.batchId,
      status: job.status, dedupeKey: stored?.dedupeKey ?? null, dueAt: job.dueAt, createdAt: job.createdAt,
      leaseOwner: job.status === 'running' ? (stored?.leaseOwner ?? null) : null,
      leaseExpires: job.status === 'running' ? (stored?.leaseExpires ?? null) : null,
      journalId: job.journalId,
      data: { reason: job.reason, ...(job.result !== undefined ? { result: job.result } : {}) } satisfies JobData,
    });
    tx.audit(auditKind, job.accountId, { jobId: job.id, status: job.status, ...details });
    return { ...job, updatedAt: tx.now };
  }

  /** Claims due queued jobs for `owner`; each claim is one conditional UPDATE. */
  claimDue(owner: string, now: number, limit: number): Job[] {
    const vault = this.vault();
    const claimed: Job[] = [];
    for (const record of vault.rotation.jobs({ statuses: ['queued'], dueBy: now })) {
      if (claimed.length >= limit) break;
      if (vault.rotation.claimJob(record.id, owner, 'queued', 'running', now, now + JOB_LEASE_MS)) claimed.push(toJob({ ...record, status: 'running' }));
    }
    return claimed;
  }

  /**
   * Claims one queued job for `owner` (a person's action runs its own jobs at once), or renews
   * the lease of one it already runs (`from: 'running'`, just before the work starts, so a long
   * batch never lets a waiting job's lease run out); undefined when another process holds it.
   */
  claim(id: string, owner: string, now: number, from: 'queued' | 'running' = 'queued'): Job | undefined {
    if (!this.vault().rotation.claimJob(id, owner, from, 'running', now, now + JOB_LEASE_MS)) return undefined;
    return { ...this.get(id), status: 'running' };
  }

  /** Running jobs whose process died or whose lease ran out go back to the queue. */
  requeueAbandoned(now: number, holderIsGone: (owner: string) => boolean): Job[] {
    const vault = this.vault();
    return vault.rotation
      .jobs({ statuses: ['running'] })
      .filter((record) => record.leaseOwner !== null && ((record.leaseExpires ?? 0) < now || holderIsGone(record.leaseOwner)))
      .map((record) => this.update(toJob(record), 'queued', 'rotation.job_requeued', {}, { reason: 'its process stopped' }));
  }
}
