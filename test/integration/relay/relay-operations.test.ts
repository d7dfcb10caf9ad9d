// Issue 20, operations: what a relay node shows and how it stops. Over real sockets and a
// throwaway PostgreSQL 15: GET /metrics counts what the node did (appends and their bytes,
// deliveries, refusals by reason, catch-up reads and notify lag from the other node's appends),
// on the relay's port or, with a metrics port, only there; drain() answers /readyz 503
// "draining" at once, refuses new WebSockets, lets the publishes it received finish (each
// stored record's acknowledgement reaches its device) and closes every WebSocket with 1001, and
// the real sync client reconnects (to the other node) and resumes from its last number. The
// relay as a process (relay/cli.ts): --log-format json and text lines from start to stop, no
// store password in them, exit 0 after SIGTERM; a drain stuck on a device that never answers
// the close ends at the drain timeout, or at a second signal, with exit 1.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { teamDocId } from '../../../protocol/doc-ids';
import { workspaceRelayAccess } from '../../../protocol/relay-access';
import { decodeFrame, serverMessageSchema, type ServerMessage } from '../../../protocol/relay-frames';
import { Workspace } from '../../../main/sync/workspace';
import { readAll } from '../../../relay/log-store';
import { PostgresLogStore } from '../../../relay/postgres-log-store';
import { startRelay, type RelayOptions, type RunningRelay } from '../../../relay/server';
import type { PostgresServer } from '../../support/postgres-server';
import { rawRelayClient, type RawRelayClient } from '../../support/raw-relay-client';
import { spawnRelay, type RelayBundle, type RelayProcess } from '../../support/relay-process';
import { openRelayTestBed, type RelayTestBed } from '../../support/relay-test-bed';
import { syncDevice, type SyncDevice } from '../../support/sync-device';
import { person } from '../../unit/sync/chain-helpers';

let server: PostgresServer;
let bundle: RelayBundle;
let dir: string;
let bed: RelayTestBed | undefined;
beforeAll(async () => ({ server, bundle, dir } = bed = await openRelayTestBed('relay-ops')));
afterAll(() => bed?.close());

const running: RunningRelay[] = [];
const clients: RawRelayClient[] = [];
const devices: SyncDevice[] = [];
const processes: RelayProcess[] = [];
afterEach(async () => {
  for (const device of devices.splice(0)) device.stop();
  for (const client of clients.splice(0)) client.close();
  for (const child of processes.splice(0)) child.child.kill('SIGKILL');
  await Promise.all(running.splice(0).map((relay) => relay.close().catch(() => {})));
});

let nodes = 0;
async function node(options: Partial<RelayOptions> = {}): Promise<RunningRelay> {
  const relay = await startRelay({ dbPath: join(dir, `node-${++nodes}.db`), metrics: {}, ...options });
  running.push(relay);
  return relay;
}

const owner = person('Olivia');
const workspace = Workspace.create(owner.identity, owner.device);
const credentials = workspaceRelayAccess(workspace).credentials()!;
const TEAM = teamDocId(workspace.workspaceId);
const bytes = (text: string) => new TextEncoder().encode(text);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

async function connect(url: string, authenticate = true): Promise<RawRelayClient> {
  const client = await rawRelayClient(url);
  clients.push(client);
  if (authenticate) expect(await client.auth(credentials)).toMatchObject({ type: 'authenticated', access: 'full' });
  return client;
}

async function get(url: string): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}
const httpOf = (relay: { url: string }) => relay.url.replace(/^ws:/, 'http:');

