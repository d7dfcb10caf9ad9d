// Issue 20, phase 1: the relay hub over both log stores (SQLite and a real PostgreSQL), now that
// store calls are asynchronous. Publishes to one doc from two connections at once, with nothing
// waited for in between, get consecutive numbers, each connection's answers come in the order
// it asked, and every subscriber (one there from the start, one arriving mid-stream) receives
// each record once, in order; devices pinning a new workspace at the same moment all get in. Then the relay as deployed: the bundled `relay/cli.ts` process
// with `--store postgres://…`, a publish and subscribe round trip over WebSockets, the records in
// PostgreSQL; and a store it cannot reach stops it with a stable code and no password.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamDocId } from '../../../protocol/doc-ids';
import { authMessage, workspaceRelayAccess } from '../../../protocol/relay-access';
import { decodeFrame, encodeFrame, serverMessageSchema, type ClientMessage, type ServerMessage } from '../../../protocol/relay-frames';
import { Workspace } from '../../../main/sync/workspace';
import { readAll, type RelayLogStore } from '../../../relay/log-store';
import { PostgresLogStore } from '../../../relay/postgres-log-store';
import { RelayHub } from '../../../relay/relay-hub';
import { SqliteLogStore } from '../../../relay/sqlite-log-store';
import type { PostgresServer } from '../../support/postgres-server';
import { rawRelayClient } from '../../support/raw-relay-client';
import { spawnRelay, type RelayBundle } from '../../support/relay-process';
import { openRelayTestBed, type RelayTestBed } from '../../support/relay-test-bed';
import { person } from '../../unit/sync/chain-helpers';

let server: PostgresServer;
let bundle: RelayBundle;
let dir: string;
let bed: RelayTestBed | undefined;
beforeAll(async () => ({ server, bundle, dir } = bed = await openRelayTestBed('relay-on-store')));
afterAll(() => bed?.close());

const owner = person('Olivia');
const workspace = Workspace.create(owner.identity, owner.device);
const credentials = workspaceRelayAccess(workspace).credentials()!;
const TEAM = teamDocId(workspace.workspaceId);
const bytes = (text: string) => new TextEncoder().encode(text);

/** An in-process connection that proved the workspace key. */
async function member(hub: RelayHub) {
  const received: ServerMessage[] = [];
  const connection = hub.connect((frame) => received.push(decodeFrame(serverMessageSchema, frame)!));
  const send = (message: ClientMessage) => connection.receive(encodeFrame(message));
  const challenge = received.shift() as { nonce: string };
  send(authMessage(credentials, challenge.nonce, 0));
  await hub.idle();
  expect(received.splice(0)[0]).toMatchObject({ type: 'authenticated', access: 'full' });
  return { received, send };
}

/**
 * The same store answering each call after a random pause (as a loaded database does), so
 * answers to concurrent calls come back in any order: what the hub's ordering must withstand.
 */
function jittery(store: RelayLogStore): RelayLogStore {
  const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
  const late = <A extends unknown[], T>(call: (...args: A) => Promise<T>) => async (...args: A) => {
    const result = await call(...args);
    await pause();
    return result;
  };
  return {
    append: late((docId, record) => store.append(docId, record)),
    readSince: async function* (docId, sinceSeq) {
      await pause();
      for await (const record of store.readSince(docId, sinceSeq)) yield record;
    },
    lastSeq: late((docId) => store.lastSeq(docId)),
    workspaceBytes: late((workspaceId) => store.workspaceBytes(workspaceId)),
    putSnapshot: late((docId, seq, data) => store.putSnapshot(docId, seq, data)),
    getSnapshot: late((docId) => store.getSnapshot(docId)),
    close: () => store.close(),
  };
}

let opened = 0;
const stores: [string, () => Promise<RelayLogStore>][] = [
  ['sqlite', async () => new SqliteLogStore(join(dir, `hub-${++opened}.db`))],
  ['postgres', async () => PostgresLogStore.open(await server.createDatabase())],
];

