// Handlers for policies.*: turn the screen's request into the scheduler's policy input (the
// same rules and messages as `tessera policy add`), check the person owns the accounts a
// policy names, and show each policy with what it covers, its next runs and latest results,
// and its standing approval (runs approved ahead of time), which an Owner grants and revokes here.
import type { z } from 'zod';
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';
import type { Job } from '../../rotation/schedule/job-queue';
import { describeSchedule, policyInputFrom } from '../../rotation/schedule/policy-input';
import { policyOverview } from '../../rotation/schedule/policy-overview';
import { PolicyDataSchema, type PolicyInput, type RotationPolicy } from '../../rotation/schedule/rotation-policy';
import type { PolicyJobView, PolicyView, policyRequest, StandingApprovalView } from '../contract/policies';
import { TesseraError } from '../../errors';

type PoliciesChannel = 'policies.list' | 'policies.preview' | 'policies.add' | 'policies.update' | 'policies.remove' | 'policies.approveAhead' | 'policies.revokeApproval';
type PolicyRequest = z.output<typeof policyRequest>;

export function policiesHandlers({ vault, rotation, sharing }: Services): HandlerSlice<PoliciesChannel> {
  /** The live accounts this person owns: the ones a policy can rotate. */
  const ownedAccounts = () =>
    vault
      .unlocked()
      .accounts.list({ deleted: 'exclude' })
      .flatMap((entry) => (entry.status === 'ok' && sharing.access.roleOf(entry.id) === 'owner' ? [{ id: entry.id, name: entry.name, tags: entry.tags, hosts: entry.hosts }] : []));

  const toInput = (request: PolicyRequest): PolicyInput => {
    // The scheduler checks the person owns every account named (again when it saves).
    rotation.scheduler.requireOwnedScope(request.scope.accountIds);
    const { trigger, scope } = request;
    return policyInputFrom({
      name: request.name,
      ...(trigger.type === 'interval' ? { every: { count: trigger.every, unit: trigger.unit, startAt: trigger.startAt, ...(trigger.window ? { window: trigger.window } : {}) } } : {}),
      ...(trigger.type === 'after-login' ? { afterLoginHours: trigger.hours } : {}),
      ...(trigger.type === 'event' ? { onEvents: trigger.events } : {}),
      accountIds: scope.accountIds,
      tags: scope.tags.map((t) => t.trim()).filter(Boolean),
      hosts: scope.hosts.map((h) => h.trim()).filter(Boolean),
    });
  };

  const standingViews = (): Map<string, StandingApprovalView> =>
    new Map(rotation.standingApprovals.list().map(({ policyId, approval, inactiveBecause }) => [policyId, {
      grantedAt: approval.grantedAt, expiresAt: approval.expiresAt, keepWhileLocked: approval.keepWhileLocked, inactiveBecause,
    }]));
  const policyById = (id: string): RotationPolicy => {
    const policy = rotation.scheduler.policies().find((p) => p.id === id);
    if (!policy) throw new TesseraError('ITEM_NOT_FOUND', 'That policy no longer exists. Reload the list.');
    return policy;
  };

  const view = (policy: RotationPolicy, jobs: Job[] = rotation.scheduler.jobs.list(), accounts = ownedAccounts(), standing = standingViews()): PolicyView => {
    const names = new Map(accounts.map((a) => [a.id, a.name]));
    const overview = policyOverview(policy, accounts, jobs, Date.now());
    const jobView = (job: Job, at: number): PolicyJobView => ({
      id: job.id,
      accountId: job.accountId,
      accountName: names.get(job.accountId) ?? 'a removed account',
      status: job.status,
      reason: job.reason,
      at,
      ...(job.result !== undefined ? { result: job.result } : {}),
    });
    return {
      id: policy.id,
      name: policy.name,
      enabled: policy.enabled,
      schedule: policy.schedule,
      scope: policy.scope,
      description: describeSchedule(policy.schedule),
      covers: overview.covers.length,
      lastRunAt: policy.lastRunAt,
      nextRuns: overview.nextRuns,
      planned: overview.planned.map((job) => jobView(job, job.dueAt)),
      lastResults: overview.lastResults.map((job) => jobView(job, job.updatedAt)),
      standingApproval: standing.get(policy.id) ?? null,
    };
  };

  return {
    'policies.list': () => {
      const jobs = rotation.scheduler.jobs.list();
      const owned = ownedAccounts();
      const standing = standingViews();
      return {
        policies: rotation.scheduler.policies().map((policy) => view(policy, jobs, owned, standing)),
        accounts: owned.map((a) => ({ id: a.id, name: a.name, site: a.hosts[0] ?? '' })),
      };
    },
    'policies.preview': (request) => {
      const input = toInput(request);
      const { description, covers, nextRuns } = view({ id: '', enabled: true, lastRunAt: null, ...PolicyDataSchema.parse(input) }, []);
      return { description, covers, nextRuns };
    },
    'policies.add': (request) => view(rotation.scheduler.addPolicy(toInput(request))),
    'policies.update': ({ id, policy, enabled }) =>
      view(rotation.scheduler.updatePolicy(id, { ...(policy ? { input: toInput(policy) } : {}), ...(enabled !== undefined ? { enabled } : {}) })),
    'policies.remove': ({ id }) => {
      rotation.scheduler.removePolicy(id);
      return { removed: id };
    },
    'policies.approveAhead': ({ id, hours, keepWhileLocked }) => {
      // Only an Owner of everything the policy names may let it decrypt with nobody present.
      rotation.scheduler.requireOwnedScope(policyById(id).scope.accountIds);
      const { released } = rotation.standingApprovals.grant(id, { durationMs: hours * 3_600_000, keepWhileLocked });
      return { policy: view(policyById(id)), releasedJobs: released.length };
    },
    'policies.revokeApproval': ({ id }) => {
      rotation.standingApprovals.revoke(id);
      return view(policyById(id));
    },
  };
}
