// What the CLI and the app call a sync failure (issue 16 #1): a device holding the current team
// key whose logs the relay refuses, or changes the relay did not take, are an error; an invitee
// not admitted yet (no key) seeing the team doc refused is not.
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/sync/workspace';
import { syncProblem } from '../../../main/sharing/sync-health';
import type { SyncStatus } from '../../../main/sync';
import { person } from '../sync/chain-helpers';

const owner = person('Olivia');
const workspace = Workspace.create(owner.identity, owner.device);
const log = (docId: string, extra: Partial<SyncStatus['logs'][number]> = {}) => ({ docId, lastSeq: 1, live: true, unacknowledged: 0, ...extra });

describe('sync health', () => {
  it('is fine when no log is blocked', () => {
    expect(syncProblem(workspace, { connected: true, logs: [log('w/chain'), log('w/team', { unacknowledged: 2 })] })).toBeUndefined();
  });

  it('is an error when the relay refuses a log to a device that holds the current key', () => {
    const problem = syncProblem(workspace, { connected: true, logs: [log('w/chain'), log('w/team', { blocked: true, live: false })] });
    expect(problem).toMatchObject({ code: 'RELAY_AUTH_REFUSED', docIds: ['w/team'], message: expect.stringContaining('does not receive') });
  });

  it('is an error when changes made here were refused (a removal that never left this device)', () => {
    const invitee = Workspace.open(workspace.workspaceId, person('Ivy').device, []);
    const problem = syncProblem(invitee, { connected: true, logs: [log('w/chain', { blocked: true, unacknowledged: 1 })] });
    expect(problem?.message).toContain('1 change(s) made on this device did not reach the relay');
  });

  it('is not an error for a device its own chain shows removed, even with changes it could not send', () => {
    const member = person('Max');
    const admin = Workspace.create(owner.identity, owner.device);
    admin.addMember(member.request, 'member');
    admin.removeMember(member.identity.memberId);
    const removed = Workspace.open(admin.workspaceId, member.device, admin.entries());
    expect(syncProblem(removed, { connected: true, logs: [log('w/chain'), log('w/team', { blocked: true, live: false, unacknowledged: 3 })] })).toBeUndefined();
  });

  it('is not an error for an invitee without the team key whose team doc is refused', () => {
    const invitee = Workspace.open(workspace.workspaceId, person('Ivy').device, []);
    expect(syncProblem(invitee, { connected: true, logs: [log('w/chain'), log('w/team', { blocked: true, live: false })] })).toBeUndefined();
  });
});