describe.each(stores)('relay hub on the %s store', (_name, open) => {
  it.each([
    ['as it answers', (store: RelayLogStore) => store],
    ['answering after random pauses', jittery],
  ])('numbers concurrent publishes to one doc consecutively and delivers them to every subscriber once, in order (%s)', async (_how, wrap) => {
    const store = wrap(await open());
    try {
      const hub = new RelayHub(store);
      const writers = [await member(hub), await member(hub)];
      const [early, late] = [await member(hub), await member(hub)];
      early.send({ type: 'subscribe', docId: TEAM, sinceSeq: 0 });
      await hub.idle();
      const count = 80;
      for (let i = 0; i < count; i++) {
        writers[i % 2]!.send({ type: 'publish', id: i, docId: TEAM, record: bytes(`record ${i}`) });
        if (i === count / 2) late.send({ type: 'subscribe', docId: TEAM, sinceSeq: 0 });
      }
      await hub.idle();

      const acks = writers.map((w) => w.received.filter((m) => m.type === 'published') as Extract<ServerMessage, { type: 'published' }>[]);
      // Each connection's answers in the order it asked; its own records numbered in that order.
      for (const [w, list] of acks.entries()) {
        expect(list.map((a) => a.id)).toEqual(Array.from({ length: count / 2 }, (_, k) => 2 * k + w));
        expect(list.map((a) => a.seq)).toEqual([...list.map((a) => a.seq)].sort((a, b) => a - b));
      }
      const numbers = acks.flat().map((a) => a.seq).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      const recordOf = new Map(acks.flat().map((a) => [a.seq, bytes(`record ${a.id}`)]));

      for (const subscriber of [early, late]) {
        const records = subscriber.received.filter((m) => m.type === 'record') as Extract<ServerMessage, { type: 'record' }>[];
        expect(records.map((r) => r.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
        for (const r of records) expect(r.record).toEqual(recordOf.get(r.seq));
        expect(subscriber.received.filter((m) => m.type === 'error')).toEqual([]);
      }
      expect(early.received[0]).toEqual({ type: 'live', docId: TEAM, seq: 0 });
      // The late subscriber's backlog ends with `live` on one record; everything after it came live.
      expect(late.received.filter((m) => 'live' in m && m.live)).toHaveLength(1);
      expect((await readAll(store, TEAM)).map((r) => r.record)).toEqual(numbers.map((n) => recordOf.get(n)));
    } finally {
      await store.close();
    }
  });
});

describe.each(stores)('relay hub on the %s store, a new workspace', (_name, open) => {
  it.each([
    ['as it answers', (store: RelayLogStore) => store],
    ['answering after random pauses', jittery],
  ])('admits every device that authenticates with its creation entry at the same moment (%s)', async (_how, wrap) => {
    const store = wrap(await open());
    try {
      const hub = new RelayHub(store);
      const fresh = Workspace.create(owner.identity, owner.device);
      const keys = workspaceRelayAccess(fresh).credentials()!;
      const connections = Array.from({ length: 4 }, () => {
        const received: ServerMessage[] = [];
        const connection = hub.connect((frame) => received.push(decodeFrame(serverMessageSchema, frame)!));
        const challenge = received.shift() as { nonce: string };
        connection.receive(encodeFrame(authMessage(keys, challenge.nonce, 1)));
        return received;
      });
      await hub.idle();
      for (const received of connections) expect(received[0]).toMatchObject({ type: 'authenticated', access: 'full' });
      expect(await store.lastSeq(`${fresh.workspaceId}/chain`)).toBe(1);
    } finally {
      await store.close();
    }
  });
});

describe('relay hub on a store shared with other nodes', () => {
  it("delivers a record another node commits while this node registers the doc's first subscriber (its notification comes before the doc has a number)", async () => {
    const base = new SqliteLogStore(join(dir, `hub-${++opened}.db`));
    let hub: RelayHub | undefined;
    let otherNode: number | undefined;
    // Another node appends right after this node read the log's end, and its notification arrives at once.
    const store: RelayLogStore = {
      ...jittery(base),
      lastSeq: async (docId) => {
        const end = await base.lastSeq(docId);
        if (docId === TEAM && otherNode === undefined) {
          otherNode = (await base.append(TEAM, bytes('from node B'))).seq;
          hub!.onAppended(TEAM, otherNode);
        }
        return end;
      },
    };
    try {
      hub = new RelayHub(store, {}, { shared: true });
      const writer = await member(hub);
      writer.send({ type: 'publish', id: 1, docId: TEAM, record: bytes('from node A') });
      await hub.idle();
      const subscriber = await member(hub);
      subscriber.send({ type: 'subscribe', docId: TEAM, sinceSeq: 0 });
      await expect.poll(() => subscriber.received.filter((m) => m.type === 'record').map((m) => (m as { seq: number }).seq)).toEqual([1, 2]);
      expect(otherNode).toBe(2);
    } finally {
      await base.close();
    }
  });
});

describe('the relay process on PostgreSQL', () => {
  it('serves a publish and subscribe round trip with `--store postgres://…` and keeps the log there', async () => {
    const url = await server.createDatabase();
    const relay = await spawnRelay(bundle, join(dir, 'links.db'), ['--store', url]);
    try {
      const [writer, reader] = [await rawRelayClient(relay.url), await rawRelayClient(relay.url)];
      expect(await writer.auth(credentials)).toMatchObject({ type: 'authenticated', access: 'full' });
      expect(await reader.auth(credentials)).toMatchObject({ type: 'authenticated', access: 'full' });
      reader.send({ type: 'subscribe', docId: TEAM, sinceSeq: 0 });
      await reader.next((m) => m.type === 'live');
      for (const [i, text] of ['one', 'two', 'three'].entries()) writer.send({ type: 'publish', id: 10 + i, docId: TEAM, record: bytes(text) });
      await writer.next((m) => m.type === 'published' && m.id === 12);
      const records = await reader.next((m) => m.type === 'record' && m.seq === 3).then(() => reader.received.filter((m) => m.type === 'record'));
      expect(records).toEqual(['one', 'two', 'three'].map((text, i) => ({ type: 'record', docId: TEAM, seq: i + 1, record: bytes(text) })));
      writer.close();
      reader.close();
    } finally {
      expect(await relay.stop()).toBe(0);
    }
    expect(relay.stderr()).toBe('');
    const store = await PostgresLogStore.open(url);
    try {
      expect((await readAll(store, TEAM)).map((r) => new TextDecoder().decode(r.record))).toEqual(['one', 'two', 'three']);
    } finally {
      await store.close();
    }
  });

  it('stops with RELAY_STORE_UNAVAILABLE and the URL without its password when PostgreSQL cannot be used', async () => {
    const child = spawn(process.execPath, [bundle.script, '--port', '0', '--db', join(dir, 'x.db'), '--store', `postgres://relay:Secret-Password-42@127.0.0.1:${server.port}/missing`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    expect(await new Promise((done) => child.once('exit', (code) => done(code)))).toBe(1);
    expect(output).toMatch(/^RELAY_STORE_UNAVAILABLE: Cannot use the PostgreSQL store at postgres:\/\/relay:\*\*\*@127\.0\.0\.1:\d+\/missing/);
    expect(output).not.toContain('Secret-Password-42');
  });
});
