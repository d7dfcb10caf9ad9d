// Issue 20, phase 2: several relay nodes on one PostgreSQL. Two relay servers (in this process,
// each with its own pool, LISTEN connection and WebSocket port on loopback) share one database
// of a throwaway PostgreSQL 15. Devices connected to either node see every record of a doc
// exactly once, in order, whoever published it and on which node: with publishers on both nodes
// at once; when a node's LISTEN connection is terminated mid-stream (the catch-up read after it
// reconnects delivers what was committed meanwhile: without it that test fails); when a node
// closes and its devices move to the other one, resubscribing from their last number and
// resending what was not acknowledged; and a key change (a new epoch) written through one node
// is enforced on the other at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chainLogId, teamDocId } from '../../../protocol/doc-ids';
import { workspaceRelayAccess, type RelayCredentials } from '../../../protocol/relay-access';
import type { ServerMessage } from '../../../protocol/relay-frames';
import { chainRecord } from '../../../protocol/team-chain';
import { Workspace } from '../../../main/sync/workspace';
import { startRelay, type RelayOptions, type RunningRelay } from '../../../relay/server';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';
import { allDelivered, checkDelivery } from '../../support/delivery-check';
import { rawRelayClient, type RawRelayClient } from '../../support/raw-relay-client';
import { SimulatedDevice } from '../../support/simulated-device';
import { person, team } from '../../unit/sync/chain-helpers';

let server: PostgresServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-relay-nodes-'));
  server = await startPostgres();
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const running: RunningRelay[] = [];
const clients: RawRelayClient[] = [];
const devices: SimulatedDevice[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const d of devices.splice(0)) d.stop();
  await Promise.all(running.splice(0).map((relay) => relay.close().catch(() => {})));
});

let nodes = 0;
/** A relay node on the shared database (its share links and SCIM state in a SQLite file of its own). */
async function node(url: string, notify: RelayOptions['notify'] = {}): Promise<RunningRelay> {
  const relay = await startRelay({ dbPath: join(dir, `node-${++nodes}.db`), store: url, notify });
  running.push(relay);
  return relay;
}

async function connect(url: string, credentials: RelayCredentials): Promise<RawRelayClient> {
  const client = await rawRelayClient(url);
  clients.push(client);
  expect(await client.auth(credentials)).toMatchObject({ type: 'authenticated', access: 'full' });
  return client;
}

const owner = person('Olivia');
const workspace = Workspace.create(owner.identity, owner.device);
const credentials = workspaceRelayAccess(workspace).credentials()!;
const TEAM = teamDocId(workspace.workspaceId);
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (record: Uint8Array) => new TextDecoder().decode(record);

type RecordMessage = Extract<ServerMessage, { type: 'record' }>;
const recordsOf = (client: RawRelayClient, docId = TEAM) => client.received.filter((m): m is RecordMessage => m.type === 'record' && m.docId === docId);
const seqs = (records: readonly { seq: number }[]) => records.map((r) => r.seq);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

async function subscribe(client: RawRelayClient, docId = TEAM, sinceSeq = 0): Promise<void> {
  const from = client.received.length;
  client.send({ type: 'subscribe', docId, sinceSeq });
  await client.next((m) => 'docId' in m && m.docId === docId && (m.type === 'live' || ('live' in m && m.live === true)), from);
}

/** Publishes without waiting in between, then waits for every acknowledgement: id → seq. */
async function publishAll(client: RawRelayClient, records: { id: number; text: string }[]): Promise<Map<number, number>> {
  const from = client.received.length;
  const ids = new Set(records.map((r) => r.id));
  for (const { id, text: t } of records) client.send({ type: 'publish', id, docId: TEAM, record: bytes(t) });
  const acks = new Map<number, number>();
  await client.next(() => {
    for (const m of client.received.slice(from)) if (m.type === 'published' && ids.has(m.id)) acks.set(m.id, m.seq);
    return acks.size === records.length;
  });
  return acks;
}

