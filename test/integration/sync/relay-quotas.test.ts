// Security review, issue 16 items 3 and 4: abuse of a relay without (or with) keys, each
// performed over real sockets against the relay server with small limits so the test is
// quick. Before the fix every one of these was accepted: records of any size from anyone,
// any number of connections and subscribe frames, and unbounded buffers for clients that
// stop reading.
import { afterEach, describe, expect, it } from 'vitest';
import { chainLogId, joinLogId, teamDocId } from '../../../protocol/doc-ids';
import { workspaceRelayAccess } from '../../../protocol/relay-access';
import { Workspace } from '../../../main/sync/workspace';
import { startRelay, type RunningRelay } from '../../../relay/server';
import type { RelayLimits } from '../../../relay/relay-limits';
import { rawRelayClient, type RawRelayClient } from '../../support/raw-relay-client';
import { person } from '../../unit/sync/chain-helpers';

let relay: RunningRelay | undefined;
const clients: RawRelayClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await relay?.close();
  relay = undefined;
});

async function relayWith(limits: Partial<RelayLimits>): Promise<RunningRelay> {
  relay = await startRelay({ dbPath: ':memory:', port: 0, limits });
  return relay;
}

async function connect(): Promise<RawRelayClient> {
  const c = await rawRelayClient(relay!.url);
  clients.push(c);
  await c.next((m) => m.type === 'challenge');
  return c;
}

function newWorkspace(): Workspace {
  const owner = person('Olivia');
  return Workspace.create(owner.identity, owner.device);
}

const errorCode = (c: RawRelayClient, code: string) => c.next((m) => m.type === 'error' && m.code === code);

