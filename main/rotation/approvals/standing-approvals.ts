// Standing approvals: an Owner approves a policy's runs ahead of time, for 1 hour to 30 days,
// so its jobs decrypt and rotate with nobody present (the rule is in
// schedule/standing-approval.ts). Granting also releases that policy's jobs already waiting;
// revoking ends it at once (jobs it already released stay queued — `tessera jobs` shows them,
// and `tessera approve JOB --deny` stops one). Every grant and revoke is audited.
import { TesseraError } from '../../errors';
import type { Vault } from '../../vault';
import type { Job, JobQueue } from '../schedule/job-queue';
import {
  STANDING_APPROVAL_MAX_MS,
  STANDING_APPROVAL_MIN_MS,
  type StandingApproval,
  standingApprovalOf,
  whyNotStanding,
} from '../schedule/standing-approval';

export interface StandingApprovalView {
  policyId: string;
  policyName: string;
  approval: StandingApproval;
  /** Null while it counts; otherwise why not (expired, the vault was locked since). */
  inactiveBecause: string | null;
}

export class StandingApprovals {
  constructor(
    private readonly vault: () => Vault,
    private readonly jobs: JobQueue,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every policy's stored standing approval, counting or not. */
  list(): StandingApprovalView[] {
    const vault = this.vault();
    const now = this.now();
    return vault.rotation.policies().flatMap((record) => {
      const approval = standingApprovalOf(record.data);
      if (!approval) return [];
      const name = (record.data as { name?: unknown }).name;
      return [{ policyId: record.id, policyName: typeof name === 'string' ? name : record.id, approval, inactiveBecause: whyNotStanding(approval, now, vault.unlockId) }];
    });
  }

  /**
   * Approves the policy's runs for `durationMs` (1 h – 30 d). Without `keepWhileLocked` it ends
   * when the vault locks. Returns the approval and the waiting jobs it released.
   */
  grant(policyId: string, options: { durationMs: number; keepWhileLocked: boolean }): { approval: StandingApproval; released: Job[] } {
    if (!Number.isFinite(options.durationMs) || options.durationMs < STANDING_APPROVAL_MIN_MS || options.durationMs > STANDING_APPROVAL_MAX_MS) {
      throw new TesseraError('INVALID_INPUT', 'A standing approval lasts from 1 hour to 30 days. Choose a period in that range.');
    }
    const vault = this.vault();
    const record = this.policyRecord(vault, policyId);
    if (!record.enabled) throw new TesseraError('INVALID_INPUT', 'This policy is turned off. Turn it on before approving its runs ahead of time.');
    return vault.rotation.write((tx) => {
      const approval: StandingApproval = {
        grantedAt: tx.now,
        expiresAt: tx.now + options.durationMs,
        keepWhileLocked: options.keepWhileLocked,
        unlockId: options.keepWhileLocked ? null : vault.unlockId,
      };
      tx.putPolicy({ ...record, data: { ...(record.data as object), standingApproval: approval } });
      tx.audit('approval.grant_standing', null, {
        policyId, expiresAt: new Date(approval.expiresAt).toISOString(), keepWhileLocked: approval.keepWhileLocked,
      });
      const released = vault.rotation
        .jobs({ statuses: ['needs_approval'] })
        .filter((job) => job.policyId === policyId)
        .map((job) => this.jobs.put(tx, { ...this.jobs.get(job.id), status: 'queued' }, 'approval.grant', { task: job.task, scope: 'standing', policyId }));
      return { approval, released };
    });
  }

  /** Ends the policy's standing approval now; NOT_FOUND-style errors when there is none. */
  revoke(policyId: string): void {
    const vault = this.vault();
    const record = this.policyRecord(vault, policyId);
    if (!standingApprovalOf(record.data)) throw new TesseraError('ITEM_NOT_FOUND', 'This policy has no standing approval to revoke.');
    const { standingApproval: _ended, ...data } = record.data as { standingApproval?: unknown };
    vault.rotation.write((tx) => {
      tx.putPolicy({ ...record, data });
      tx.audit('approval.revoke_standing', null, { policyId });
    });
  }

  private policyRecord(vault: Vault, policyId: string) {
    const record = vault.rotation.policies().find((p) => p.id === policyId);
    if (!record) throw new TesseraError('ITEM_NOT_FOUND', `No policy ${policyId}. See tessera policy list.`);
    return record;
  }
}
