// Whether a workspace's sync is really working, for the CLI and the app to report: logs the
// relay refuses to this device while it holds the workspace's current key (the relay and
// the chain disagree on the key), or records this device made that the relay refuses
// (a removal that never left this device), are an error, never "ok". A device that holds no
// current key yet (an invitee not admitted) or any more (a removed member) is expected to
// see the team and account docs refused, and that alone is not reported; nor is what a device
// its own chain shows removed still holds unsent (the relay will never take it; the status
// says the device is no longer admitted).
import type { SyncStatus, Workspace } from '../sync';
import { currentEpoch } from '../sync';

export interface SyncProblem {
  code: 'RELAY_AUTH_REFUSED';
  message: string;
  /** The logs concerned. */
  docIds: string[];
}

export function syncProblem(workspace: Pick<Workspace, 'state' | 'epochKey' | 'device'>, status: SyncStatus): SyncProblem | undefined {
  const blocked = status.logs.filter((l) => l.blocked);
  if (!blocked.length) return undefined;
  const { deviceId, memberId } = workspace.device.certificate;
  const removed = workspace.state.devices.get(deviceId)?.active === false || workspace.state.members.get(memberId)?.active === false;
  if (removed) return undefined;
  const epoch = currentEpoch(workspace.state);
  const holdsCurrentKey = !!epoch && !!workspace.epochKey(epoch.epochId);
  const unsent = blocked.reduce((n, l) => n + l.unacknowledged, 0);
  if (!holdsCurrentKey && !unsent) return undefined;
  const docIds = blocked.map((l) => l.docId);
  const what = unsent ? `${unsent} change(s) made on this device did not reach the relay` : 'this device does not receive what other members change';
  return {
    code: 'RELAY_AUTH_REFUSED',
    docIds,
    message: `The relay refuses ${docIds.length} of this workspace's logs to this device, so ${what}. Check that the relay address is this workspace's relay, then ask an Owner or Admin whether this device was removed.`,
  };
}