describe('relay quotas (security review, issue 16 #3/#4)', () => {
  it('closes connections from one address beyond its limit', async () => {
    await relayWith({ connectionsPerAddress: 2 });
    await connect();
    await connect();
    const third = await rawRelayClient(relay!.url);
    clients.push(third);
    await errorCode(third, 'RELAY_RATE_LIMITED');
    await third.closed();
    expect(relay!.hub.connectionCount).toBe(2);
  });

  it('closes a connection that floods subscribe frames, after its burst', async () => {
    await relayWith({ framesPerSecond: 5, frameBurst: 20 });
    const flooder = await connect();
    const workspaceId = newWorkspace().workspaceId;
    const started = Date.now();
    for (let i = 0; i < 3000; i++) flooder.send({ type: 'subscribe', docId: chainLogId(workspaceId), sinceSeq: 0 });
    await errorCode(flooder, 'RELAY_RATE_LIMITED');
    await flooder.closed();
    // The relay answered the burst, plus what the rate refilled while the flood arrived (on a
    // loaded machine 3,000 frames take seconds to arrive), and nothing after that: far fewer than sent.
    const refilled = Math.ceil(5 * ((Date.now() - started) / 1000));
    const answered = flooder.received.filter((m) => m.type === 'live').length;
    expect(answered).toBeLessThanOrEqual(21 + refilled);
    expect(answered).toBeLessThan(3000);
  });

  it('refuses large frames before authentication: an 8 MiB record to a join mailbox is not stored', async () => {
    await relayWith({});
    const anonymous = await connect();
    const docId = joinLogId(newWorkspace().workspaceId, 'rendezvous');
    anonymous.send({ type: 'publish', id: 1, docId, record: new Uint8Array(8 * 1024 * 1024 - 64).fill(1) });
    await errorCode(anonymous, 'RELAY_AUTH_REQUIRED');
    await anonymous.closed();
    expect(await relay!.hub.store.lastSeq(docId)).toBe(0);
  });

  it('bounds join mailboxes: record size and records per mailbox', async () => {
    await relayWith({ joinRecordBytes: 1024, joinRecordsPerMailbox: 3 });
    const anonymous = await connect();
    const docId = joinLogId(newWorkspace().workspaceId, 'rendezvous');
    anonymous.send({ type: 'publish', id: 1, docId, record: new Uint8Array(2048).fill(1) });
    expect(await anonymous.next((m) => 'id' in m && m.id === 1)).toMatchObject({ type: 'error', code: 'RELAY_QUOTA_EXCEEDED' });
    for (let i = 2; i <= 5; i++) anonymous.send({ type: 'publish', id: i, docId, record: new Uint8Array([i]) });
    expect(await anonymous.next((m) => 'id' in m && m.id === 5)).toMatchObject({ type: 'error', code: 'RELAY_QUOTA_EXCEEDED' });
    expect(await relay!.hub.store.lastSeq(docId)).toBe(3);
  });

  it('bounds the subscriptions of a connection without a key', async () => {
    await relayWith({ unauthenticatedSubscriptions: 2 });
    const anonymous = await connect();
    const ids = [newWorkspace(), newWorkspace(), newWorkspace()].map((w) => chainLogId(w.workspaceId));
    for (const docId of ids) anonymous.send({ type: 'subscribe', docId, sinceSeq: 0 });
    expect(await anonymous.next((m) => m.type === 'error')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('Too many subscriptions') });
    expect(anonymous.received.filter((m) => m.type === 'live')).toHaveLength(2);
  });

  it("refuses records past a workspace's byte quota", async () => {
    await relayWith({ workspaceBytes: 100 * 1024 });
    const workspace = newWorkspace();
    const owner = await connect();
    expect(await owner.auth(workspaceRelayAccess(workspace).credentials()!)).toMatchObject({ type: 'authenticated', access: 'full' });
    for (let i = 1; i <= 4; i++) owner.send({ type: 'publish', id: 10 + i, docId: teamDocId(workspace.workspaceId), record: new Uint8Array(30 * 1024).fill(i) });
    expect(await owner.next((m) => 'id' in m && m.id === 14)).toMatchObject({ type: 'error', code: 'RELAY_QUOTA_EXCEEDED' });
    expect(await relay!.hub.store.lastSeq(teamDocId(workspace.workspaceId))).toBe(3);
  });

  it('limits the workspaces one address introduces, and the devices of one workspace connected at once', async () => {
    await relayWith({ newWorkspacesPerAddressPerHour: 1, connectionsPerWorkspace: 1 });
    const [first, second] = [newWorkspace(), newWorkspace()];
    const a = await connect();
    expect(await a.auth(workspaceRelayAccess(first).credentials()!)).toMatchObject({ type: 'authenticated', access: 'full' });
    expect(await a.auth(workspaceRelayAccess(second).credentials()!, 2)).toMatchObject({ type: 'error', code: 'RELAY_RATE_LIMITED' });
    const b = await connect();
    expect(await b.auth(workspaceRelayAccess(first).credentials()!)).toMatchObject({ type: 'error', code: 'RELAY_RATE_LIMITED' });
  });

  it('disconnects a subscriber that stops reading once its send buffer is full', async () => {
    await relayWith({ sendBufferBytes: 2 * 1024 * 1024 });
    const workspace = newWorkspace();
    const credentials = workspaceRelayAccess(workspace).credentials()!;
    const [writer, reader] = [await connect(), await connect()];
    await writer.auth(credentials);
    await reader.auth(credentials);
    reader.send({ type: 'subscribe', docId: teamDocId(workspace.workspaceId), sinceSeq: 0 });
    await reader.next((m) => m.type === 'live');
    // The reader's process stops reading its socket: the kernel buffers fill, then the relay's.
    (reader.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let i = 1; i <= 64; i++) writer.send({ type: 'publish', id: i, docId: teamDocId(workspace.workspaceId), record: new Uint8Array(512 * 1024).fill(i % 256) });
    await writer.next((m) => 'id' in m && m.id === 64);
    // The relay dropped the reader (it holds no more than the limit for it); the writer stays.
    await new Promise<void>((resolve) => {
      const poll = () => (relay!.hub.connectionCount === 1 ? resolve() : setTimeout(poll, 20));
      poll();
    });
    expect(writer.isClosed()).toBe(false);
  });
});
