// Gathers the milestone facts of an account from what the vault stores today, plus the last
// conclusive automated verification (main/automation-runs) when the caller has it. Shares
// and rotation policies are not stored yet (they arrive with sync and policies), so those
// facts are "none" rather than guessed.
import type { AccountSummary } from '../vault/index';
import type { AccountFacts } from './milestones';

export function factsFromSummary(
  summary: Pick<AccountSummary, 'managedEmail' | 'managedPhone' | 'hasTotp'>,
  lastVerification: AccountFacts['lastVerification'] = null,
): AccountFacts {
  return {
    lastVerification: lastVerification && { succeeded: lastVerification.succeeded, at: lastVerification.at },
    managedEmail: summary.managedEmail,
    managedPhone: summary.managedPhone,
    hasTotp: summary.hasTotp,
    otherRoleHolders: 0,
    rotationPolicy: false,
  };
}
