// Gathers the milestone facts of an account from what the vault stores, plus the last
// conclusive automated verification (main/logins) and whether an enabled rotation
// policy covers it (main/policies) when the caller has them. Shares are not stored yet
// (they arrive with sync), so that fact is "none" rather than guessed.
import type { AccountSummary } from '../vault';
import { policyCovers, type Scope } from '../rotation/schedule/rotation-policy';
import type { AccountFacts } from './milestones';

export function factsFromSummary(
  summary: Pick<AccountSummary, 'managedEmail' | 'managedPhone' | 'hasTotp'>,
  lastVerification: AccountFacts['lastVerification'] = null,
  rotationPolicy = false,
): AccountFacts {
  return {
    lastVerification: lastVerification && { succeeded: lastVerification.succeeded, at: lastVerification.at },
    managedEmail: summary.managedEmail,
    managedPhone: summary.managedPhone,
    hasTotp: summary.hasTotp,
    otherRoleHolders: 0,
    rotationPolicy,
  };
}

/** Whether any of the enabled policies' scopes covers the account (one pass over the scopes). */
export function coveredByRotation(scopes: readonly Scope[]) {
  return (account: Pick<AccountSummary, 'id' | 'tags' | 'hosts'>): boolean => scopes.some((scope) => policyCovers(scope, account));
}

/** The scopes of the enabled rotation policies, from the policy scheduler. */
export function enabledPolicyScopes(scheduler: { policies(): ReadonlyArray<{ enabled: boolean; scope: Scope }> }): Scope[] {
  return scheduler.policies().filter((p) => p.enabled).map((p) => p.scope);
}
