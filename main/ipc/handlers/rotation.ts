// Handlers for rotation.*: the rotation service does the work; jobs are shown with their
// account's name and site so the approval dialog can say what a person is approving.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';
import type { Job } from '../../rotation/schedule/job-queue';
import type { JobView } from '../contract/rotation';

type RotationChannel = 'rotation.rotate' | 'rotation.rotateMany' | 'rotation.logoutEverywhere' | 'rotation.status' | 'rotation.failureScreenshot' | 'rotation.resolve' | 'rotation.jobs' | 'rotation.decide';

export function rotationHandlers({ vault, rotation }: Services): HandlerSlice<RotationChannel> {
  const view = (job: Job): JobView => {
    const summary = vault.unlocked().accounts.list({ deleted: 'include' }).find((entry) => entry.id === job.accountId);
    const ok = summary?.status === 'ok' ? summary : undefined;
    return {
      id: job.id,
      accountId: job.accountId,
      accountName: ok?.name ?? 'unknown account',
      site: ok?.hosts[0] ?? '',
      task: job.task,
      trigger: job.trigger,
      status: job.status,
      batchId: job.batchId,
      dueAt: job.dueAt,
      reason: job.reason,
      ...(job.result !== undefined ? { result: job.result } : {}),
    };
  };
  return {
    'rotation.rotate': ({ id }) => rotation.rotate(id),
    'rotation.failureScreenshot': ({ id, rotationId }) => {
      vault.unlocked().accounts.get(id);
      return { dataUrl: rotation.failureScreenshot(id, rotationId) };
    },
    'rotation.rotateMany': async ({ ids, concurrency }) => ({ reports: await rotation.rotateMany(ids, { concurrency }) }),
    'rotation.logoutEverywhere': async ({ ids }) => ({ reports: await rotation.logoutEverywhereNow(ids) }),
    'rotation.status': ({ id }) => {
      vault.unlocked().accounts.get(id);
      return rotation.status(id);
    },
    'rotation.resolve': ({ rotationId, working }) => rotation.resolveReconcile(rotationId, working),
    'rotation.jobs': ({ status }) => ({ jobs: rotation.scheduler.jobs.list(status ? [status] : undefined).map(view) }),
    'rotation.decide': ({ jobId, decision }) => ({ jobs: rotation.approvals.decide(jobId, decision).map(view) }),
  };
}
