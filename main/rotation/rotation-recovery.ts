// Recovery of rotations a dead process left behind. Entries that never reached the submit
// (PREPARE, LOGIN_OLD) end ABORTED: the site still has the old password. Every entry that may
// have been submitted (IN_DOUBT, VERIFY_NEW, VERIFY_OLD) is probed: the new password first,
// then the old one, one login each, and committed, rolled back or flagged RECONCILE. Entries
// another live process holds (its account lease) are left alone. `recoverRotations` settles
// every account at start-up; `settleAccountRotations` one account, before its password is used.
import type { Vault } from '../vault';
import type { JournalEntry, RotationJournal } from './rotation-journal';
import type { RotationEngine, RotationResult } from './rotation-engine';
import { BEFORE_SUBMIT_STATES } from './rotation-states';

export interface RecoveryReport {
  recovered: RotationResult[];
  /** Rotation ids skipped because another process holds the account. */
  skipped: string[];
}

async function settleEntries(engine: RotationEngine, vault: Vault, entries: readonly JournalEntry[]): Promise<RecoveryReport> {
  const report: RecoveryReport = { recovered: [], skipped: [] };
  for (const entry of entries) {
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

/**
 * `busy`: accounts this process is rotating right now. Their entries look interrupted to the
 * journal and the lease (this process holds it), but their rotation is running: never settle
 * them from under it.
 */
export function recoverRotations(engine: RotationEngine, vault: Vault, busy: (accountId: string) => boolean = () => false): Promise<RecoveryReport> {
  return settleEntries(engine, vault, engine.journal.interrupted().filter((entry) => !busy(entry.accountId)));
}

/** The interrupted rotations of one account, settled; none is a quick no-op (no login). */
export function settleAccountRotations(engine: RotationEngine, vault: Vault, accountId: string): Promise<RecoveryReport> {
  return settleEntries(engine, vault, engine.journal.interrupted(accountId));
}

/** Whether the account has a rotation that stopped before it ended (its journal rows only: no engine, no login). */
export function hasInterruptedRotation(journal: RotationJournal, accountId: string): boolean {
  return journal.interrupted(accountId).length > 0;
}