/** One sample's value from a scrape (no labels, or `{reason="…"}`). */
function sample(text: string, name: string, reason?: string): number {
  const line = text.split('\n').find((l) => l.startsWith(reason ? `${name}{reason="${reason}"} ` : `${name} `));
  if (!line) throw new Error(`${name} not in the scrape`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}
const scrape = async (relay: RunningRelay) => (await get(`${httpOf(relay)}/metrics`)).body;

describe('GET /metrics', () => {
  it('counts appends, bytes, deliveries and refusals by reason on the relay port', async () => {
    const relay = await node();
    const before = await get(`${httpOf(relay)}/metrics`);
    expect(before.status).toBe(200);
    expect(before.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(sample(before.body, 'tessera_relay_records_appended_total')).toBe(0);

    // Not authenticated: the team doc is refused (auth_required).
    const stranger = await connect(relay.url, false);
    stranger.send({ type: 'publish', id: 1, docId: TEAM, record: bytes('no key') });
    await stranger.next((m) => m.type === 'error' && 'id' in m && m.id === 1);
    // A wrong key: refused (unknown_key).
    const mallory = person('Mallory');
    const forged = { ...workspaceRelayAccess(Workspace.create(mallory.identity, mallory.device)).credentials()!, workspaceId: workspace.workspaceId };
    const wrong = await connect(relay.url, false);
    expect(await wrong.auth(forged)).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });

    const writer = await connect(relay.url);
    const readers = [await connect(relay.url), await connect(relay.url)];
    for (const reader of readers) {
      reader.send({ type: 'subscribe', docId: TEAM, sinceSeq: 0 });
      await reader.next((m) => m.type === 'live');
    }
    for (const [i, text] of ['alpha', 'beta', 'gamma'].entries()) writer.send({ type: 'publish', id: 10 + i, docId: TEAM, record: bytes(text) });
    // A resent record is a duplicate: acknowledged, not appended again.
    writer.send({ type: 'publish', id: 13, docId: TEAM, record: bytes('alpha') });
    await writer.next((m) => m.type === 'published' && m.id === 13);
    for (const reader of readers) await reader.next((m) => m.type === 'record' && m.seq === 3);
    // A late subscriber's backlog counts as delivered too.
    const late = await connect(relay.url);
    late.send({ type: 'subscribe', docId: TEAM, sinceSeq: 1 });
    await late.next((m) => m.type === 'record' && m.seq === 3);

    const after = await scrape(relay);
    expect(sample(after, 'tessera_relay_records_appended_total')).toBe(3);
    expect(sample(after, 'tessera_relay_record_bytes_appended_total')).toBe('alphabetagamma'.length);
    expect(sample(after, 'tessera_relay_records_delivered_total')).toBe(3 * 2 + 2);
    expect(sample(after, 'tessera_relay_auth_refusals_total', 'auth_required')).toBe(1);
    expect(sample(after, 'tessera_relay_auth_refusals_total', 'unknown_key')).toBe(1);
    expect(sample(after, 'tessera_relay_open_connections')).toBe(6);
    // No workspace id, doc id or address in a scrape.
    expect(after).not.toContain(workspace.workspaceId);
    expect(after).not.toContain('127.0.0.1');
  });

  it('counts quota and rate refusals by reason', async () => {
    const relay = await node({ limits: { workspaceBytes: 10, frameBurst: 5, framesPerSecond: 1 } });
    const writer = await connect(relay.url);
    writer.send({ type: 'publish', id: 1, docId: TEAM, record: bytes('more than ten bytes') });
    expect(await writer.next((m) => m.type === 'error' && 'id' in m && m.id === 1)).toMatchObject({ code: 'RELAY_QUOTA_EXCEEDED' });
    const flood = await connect(relay.url, false);
    for (let i = 0; i < 10; i++) flood.send({ type: 'unsubscribe', docId: TEAM });
    await flood.closed();
    const text = await scrape(relay);
    expect(sample(text, 'tessera_relay_limit_refusals_total', 'workspace_quota')).toBe(1);
    expect(sample(text, 'tessera_relay_limit_refusals_total', 'frame_rate')).toBe(1);
    expect(sample(text, 'tessera_relay_records_appended_total')).toBe(0);
  });

  it('with a metrics port, serves /metrics only there, on loopback', async () => {
    const relay = await node({ metrics: { port: 0 } });
    expect(relay.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await get(`${httpOf(relay)}/metrics`)).status).toBe(404);
    const own = await get(relay.metricsUrl!);
    expect(own.status).toBe(200);
    expect(own.body).toContain('# TYPE tessera_relay_open_connections gauge');
    expect((await get(relay.metricsUrl!.replace('/metrics', '/readyz'))).status).toBe(404);
  });

  it('counts catch-up reads and notify lag on the node that receives another node\'s appends', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await node({ store: url }), await node({ store: url })];
    const writer = await connect(a.url);
    const reader = await connect(b.url);
    reader.send({ type: 'subscribe', docId: TEAM, sinceSeq: 0 });
    await reader.next((m) => m.type === 'live');
    for (const i of oneTo(5)) {
      writer.send({ type: 'publish', id: i, docId: TEAM, record: bytes(`record ${i}`) });
      await reader.next((m) => m.type === 'record' && m.seq === i);
    }
    const onB = await scrape(b);
    expect(sample(onB, 'tessera_relay_records_appended_total')).toBe(0);
    expect(sample(onB, 'tessera_relay_records_delivered_total')).toBe(5);
    expect(sample(onB, 'tessera_relay_catch_up_reads_total')).toBeGreaterThanOrEqual(1);
    expect(sample(onB, 'tessera_relay_notify_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(onB, 'tessera_relay_notify_lag_seconds_bucket{le="+Inf"}')).toBe(sample(onB, 'tessera_relay_notify_lag_seconds_count'));
    const onA = await scrape(a);
    expect(sample(onA, 'tessera_relay_records_appended_total')).toBe(5);
    expect(sample(onA, 'tessera_relay_record_bytes_appended_total')).toBe(5 * 'record 1'.length);
    // A's own appends, notified back to it, are no lag: nothing was waiting for them.
    expect(sample(onA, 'tessera_relay_notify_lag_seconds_count')).toBe(0);
  });
});