async function probe(relay: RunningRelay, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${relay.port}${path}`);
  return { status: response.status, body: await response.text() };
}

/** The backend pids of every node's LISTEN connection. */
async function listenerPids(url: string): Promise<number[]> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'tessera-relay-listen'");
    return rows.map((r) => r.pid);
  } finally {
    await admin.end();
  }
}

async function terminate(url: string, pids: number[]): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    for (const pid of pids) await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

describe('several relay nodes on one PostgreSQL', () => {
  it('delivers every record of a doc published on either node to every subscriber on either node, once each, in order', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await node(url), await node(url)];
    const publishers = [await connect(a.url, credentials), await connect(a.url, credentials), await connect(b.url, credentials), await connect(b.url, credentials)];
    const subscribers = [await connect(a.url, credentials), await connect(a.url, credentials), await connect(b.url, credentials), await connect(b.url, credentials)];
    for (const s of subscribers) await subscribe(s);
    const perPublisher = 60;
    const late = [await connect(a.url, credentials), await connect(b.url, credentials)];
    const work = publishers.map((p, k) => publishAll(p, Array.from({ length: perPublisher }, (_, i) => ({ id: 100 + i, text: `publisher ${k} record ${i}` }))));
    // Two more subscribers arrive mid-stream, one per node, from the start of the log.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all(late.map((s) => subscribe(s)));
    const acks = await Promise.all(work);

    const total = publishers.length * perPublisher;
    const textOf = new Map<number, string>();
    for (const [k, list] of acks.entries()) for (const [id, seq] of list) textOf.set(seq, `publisher ${k} record ${id - 100}`);
    expect([...textOf.keys()].sort((x, y) => x - y)).toEqual(oneTo(total));
    // Each publisher's records numbered in the order it sent them.
    for (const list of acks) expect([...list.values()]).toEqual([...list.values()].sort((x, y) => x - y));
    for (const s of [...subscribers, ...late]) {
      await expect.poll(() => recordsOf(s).length).toBeGreaterThanOrEqual(total);
      expect(seqs(recordsOf(s))).toEqual(oneTo(total));
      for (const r of recordsOf(s)) expect(text(r.record)).toBe(textOf.get(r.seq));
      expect(s.received.filter((m) => m.type === 'error')).toEqual([]);
    }
    // Nothing more comes afterwards (no record delivered twice by a late notification).
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const s of [...subscribers, ...late]) expect(recordsOf(s)).toHaveLength(total);
  });

  it('catches up after its LISTEN connection is terminated: what was committed meanwhile reaches its subscribers', async () => {
    const url = await server.createDatabase();
    const states: string[] = [];
    const a = await node(url);
    // B waits a while before listening again: everything below is published while it hears nothing.
    const b = await node(url, { reconnectDelayMs: 1_500, onState: (state) => states.push(state) });
    const writer = await connect(a.url, credentials);
    const reader = await connect(b.url, credentials);
    await subscribe(reader);
    await publishAll(writer, [1, 2, 3].map((i) => ({ id: i, text: `before ${i}` })));
    await expect.poll(() => recordsOf(reader).length).toBe(3);

    await terminate(url, await listenerPids(url));
    await expect.poll(() => states).toContain('disconnected');
    expect(b.notifications?.listening).toBe(false);
    // Not ready while it hears nothing from the other nodes; alive all the same.
    expect(await probe(b, '/readyz')).toEqual({ status: 503, body: "not ready: not listening for other nodes' appends" });
    expect(await probe(b, '/healthz')).toEqual({ status: 200, body: 'ok' });
    await publishAll(writer, oneTo(10).map((i) => ({ id: 10 + i, text: `meanwhile ${i}` })));
    // Listening again, and no new append to notify: only the catch-up read can deliver them.
    await expect.poll(() => states.at(-1)).toBe('listening');
    expect(await probe(b, '/readyz')).toEqual({ status: 200, body: 'ready' });
    await expect.poll(() => recordsOf(reader).length).toBe(13);
    expect(seqs(recordsOf(reader))).toEqual(oneTo(13));
    expect(recordsOf(reader).slice(3).map((r) => text(r.record))).toEqual(oneTo(10).map((i) => `meanwhile ${i}`));

    // And live delivery goes on over the new connection.
    await publishAll(writer, [{ id: 30, text: 'after' }]);
    await expect.poll(() => recordsOf(reader).length).toBe(14);
    expect(seqs(recordsOf(reader))).toEqual(oneTo(14));
  });

  it("moves a closed node's devices to the other node: resubscribing from their last number and resending, nothing is lost or repeated", async () => {
    const url = await server.createDatabase();
    const [a, b] = [await node(url), await node(url)];
    const perPublisher = 80;
    const publishers = [device([a.url, b.url], 'pa', []), device([b.url, a.url], 'pb', [])];
    const readers = [device([a.url, b.url], 'ra'), device([b.url, a.url], 'rb')];
    await Promise.all([...publishers, ...readers].map((d) => d.ready));
    await Promise.all(readers.map((r) => r.whenLive()));
    const sending = publishers.map((p) => publishSlowly(p, perPublisher));
    // Mid-stream, node A goes away: its devices reconnect to B.
    await expect.poll(() => readers[1]!.received.get(TEAM)!.length).toBeGreaterThanOrEqual(40);
    await a.close();
    await Promise.all(sending);
    await Promise.all(publishers.map((p) => p.whenAcknowledged()));
    await expect.poll(() => allDelivered(devices)).toBe(true);
    expect(checkDelivery(devices)).toMatchObject({ published: 2 * perPublisher, delivered: 2 * 2 * perPublisher, lost: 0, duplicated: 0, reordered: 0, mismatched: 0, errors: 0 });
    // Both of A's devices did move.
    expect(publishers[0]!.connections).toBeGreaterThan(1);
    expect(readers[0]!.connections).toBeGreaterThan(1);
  });

  it('enforces on node B a key change written through node A: connections on the old key keep only the chain', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await node(url), await node(url)];
    const olivia = person('Olivia');
    const gus = person('Gus');
    const replicas = team(olivia, [[gus, 'guest']]);
    const ownerView = replicas.get('Olivia')!;
    const ws = ownerView.workspaceId;
    const guestView = Workspace.open(ws, gus.device, ownerView.entries());
    const oldKey = workspaceRelayAccess(guestView).credentials()!;
    const admin = await connect(a.url, workspaceRelayAccess(ownerView).credentials()!);
    const old = await connect(b.url, oldKey);
    await subscribe(old, teamDocId(ws));
    await subscribe(old, chainLogId(ws));
    for (const entry of ownerView.entries().filter((e) => e.counter > 0)) admin.send({ type: 'publish', id: 50, docId: chainLogId(ws), record: chainRecord(entry) });
    // The Owner removes the guest through node A: a new epoch with a new key.
    const removal = ownerView.removeMember(gus.identity.memberId);
    admin.send({ type: 'publish', id: 51, docId: chainLogId(ws), record: chainRecord(removal) });
    await admin.next((m) => m.type === 'published' && m.id === 51);

    // Node B tells the connection on the old key at once, and holds it to the chain.
    await expect.poll(() => old.received.some((m) => m.type === 'error' && m.code === 'RELAY_AUTH_STALE')).toBe(true);
    const from = old.received.length;
    old.send({ type: 'publish', id: 60, docId: teamDocId(ws), record: bytes('from the removed guest') });
    expect(await old.next((m) => m.type === 'error' && 'id' in m && m.id === 60, from)).toMatchObject({ code: 'RELAY_AUTH_STALE' });
    // A member on the new key, on node B, has full access; what it publishes does not reach the old connection but the chain does.
    const member = await connect(b.url, workspaceRelayAccess(ownerView).credentials()!);
    member.send({ type: 'publish', id: 70, docId: teamDocId(ws), record: bytes('new epoch') });
    await member.next((m) => m.type === 'published' && m.id === 70);
    // The admin's own connection (on A) was on the old key too: a new one on A writes the next chain record.
    const next = await connect(a.url, workspaceRelayAccess(ownerView).credentials()!);
    next.send({ type: 'publish', id: 71, docId: chainLogId(ws), record: bytes('a later chain record') });
    await expect.poll(() => recordsOf(old, chainLogId(ws)).some((r) => text(r.record) === 'a later chain record')).toBe(true);
    expect(recordsOf(old, teamDocId(ws))).toEqual([]);
    // The old key, authenticating again on B, gets the chain only.
    const again = await rawRelayClient(b.url);
    clients.push(again);
    expect(await again.auth(oldKey)).toMatchObject({ type: 'authenticated', access: 'chain' });
  });
});

describe('health and readiness', () => {
  it('answers /healthz while alive and /readyz 200 only while its store answers', async () => {
    const sqlite = await startRelay({ dbPath: ':memory:' });
    running.push(sqlite);
    expect(await probe(sqlite, '/readyz')).toEqual({ status: 200, body: 'ready' });
    expect(await probe(sqlite, '/healthz')).toEqual({ status: 200, body: 'ok' });

    const url = await server.createDatabase();
    const relay = await node(url, { reconnectDelayMs: 100 });
    expect(await probe(relay, '/readyz')).toEqual({ status: 200, body: 'ready' });
    // The database goes away (its connections with it): not ready, though alive.
    const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE ${pg.escapeIdentifier(new URL(url).pathname.slice(1))} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    expect((await probe(relay, '/readyz')).status).toBe(503);
    expect(await probe(relay, '/healthz')).toEqual({ status: 200, body: 'ok' });
  });
});

/** A simulated device of the workspace (simulated-device.ts), subscribed to the team doc unless told otherwise. */
function device(urls: string[], name: string, docs = [TEAM]): SimulatedDevice {
  const d = new SimulatedDevice({ name, urls, credentials, docs });
  devices.push(d);
  return d;
}

/** One record every few milliseconds to the team doc. */
async function publishSlowly(d: SimulatedDevice, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    d.publish(TEAM);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
