// Issue 20, item 5: relay nodes on one PostgreSQL under faults, with simulated devices
// (test/support/simulated-device.ts) publishing and subscribing throughout; each test ends with
// every device's logs complete, once each, in order (test/support/delivery-check.ts).
//  - PostgreSQL restarted mid-stream (same port, same data): the nodes (child processes, as
//    deployed) stay up and drop their devices while it is down; the devices reconnect,
//    resubscribe from their last number and resend what was not acknowledged; the nodes listen
//    again and catch up.
//  - A relay node (a child process) killed with SIGKILL mid-stream: its devices move to the other.
//  - A notification storm (thousands of appends straight into the store, across many docs, while
//    devices publish too): the listening node delivers everything once, in order, and reads each
//    doc at most once per notification (a burst shares one queued catch-up per doc).
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accountDocId, teamDocId } from '../../../protocol/doc-ids';
import { workspaceRelayAccess } from '../../../protocol/relay-access';
import { Workspace } from '../../../main/sync/workspace';
import { PostgresLogStore } from '../../../relay/postgres-log-store';
import { startRelay, type RunningRelay } from '../../../relay/server';
import { allDelivered, checkDelivery, type KnownRecord } from '../../support/delivery-check';
import type { PostgresServer } from '../../support/postgres-server';
import { spawnRelay, type RelayBundle, type RelayProcess } from '../../support/relay-process';
import { openRelayTestBed, type RelayTestBed } from '../../support/relay-test-bed';
import { publishSteadily, SimulatedDevice } from '../../support/simulated-device';
import { person } from '../../unit/sync/chain-helpers';

let server: PostgresServer;
let bundle: RelayBundle;
let dir: string;
let bed: RelayTestBed | undefined;
beforeAll(async () => ({ server, bundle, dir } = bed = await openRelayTestBed('relay-faults')));
afterAll(() => bed?.close());

const running: RunningRelay[] = [];
const processes: RelayProcess[] = [];
const devices: SimulatedDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) d.stop();
  await Promise.all(running.splice(0).map((relay) => relay.close().catch(() => {})));
  await Promise.all(processes.splice(0).map((p) => p.stop()));
});

const owner = person('Olivia');
const workspace = Workspace.create(owner.identity, owner.device);
const credentials = workspaceRelayAccess(workspace).credentials()!;
const docsOf = (n: number) => [teamDocId(workspace.workspaceId), ...Array.from({ length: n - 1 }, (_, i) => accountDocId(workspace.workspaceId, owner.identity.memberId, `acct${i}`))];

let nodes = 0;
/** A relay node in this process on the shared database (the storm test observes its hub). */
async function node(url: string): Promise<RunningRelay> {
  const relay = await startRelay({ dbPath: join(dir, `node-${++nodes}.db`), store: url });
  running.push(relay);
  return relay;
}

/** A relay node as a child process (what SIGKILL can end). */
async function nodeProcess(url: string): Promise<RelayProcess> {
  const relay = await spawnRelay(bundle, join(dir, `node-${++nodes}.db`), ['--store', url]);
  processes.push(relay);
  return relay;
}

/** What a node process that exited printed on stderr; undefined while it runs. */
const exited = (relay: RelayProcess) => (relay.child.exitCode === null && relay.child.signalCode === null ? undefined : `exited (${relay.child.exitCode ?? relay.child.signalCode}): ${relay.stderr().slice(-1500)}`);

async function readiness(relay: RelayProcess): Promise<number> {
  return (await fetch(`${relay.url.replace(/^ws:/, 'http:')}/readyz`)).status;
}

/** `count` devices per list of node URLs, each subscribed to every doc. */
async function fleet(homes: string[][], count: number, docs: string[]): Promise<SimulatedDevice[]> {
  const made = homes.flatMap((urls, h) => Array.from({ length: count }, (_, i) => new SimulatedDevice({ name: `n${h}d${i}`, urls, credentials, docs })));
  devices.push(...made);
  await Promise.all(made.map((d) => d.whenLive()));
  return made;
}

const acknowledged = (ds: SimulatedDevice[]) => ds.reduce((sum, d) => sum + d.acknowledged.length, 0);

/** Polls until every subscriber has every record, then checks the whole: nothing lost, repeated, reordered or altered. */
async function expectComplete(ds: SimulatedDevice[], appended: KnownRecord[] = []): Promise<void> {
  await expect.poll(() => allDelivered(ds, appended), { timeout: 30_000 }).toBe(true);
  const report = checkDelivery(ds, appended);
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ lost: 0, duplicated: 0, reordered: 0, mismatched: 0, errors: 0 });
  // Every subscriber received every record of each of its docs.
  const perDoc = new Map<string, number>();
  for (const r of [...ds.flatMap((d) => d.acknowledged), ...appended]) perDoc.set(r.docId, Math.max(perDoc.get(r.docId) ?? 0, r.seq));
  expect(report.delivered).toBe(ds.reduce((sum, d) => sum + d.docs.reduce((n, docId) => n + (perDoc.get(docId) ?? 0), 0), 0));
}