describe('behind a load balancer', () => {
  /** A connection claiming to be from `forwardedFor`; resolves with the relay's first message (a challenge, or why it is refused). */
  async function firstMessage(url: string, forwardedFor: string): Promise<ServerMessage> {
    const socket = new WebSocket(url, { headers: { 'x-forwarded-for': forwardedFor } });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('message', (data: Buffer) => resolve(decodeFrame(serverMessageSchema, new Uint8Array(data))!));
      socket.once('error', reject);
    });
  }
  const sockets: WebSocket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.terminate();
  });

  it('counts per-address limits by X-Forwarded-For only from a trusted proxy, and refuses by reason past them', async () => {
    const limits = { connectionsPerAddress: 2 };
    const trusting = await node({ limits, trustedProxies: ['127.0.0.1'] });
    // Three devices behind the balancer: three addresses (the last entry is the one the balancer appended).
    for (const address of ['203.0.113.1', '203.0.113.2', 'spoofed, 203.0.113.3']) expect((await firstMessage(trusting.url, address)).type).toBe('challenge');
    // Two more from one device: its third connection is refused.
    expect((await firstMessage(trusting.url, '203.0.113.1')).type).toBe('challenge');
    expect(await firstMessage(trusting.url, '203.0.113.1')).toMatchObject({ type: 'error', code: 'RELAY_RATE_LIMITED' });
    expect(sample(await scrape(trusting), 'tessera_relay_limit_refusals_total', 'connections_per_address')).toBe(1);

    // A relay that trusts no proxy ignores the header: every connection here is 127.0.0.1.
    const plain = await node({ limits });
    expect((await firstMessage(plain.url, '203.0.113.1')).type).toBe('challenge');
    expect((await firstMessage(plain.url, '203.0.113.2')).type).toBe('challenge');
    expect(await firstMessage(plain.url, '203.0.113.3')).toMatchObject({ type: 'error', code: 'RELAY_RATE_LIMITED' });
  });
});

describe('drain', () => {
  it('answers /readyz 503 at once, refuses new devices, finishes what it received, then closes with 1001', async () => {
    const url = await server.createDatabase();
    const relay = await node({ store: url });
    const writer = await connect(relay.url);
    const closeCode = new Promise<number>((resolve) => writer.socket.once('close', (code: number) => resolve(code)));
    for (const i of oneTo(200)) writer.send({ type: 'publish', id: i, docId: TEAM, record: bytes(`in flight ${i}`) });
    await writer.next((m) => m.type === 'published');
    const drained = relay.drain();
    expect(await get(`${httpOf(relay)}/readyz`)).toMatchObject({ status: 503, body: 'not ready: draining' });
    expect(await get(`${httpOf(relay)}/healthz`)).toMatchObject({ status: 200 });
    await expect(rawRelayClient(relay.url)).rejects.toThrow(/503/);
    await drained;
    expect(await closeCode).toBe(1001);
    // Every record the node stored had its acknowledgement delivered before the close, in order.
    const acks = writer.received.filter((m): m is Extract<ServerMessage, { type: 'published' }> => m.type === 'published');
    const store = await PostgresLogStore.open(url);
    try {
      const stored = await readAll(store, TEAM);
      expect(stored.length).toBeGreaterThan(0);
      expect(acks.map((a) => a.seq)).toEqual(oneTo(stored.length));
      expect(acks.map((a) => a.id)).toEqual(oneTo(stored.length));
    } finally {
      await store.close();
    }
  });

  it('moves the sync client to the other node on 1001: it reconnects and resumes from its last number', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await node({ store: url }), await node({ store: url })];
    const device = syncDevice([a.url, b.url], workspace, TEAM);
    const writer = syncDevice([b.url], workspace, TEAM);
    devices.push(device, writer);
    await Promise.all([device.client.idle(), writer.client.idle()]);
    for (const i of oneTo(5)) writer.publish(`before ${i}`);
    await expect.poll(() => device.lastSeq()).toBe(5);
    expect(device.connections()).toBe(1);
    expect(sample(await scrape(a), 'tessera_relay_open_connections')).toBe(1);

    // Published while A drains, and from the moved device itself after it moved.
    const draining = a.drain();
    for (const i of oneTo(5)) writer.publish(`during ${i}`);
    await draining;
    await a.close();
    device.publish('moved');
    for (const i of oneTo(5)) writer.publish(`after ${i}`);
    await expect.poll(() => device.lastSeq()).toBe(16);
    await device.client.idle();
    expect(device.connections()).toBe(2);
    expect(sample(await scrape(b), 'tessera_relay_open_connections')).toBe(2);
    // Every number once, in order, across both connections: it resubscribed from 5 (or later), not from 0.
    expect(device.delivered).toEqual(oneTo(16));
    expect(device.applied.filter((t) => t !== 'moved')).toEqual(['before', 'during', 'after'].flatMap((when) => oneTo(5).map((i) => `${when} ${i}`)));
    expect(device.applied.filter((t) => t === 'moved')).toHaveLength(1);
  });
});

