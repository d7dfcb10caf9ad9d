// Gathers the milestone facts of an account from what the vault stores today. Verification
// results, shares and rotation policies are not stored yet (they arrive with automation,
// sync and policies), so those facts are "none" rather than guessed.
import type { AccountSummary } from '../vault/index';
import type { AccountFacts } from './milestones';

export function factsFromSummary(summary: Pick<AccountSummary, 'managedEmail' | 'managedPhone' | 'hasTotp'>): AccountFacts {
  return {
    lastVerification: null,
    managedEmail: summary.managedEmail,
    managedPhone: summary.managedPhone,
    hasTotp: summary.hasTotp,
    otherRoleHolders: 0,
    rotationPolicy: false,
  };
}
