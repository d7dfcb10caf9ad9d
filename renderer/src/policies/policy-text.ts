// How the Policies screen words a policy: run times, what a policy covers, a job's status.
import { formatDateTime } from '../format';
import type { PolicyJobView, PolicyScopeView } from '../../../main/ipc/contract/policies';

/** Run times use the app's one date-time format. */
export const formatRunTime = (at: number): string => formatDateTime(at);

/** "every account you own" or "2 accounts, tag vendors, app github.com". */
export function scopeText(scope: PolicyScopeView, accountNames: ReadonlyMap<string, string>): string {
  const parts = [
    ...scope.accountIds.map((id) => accountNames.get(id) ?? 'an account you do not own'),
    ...scope.tags.map((tag) => `tag ${tag}`),
    ...scope.hosts.map((host) => `app ${host}`),
  ];
  return parts.length === 0 ? 'every account you own' : parts.join(', ');
}

export const JOB_STATUS_TEXT: Record<PolicyJobView['status'], string> = {
  needs_approval: 'waits for your approval',
  queued: 'queued',
  running: 'running',
  done: 'rotated',
  failed: 'failed',
  denied: 'denied',
  superseded: 'replaced by an event rotation',
};
