// Which accounts the enabled rotation policies cover (milestone 5's first fact), shared by the
// facts service and the scheduler's tests. The facts themselves are gathered in one place:
// main/milestones/facts-service.ts.
import type { AccountSummary } from '../vault';
import { policyCovers, type Scope } from '../rotation/schedule/rotation-policy';

/** Whether any of the enabled policies' scopes covers the account (one pass over the scopes). */
export function coveredByRotation(scopes: readonly Scope[]) {
  return (account: Pick<AccountSummary, 'id' | 'tags' | 'hosts'>): boolean => scopes.some((scope) => policyCovers(scope, account));
}

/** The scopes of the enabled rotation policies, from the policy scheduler. */
export function enabledPolicyScopes(scheduler: { policies(): ReadonlyArray<{ enabled: boolean; scope: Scope }> }): Scope[] {
  return scheduler.policies().filter((p) => p.enabled).map((p) => p.scope);
}
