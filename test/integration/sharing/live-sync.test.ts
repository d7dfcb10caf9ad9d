// The app's live sync controller against a real relay on 127.0.0.1: a workspace goes online
// on creation, shows "offline" with a stable code when the relay stops, keeps a change made
// meanwhile as pending outgoing and sends it once the relay is back (same port, same
// database); locking stops sync and drops the workspace, unlocking resumes it. Also the key
// change warning: a member presenting a different identity key (simulated by offering one to
// the pin store) is listed with the new fingerprint until confirmed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Services } from '../../../main/services';
import { openChannelHarness, type ChannelHarness } from '../../support/channel-harness';
import { createIdentity, fingerprint } from '../../../main/sync';
import { toBase64Url } from '../../../protocol/canonical-encoding';
import { readAll } from '../../../relay/log-store';
import { startRelay, type RunningRelay } from '../../../relay/server';
import type { MemberView, WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';

describe('live sync in the app', () => {
  let h: ChannelHarness;
  let dir: string;
  let services: Services;
  let relay: RunningRelay;
  const events = () => h.emitted.filter(([event]) => event === 'sharing.status').map(([, payload]) => payload as WorkspaceSyncStatus);
  const value = <T,>(channel: string, input: unknown = {}) => h.value<T>(channel, input);
  const status = async () => (await value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0];

  beforeAll(async () => {
    h = openChannelHarness({ name: 'live-sync', relayHost: '127.0.0.1' });
    ({ dir, services } = h);
    relay = await startRelay({ dbPath: join(dir, 'relay.db'), host: '127.0.0.1', port: 0 });
    await value('vault.create', { password: 'master-password-1' });
  });

  afterAll(async () => {
    await relay?.close();
    await h?.close();
  });

  it('goes offline and back, sends what was changed meanwhile, stops on lock and resumes on unlock', async () => {
    const { id } = await value<{ id: string }>('accounts.create', { name: 'Acme', password: 'pw-1' });
    const { workspaceId } = await value<{ workspaceId: string }>('sharing.create', { name: 'Ops', relayUrl: relay.url });
    await expect.poll(async () => (await status())?.state).toBe('online');
    const { memberId } = (await value<{ identity: { memberId: string } }>('sharing.status')).identity;

    const port = relay.port;
    await relay.close();
    await expect.poll(async () => (await status())?.state).toBe('offline');
    expect((await status())?.error).toMatchObject({ code: 'RELAY_UNAVAILABLE' });
    expect(events().some((e) => e.workspaceId === workspaceId && e.state === 'offline')).toBe(true);

    // Sharing while offline: the new account doc waits as pending outgoing.
    await value('sharing.share', { workspaceId, accountId: id, principal: `member:${memberId}`, role: 'owner' });
    expect((await status())?.pendingOutgoing).toBeGreaterThan(0);

    relay = await startRelay({ dbPath: join(dir, 'relay.db'), host: '127.0.0.1', port });
    await expect.poll(async () => await status(), { timeout: 10_000 }).toMatchObject({ state: 'online', pendingOutgoing: 0 });
    const docId = services.sync.get(workspaceId).peer.accounts()[0]!.docId;
    expect((await readAll(relay.hub.store, docId)).length).toBeGreaterThan(0);
    await expect.poll(() => services.sync.status()[0]?.lastSyncAt ?? null).not.toBeNull();

    await value('vault.lock');
    expect(services.sync.workspaces()).toEqual([]);
    await value('vault.unlock', { password: 'master-password-1' });
    await expect.poll(async () => (await status())?.state).toBe('online');
    expect(services.sync.get(workspaceId).peer.accounts().map((d) => d.docId)).toEqual([docId]);
  });

  it('lists a member whose identity key changed with the new fingerprint until a person confirms it (key change simulated at the pin store)', async () => {
    const workspaceId = services.sync.status()[0]!.workspaceId;
    const live = services.sync.get(workspaceId);
    const me = live.identity.memberId;
    const changed = createIdentity();
    const other = toBase64Url(changed.publicKey);
    live.peer.pins.check(me, toBase64Url(live.identity.publicKey));
    expect(() => live.peer.pins.check(me, other)).toThrow(/changed/);
    const members = (await value<{ members: MemberView[] }>('sharing.members', { workspaceId })).members;
    expect(members[0]).toMatchObject({ memberId: me, fingerprint: fingerprint(live.identity.publicKey), changedKeyFingerprint: fingerprint(changed.publicKey) });
    expect((await status())?.keyChanges).toEqual([me]);
    await value('sharing.confirmKey', { workspaceId, memberId: me });
    expect((await value<{ members: MemberView[] }>('sharing.members', { workspaceId })).members[0]?.changedKeyFingerprint).toBeNull();
    expect((await status())?.keyChanges).toEqual([]);
  });
});