describe('the relay process: logs and signals', () => {
  const lines = (relay: RelayProcess) => relay.stderr().split('\n').filter(Boolean);

  it('logs JSON events from start to stop, without the store password, and exits 0 on SIGTERM after draining', async () => {
    const url = (await server.createDatabase()).replace('postgres@', 'postgres:hunter2-secret@');
    const relay = await spawnRelay(bundle, join(dir, 'json.db'), ['--store', url, '--log-format', 'json', '--access-log']);
    processes.push(relay);
    const device = await connect(relay.url);
    const closed = new Promise<number>((resolve) => device.socket.once('close', (code: number) => resolve(code)));
    expect((await get(`${httpOf(relay)}/l/abcdefghijkl/info`)).status).toBeGreaterThanOrEqual(400);
    expect((await get(`${httpOf(relay)}/metrics`)).status).toBe(200);
    expect(await relay.stop()).toBe(0);
    expect(await closed).toBe(1001);
    const events = lines(relay).map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const event of events) {
      expect(Object.keys(event).slice(0, 3)).toEqual(['time', 'level', 'event']);
      expect(new Date(event['time'] as string).toISOString()).toBe(event['time']);
    }
    expect(events.map((e) => e['event'])).toEqual(['listening', 'http_request', 'draining', 'drained', 'stopped']);
    expect(events[0]).toMatchObject({ level: 'info', url: relay.url, storage: expect.stringContaining('postgres://postgres:***@') });
    expect(events[1]).toMatchObject({ method: 'GET', status: expect.any(Number) });
    expect(events[2]).toMatchObject({ signal: 'SIGTERM', connections: 1 });
    expect(relay.stderr()).not.toContain('hunter2-secret');
    expect(relay.stderr()).not.toContain('abcdefghijkl');
  });

  it('logs text lines with --log-format text', async () => {
    const relay = await spawnRelay(bundle, join(dir, 'text.db'), ['--log-format', 'text']);
    processes.push(relay);
    expect(await relay.stop()).toBe(0);
    const text = lines(relay);
    expect(text[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z info listening url=ws:\/\/127\.0\.0\.1:\d+ storage=\S+ metrics=http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(text.slice(1).map((l) => l.split(' ').slice(1, 3).join(' '))).toEqual(['info draining', 'info drained', 'info stopped']);
  });

  it('gives up a stuck drain at --drain-timeout, and at once on a second signal, with exit 1', async () => {
    for (const how of ['timeout', 'second signal'] as const) {
      const relay = await spawnRelay(bundle, join(dir, `stuck-${how.replace(' ', '-')}.db`), ['--log-format', 'json', '--drain-timeout', how === 'timeout' ? '1' : '60']);
      processes.push(relay);
      // A device that stops reading never answers the close: the drain waits for it.
      const stuck = await connect(relay.url);
      (stuck.socket as unknown as { _socket: { pause(): void } })._socket.pause();
      const exited = new Promise<number | null>((resolve) => relay.child.once('exit', (code) => resolve(code)));
      relay.child.kill('SIGTERM');
      await expect.poll(() => lines(relay).some((l) => l.includes('"event":"draining"'))).toBe(true);
      if (how === 'second signal') relay.child.kill('SIGINT');
      expect(await exited).toBe(1);
      const last = JSON.parse(lines(relay).at(-1)!) as Record<string, unknown>;
      expect(last).toMatchObject({ level: 'error', event: 'stop_forced', why: how === 'timeout' ? 'drain took longer than 1 s' : 'second signal (SIGINT)' });
    }
  });
});
