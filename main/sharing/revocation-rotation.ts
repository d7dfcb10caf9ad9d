// Revocation → rotation: removing a member or a device re-keys what they could read
// (main/sync/revocation.ts) and hands every exposed account to the rotation scheduler's
// event hook ('member_removed'), so the event policies queue a rotation of each credential.
// A shared account doc's id names the local vault account it mirrors.
import { parseDocId, revokeDevice, revokeMember, type Revocation, type SyncPeer } from '../sync';
import type { PolicyScheduler } from '../rotation/schedule/policy-scheduler';
import type { Job } from '../rotation/schedule/job-queue';

export type RotationHook = Pick<PolicyScheduler, 'onEvent'>;

export interface RevocationResult {
  revocation: Revocation;
  /** Local account ids whose credentials the removed devices could decrypt. */
  accountIds: string[];
  jobs: Job[];
}

function queueRotation(revocation: Revocation, subject: string, scheduler: RotationHook, type: 'member_removed' | 'deprovisioning' = 'member_removed'): RevocationResult {
  const accountIds = [
    ...new Set(revocation.exposed.flatMap(({ docId }) => {
      const ref = parseDocId(docId);
      return ref?.kind === 'account' ? [ref.accountId] : [];
    })),
  ];
  const jobs = accountIds.length ? scheduler.onEvent({ type, accountIds, subject }) : [];
  return { revocation, accountIds, jobs };
}

/**
 * Removes a member from the workspace and queues the rotation of every account they could
 * decrypt (as a 'deprovisioning' event when their identity provider deprovisioned them).
 */
export function removeMemberAndRotate(peer: SyncPeer, memberId: string, scheduler: RotationHook, subject = `member ${memberId}`, type: 'member_removed' | 'deprovisioning' = 'member_removed'): RevocationResult {
  return queueRotation(revokeMember(peer, memberId), subject, scheduler, type);
}

/** Removes one device and queues the rotation of every account it could decrypt. */
export function removeDeviceAndRotate(peer: SyncPeer, deviceId: string, scheduler: RotationHook, subject = `device ${deviceId}`): RevocationResult {
  return queueRotation(revokeDevice(peer, deviceId), subject, scheduler);
}