describe('relay nodes on one PostgreSQL, under faults', () => {
  it('loses nothing when PostgreSQL restarts mid-stream: the nodes stay up, devices resend and resubscribe, nodes listen again and catch up', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await nodeProcess(url), await nodeProcess(url)];
    const docs = docsOf(4);
    const ds = await fleet([[a.url, b.url], [b.url, a.url]], 3, docs);
    const publishing = publishSteadily(ds, 15, (_, n) => docs[n % docs.length]!);
    await expect.poll(() => acknowledged(ds)).toBeGreaterThanOrEqual(60);

    await server.stop();
    // The nodes drop every device that needs the store; the devices keep publishing meanwhile.
    await expect.poll(() => ds.every((d) => d.reconnections.length > 0)).toBe(true);
    const whileDown = publishing.count;
    await expect.poll(() => publishing.count).toBeGreaterThan(whileDown + 30);
    expect(ds.some((d) => d.unacked > 0)).toBe(true);
    await server.start();

    // Both nodes lived through it (what a node that died printed is the failure message), and are ready again: listening, the store answering.
    expect([a, b].map(exited)).toEqual([undefined, undefined]);
    await expect.poll(async () => Promise.all([a, b].map(readiness))).toEqual([200, 200]);
    const after = acknowledged(ds);
    await expect.poll(() => acknowledged(ds)).toBeGreaterThanOrEqual(after + 60);
    await publishing.stop();
    await expectComplete(ds);
    expect([a, b].map(exited)).toEqual([undefined, undefined]);
  });

  it("loses nothing when a node is killed (SIGKILL) mid-stream: its devices move to the other node", async () => {
    const url = await server.createDatabase();
    const [a, b] = [await nodeProcess(url), await nodeProcess(url)];
    const docs = docsOf(4);
    const [onA, onB] = [await fleet([[a.url, b.url]], 4, docs), await fleet([[b.url, a.url]], 4, docs)];
    const ds = [...onA, ...onB];
    const publishing = publishSteadily(ds, 15, (_, n) => docs[n % docs.length]!);
    await expect.poll(() => acknowledged(ds)).toBeGreaterThanOrEqual(100);

    a.child.kill('SIGKILL');
    await expect.poll(() => onA.every((d) => d.url === b.url && d.live)).toBe(true);
    const after = acknowledged(ds);
    await expect.poll(() => acknowledged(ds)).toBeGreaterThanOrEqual(after + 100);
    await publishing.stop();
    await expectComplete(ds);
    expect(a.child.signalCode).toBe('SIGKILL');
    // B's devices never moved.
    expect(onB.map((d) => d.connections)).toEqual(onB.map(() => 1));
  });

  it('delivers a notification storm once each, in order, reading each doc at most once per notification', async () => {
    const url = await server.createDatabase();
    const relay = await node(url);
    const docs = docsOf(40);
    const ds = await fleet([[relay.url]], 3, docs);
    // Observed from outside the hub: its notifications, and its reads of the store (catch-ups, once every device is live).
    const hub = relay.hub;
    const store = hub.store;
    let notifications = 0;
    let reads = 0;
    const reading = new Map<string, number>();
    let mostOfOneDoc = 0;
    const onAppended = hub.onAppended.bind(hub);
    hub.onAppended = (docId, seq) => {
      notifications++;
      onAppended(docId, seq);
    };
    const readSince = store.readSince.bind(store);
    store.readSince = async function* (docId, sinceSeq) {
      reads++;
      reading.set(docId, (reading.get(docId) ?? 0) + 1);
      mostOfOneDoc = Math.max(mostOfOneDoc, reading.get(docId)!);
      try {
        yield* readSince(docId, sinceSeq);
      } finally {
        reading.set(docId, reading.get(docId)! - 1);
      }
    };

    // Another node's burst: 125 records to each of 40 docs, 16 connections appending at once, while the devices publish too.
    const writer = await PostgresLogStore.open(url, { maxConnections: 16 });
    const appended: KnownRecord[] = [];
    const publishing = publishSteadily(ds, 20, (_, n) => docs[(n * 7) % docs.length]!);
    try {
      await Promise.all(
        docs.map(async (docId, k) => {
          for (let i = 0; i < 125; i++) {
            const text = `storm ${k} ${i}`;
            const { seq } = await writer.append(docId, new TextEncoder().encode(text));
            appended.push({ docId, seq, text });
          }
        }),
      );
    } finally {
      await writer.close();
    }
    await publishing.stop();
    await expectComplete(ds, appended);
    expect(appended).toHaveLength(5_000);
    await expect.poll(() => notifications).toBeGreaterThanOrEqual(appended.length + acknowledged(ds));
    // A burst is read in few reads: never more than one per notification, never two of one doc at once.
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(notifications);
    expect(mostOfOneDoc).toBe(1);
    console.log(`storm: ${appended.length} appends + ${acknowledged(ds)} published, ${notifications} notifications, ${reads} catch-up reads`);
  });
});
