// Start-up recovery of rotations a dead process left behind. Entries that never reached the
// submit (PREPARE, LOGIN_OLD) end ABORTED: the site still has the old password. Every entry
// that may have been submitted (IN_DOUBT, VERIFY_NEW, VERIFY_OLD) is probed: the new
// password first, then the old one, one login each, and committed, rolled back or flagged
// RECONCILE. Entries another live process holds (its account lease) are left alone.
import type { Vault } from '../vault';
import type { RotationEngine, RotationResult } from './rotation-engine';
import { BEFORE_SUBMIT_STATES } from './rotation-states';

export interface RecoveryReport {
  recovered: RotationResult[];
  /** Rotation ids skipped because another process holds the account. */
  skipped: string[];
}

export async function recoverRotations(engine: RotationEngine, vault: Vault): Promise<RecoveryReport> {
  const report: RecoveryReport = { recovered: [], skipped: [] };
  for (const entry of engine.journal.interrupted()) {
    if (!engine.holdAccount(entry.accountId)) {
      report.skipped.push(entry.id);
      continue;
    }
    try {
      vault.audit.append('rotation.recovery', entry.accountId, { rotationId: entry.id, state: entry.state });
      report.recovered.push(
        BEFORE_SUBMIT_STATES.includes(entry.state)
          ? await engine.abortUnsubmitted(entry, 'interrupted before anything was submitted; the old password stays')
          : await engine.settle(entry, 'new-first', `recovered after an interruption in ${entry.state}`),
      );
    } finally {
      engine.releaseAccount(entry.accountId);
    }
  }
  return report;
}
