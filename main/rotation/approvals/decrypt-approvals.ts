// Decrypt approval: a scheduled or event-triggered job on a locally vaulted
// account waits in "needs approval" until a person approves decrypting it — this job, or its
// whole batch for one hour (jobs joining the batch within the hour run without asking) — or
// denies it. Every decision is audited with the task and the account.
import { TesseraError } from '../../errors';
import type { Vault } from '../../vault';
import type { Job, JobQueue } from '../schedule/job-queue';

export const BATCH_APPROVAL_MS = 60 * 60_000;
export type ApprovalDecision = 'approve-job' | 'approve-batch' | 'deny';

export class DecryptApprovals {
  constructor(
    private readonly vault: () => Vault,
    private readonly jobs: JobQueue,
  ) {}

  pending(): Job[] {
    return this.jobs.list(['needs_approval']);
  }

  /** Applies a person's decision; returns the jobs it changed. */
  decide(jobId: string, decision: ApprovalDecision): Job[] {
    const job = this.jobs.get(jobId);
    if (job.status !== 'needs_approval') {
      throw new TesseraError('INVALID_INPUT', `Job ${jobId} does not wait for approval (it is ${job.status.replace('_', ' ')}).`);
    }
    const vault = this.vault();
    return vault.rotation.write((tx) => {
      if (decision === 'deny') return [this.jobs.put(tx, { ...job, status: 'denied' }, 'approval.deny', { task: job.task })];
      if (decision === 'approve-job' || job.batchId === null) {
        return [this.jobs.put(tx, { ...job, status: 'queued' }, 'approval.grant', { task: job.task, scope: 'job' })];
      }
      tx.putBatchApproval({ batchId: job.batchId, approvedAt: tx.now, expiresAt: tx.now + BATCH_APPROVAL_MS });
      tx.audit('approval.grant_batch', null, { batchId: job.batchId, task: job.task, expiresAt: new Date(tx.now + BATCH_APPROVAL_MS).toISOString() });
      return vault.rotation
        .jobs({ batchId: job.batchId, statuses: ['needs_approval'] })
        .map((record) => this.jobs.put(tx, { ...this.jobs.get(record.id), status: 'queued' }, 'approval.grant', { task: record.task, scope: 'batch', batchId: job.batchId! }));
    });
  }
}
