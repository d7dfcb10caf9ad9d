// Relay nodes bench (issue 20): two relay nodes (child processes, the bundled relay CLI) on one
// throwaway PostgreSQL 15, and simulated devices (test/support/simulated-device.ts) over
// loopback, spread across both nodes and across workspaces, each subscribed to every doc of its
// workspace and publishing one record every RELAY_BENCH_EVERY_MS to them in turn. Reports
// records/s, delivery latency (p50/p95/p99) for records crossing nodes and within a node, lost /
// duplicated / reordered deliveries (test/support/delivery-check.ts; anything but zero fails
// the bench, after the numbers are written) and each node's RSS; then the same workload on a
// single relay on SQLite; then the two nodes again with one SIGKILLed halfway, its devices
// reconnecting to the other: how long until they are live again, and loss.
// Sizes: RELAY_BENCH_DEVICES (500), RELAY_BENCH_WORKSPACES (50), RELAY_BENCH_SECONDS (60),
// RELAY_BENCH_EVERY_MS (4000); TESSERA_BENCH_QUICK=1 runs 100 devices, 10 workspaces, 10 s.
// Each workspace's devices connect from an address of their own (127.0.<w>.1), so the relay's
// per-address limits see a workspace per address, as behind a NAT. Writes the "Relay nodes"
// section of bench/RESULTS.md. Run: npx vitest run --project bench bench/relay-nodes.bench.ts.
// No timed assertions.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accountDocId, teamDocId } from '../protocol/doc-ids';
import { workspaceRelayAccess } from '../protocol/relay-access';
import { Workspace } from '../main/sync/workspace';
import { checkDelivery, type DeliveryReport } from '../test/support/delivery-check';
import type { PostgresServer } from '../test/support/postgres-server';
import { spawnRelay, type RelayBundle, type RelayProcess } from '../test/support/relay-process';
import { openRelayTestBed, type RelayTestBed } from '../test/support/relay-test-bed';
import { decodeDeviceRecord, now, publishSteadily, SimulatedDevice } from '../test/support/simulated-device';
import { person } from '../test/unit/sync/chain-helpers';
import { writeResultsSection } from './results-section';

const QUICK = process.env['TESSERA_BENCH_QUICK'] === '1';
const DEVICES = Number(process.env['RELAY_BENCH_DEVICES'] ?? (QUICK ? 100 : 500));
const WORKSPACES = Number(process.env['RELAY_BENCH_WORKSPACES'] ?? (QUICK ? 10 : 50));
const SECONDS = Number(process.env['RELAY_BENCH_SECONDS'] ?? (QUICK ? 10 : 60));
const EVERY_MS = Number(process.env['RELAY_BENCH_EVERY_MS'] ?? 4000);
const DOCS_PER_WORKSPACE = 4;
/** How long the devices may take to receive everything after publishing stops before the run counts as failed. */
const DRAIN_MS = 180_000;

let server: PostgresServer;
let bundle: RelayBundle;
let dir: string;
let bed: RelayTestBed | undefined;
beforeAll(async () => ({ server, bundle, dir } = bed = await openRelayTestBed('relay-bench')));
afterAll(() => bed?.close());

/** An earlier run of this bench at a rate the shared machine could not serve (kept in the section by hand; not regenerated). */
const OVERLOAD = `Overload (this bench with RELAY_BENCH_EVERY_MS=1000 on 2026-12-06, load average 4.3 before, 6.0 after): about 500 records/s
offered (4,900 deliveries/s) queued. Two nodes on PostgreSQL: 493 records/s, cross-node p50 / p95 / p99 1,815 / 4,475 / 5,735 ms,
within-node 1,617 / 4,229 / 5,447 ms, 25% and 26% of a core per node, the bench process 22%, everything delivered 0.5 s after
publishing stopped. One SQLite node: 500 records/s, p50 / p95 / p99 4,597 / 14,217 / 18,370 ms, 28% of a core, 12.2 s to drain.
Node A SIGKILLed halfway: its devices live again on B after p50 3,285 ms, max 5,776 ms. 0 lost, duplicated or reordered in
each run (29,608, 29,971 and 28,468 records). No relay process used a core: the 2 cores went to other sessions' work,
PostgreSQL (not measured) and these processes together, so where the queueing happens is not attributed (the SQLite node's
fsync per append waits without using CPU, which may explain its longer queue; not measured). Per append a node runs
one PostgreSQL transaction of four statements, and the other node, under steady load, about one catch-up read per notification
(the storm test in test/integration/relay/relay-faults.test.ts saw 5,612 reads for 5,857 notifications).`;

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** CPU seconds (user + system) a process has used so far. */
function cpuOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, fields 14 and 15 of stat (11 and 12 after the command), in clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function rssOf(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

interface Space {
  credentials: NonNullable<ReturnType<ReturnType<typeof workspaceRelayAccess>['credentials']>>;
  docs: string[];
}

const spaces: Space[] = Array.from({ length: WORKSPACES }, (_, w) => {
  const owner = person(`owner${w}`);
  const workspace = Workspace.create(owner.identity, owner.device);
  const docs = [teamDocId(workspace.workspaceId), ...Array.from({ length: DOCS_PER_WORKSPACE - 1 }, (_, i) => accountDocId(workspace.workspaceId, owner.identity.memberId, `acct${i}`))];
  return { credentials: workspaceRelayAccess(workspace).credentials()!, docs };
});

interface Latencies {
  cross: number[];
  within: number[];
}

interface RunResult {
  label: string;
  nodes: number;
  connectMs: number;
  published: number;
  publishSeconds: number;
  report: DeliveryReport;
  latency: Latencies;
  /** Peak and final RSS per node (bytes). */
  rss: { peak: number; end: number }[];
  /** CPU per node while publishing and draining, as a share of one core. */
  cpu: number[];
  benchCpu: number;
  /** From the end of publishing until every record is acknowledged and delivered. */
  drainMs: number;
  loopDelayP99: number;
  reconnect?: { devices: number; p50: number; p95: number; max: number };
}

/**
 * Runs the workload against `relays` (device i is in workspace i mod W, its home relays[⌊i / W⌋ mod n],
 * the others its fallbacks, so each workspace has devices on every node);
 * `kill` is SIGKILLed at the midpoint when given.
 */
async function workload(label: string, relays: RelayProcess[], kill?: RelayProcess): Promise<RunResult> {
  const urls = relays.map((r) => r.url);
  const home = new Map<string, string>();
  const connectStart = now();
  const devices = Array.from({ length: DEVICES }, (_, i) => {
    const w = i % WORKSPACES;
    const space = spaces[w]!;
    const k = Math.floor(i / WORKSPACES) % urls.length;
    const order = [...urls.slice(k), ...urls.slice(0, k)];
    const device = new SimulatedDevice({ name: `d${i}`, urls: order, credentials: space.credentials, docs: space.docs, localAddress: `127.0.${1 + w}.1`, retryMs: 100 });
    home.set(device.name, order[0]!);
    return device;
  });
  await Promise.all(devices.map((d) => d.whenLive()));
  const connectMs = now() - connectStart;

  const rss = relays.map(() => ({ peak: 0, end: 0 }));
  const sample = () =>
    relays.forEach((relay, k) => {
      const bytes = rssOf(relay.child.pid);
      if (bytes) rss[k] = { peak: Math.max(rss[k]!.peak, bytes), end: bytes };
    });
  const sampler = setInterval(sample, 1000);
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  const cpuStart = relays.map((r) => cpuOf(r.child.pid));
  const benchCpuStart = process.cpuUsage();

  const publishStart = now();
  const publishing = publishSteadily(devices, EVERY_MS, (device, n) => device.docs[n % device.docs.length]!);
  let killedAt: number | undefined;
  if (kill) {
    await sleep((SECONDS * 1000) / 2);
    sample();
    kill.child.kill('SIGKILL');
    killedAt = now();
    await sleep((SECONDS * 1000) / 2);
  } else {
    await sleep(SECONDS * 1000);
  }
  const published = publishing.count;
  const publishSeconds = (now() - publishStart) / 1000;
  // Every record acknowledged, and every subscriber has every record of its docs: wait for the counts, then judge the whole.
  const drainStart = now();
  await publishing.stop();
  const highest = new Map<string, number>();
  for (const d of devices) for (const a of d.acknowledged) highest.set(a.docId, Math.max(highest.get(a.docId) ?? 0, a.seq));
  const expected = devices.reduce((sum, d) => sum + d.docs.reduce((n, docId) => n + (highest.get(docId) ?? 0), 0), 0);
  const received = () => devices.reduce((sum, d) => sum + [...d.received.values()].reduce((n, r) => n + r.length, 0), 0);
  while (received() < expected && now() - drainStart < DRAIN_MS) await sleep(100);
  const drainMs = now() - drainStart;
  const wall = (now() - publishStart) / 1000;
  const cpu = relays.map((r, k) => (r === kill ? NaN : (cpuOf(r.child.pid) - cpuStart[k]!) / wall));
  const benchUsage = process.cpuUsage(benchCpuStart);
  const benchCpu = (benchUsage.user + benchUsage.system) / 1e6 / wall;
  clearInterval(sampler);
  sample();
  loop.disable();

  const report = checkDelivery(devices);
  // The node that appended each record (acknowledged it), against the node that delivered it.
  const appendedOn = new Map<string, string>();
  for (const d of devices) for (const a of d.acknowledged) appendedOn.set(a.text, a.url);
  const latency: Latencies = { cross: [], within: [] };
  for (const d of devices) {
    for (const receipts of d.received.values()) {
      for (const r of receipts) {
        const record = decodeDeviceRecord(r.text);
        // A device's own records come back to it too: not a delivery to someone else.
        if (!record || record.device === d.name) continue;
        // The kill run: only what was sent after the devices settled again (the rest measures the reconnection).
        if (killedAt !== undefined && record.sentAt < killedAt + 5_000 && record.sentAt > killedAt - 5_000) continue;
        (appendedOn.get(r.text) === r.url ? latency.within : latency.cross).push(r.receivedAt - record.sentAt);
      }
    }
  }
  latency.cross.sort((x, y) => x - y);
  latency.within.sort((x, y) => x - y);

  let reconnect: RunResult['reconnect'];
  if (kill && killedAt !== undefined) {
    const moved = devices.filter((d) => home.get(d.name) === kill.url);
    const times = moved.map((d) => (d.reconnections[0]?.liveAt ?? Infinity) - killedAt).sort((x, y) => x - y);
    reconnect = { devices: moved.length, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1) ?? NaN };
  }
  for (const d of devices) d.stop();
  return { label, nodes: relays.length, connectMs, published, publishSeconds, report, latency, rss, cpu, benchCpu, drainMs, loopDelayP99: loop.percentile(99) / 1e6, ...(reconnect ? { reconnect } : {}) };
}

async function pgNodes(): Promise<RelayProcess[]> {
  const url = await server.createDatabase();
  return Promise.all(['a', 'b'].map((n) => spawnRelay(bundle, join(dir, `${n}-${Date.now()}.db`), ['--store', url])));
}

const stopAll = (relays: RelayProcess[]) => Promise.all(relays.map((r) => (r.child.signalCode === null ? r.stop() : undefined)));

const ms = (values: number[]) => (values.length ? `${percentile(values, 50).toFixed(1)} / ${percentile(values, 95).toFixed(1)} / ${percentile(values, 99).toFixed(1)}` : '–');

function row(r: RunResult): string {
  const { report } = r;
  const rate = r.published / r.publishSeconds;
  const cpu = r.cpu.map((c) => (Number.isNaN(c) ? 'killed' : `${(c * 100).toFixed(0)}%`)).join(', ');
  return `| ${r.label} | ${rate.toFixed(0)} | ${(report.delivered / r.publishSeconds).toFixed(0)} | ${ms(r.latency.cross)} | ${ms(r.latency.within)} | ${report.lost} / ${report.duplicated} / ${report.reordered} | ${r.rss.map((x) => `${mib(x.peak)} (${mib(x.end)})`).join(', ')} | ${cpu} | ${(r.benchCpu * 100).toFixed(0)}% | ${(r.connectMs / 1000).toFixed(1)} | ${(r.drainMs / 1000).toFixed(1)} | ${r.loopDelayP99.toFixed(0)} |`;
}

it(`relay nodes: ${DEVICES} devices, ${WORKSPACES} workspaces, ${SECONDS} s, two nodes on PostgreSQL vs one on SQLite, and a node killed`, async () => {
  const loadBefore = loadavg()[0]!;
  const results: RunResult[] = [];

  let relays = await pgNodes();
  results.push(await workload('2 nodes, PostgreSQL', relays));
  await stopAll(relays);

  relays = [await spawnRelay(bundle, join(dir, `single-${Date.now()}.db`))];
  results.push(await workload('1 node, SQLite', relays));
  await stopAll(relays);

  relays = await pgNodes();
  const killed = await workload('2 nodes, PostgreSQL, node A SIGKILLed at the midpoint', relays, relays[0]);
  results.push(killed);
  await stopAll(relays);
  const loadAfter = loadavg()[0]!;

  const reconnect = killed.reconnect!;
  const section = `## Relay nodes

Generated by \`npx vitest run --project bench bench/relay-nodes.bench.ts\` on ${new Date().toISOString().slice(0, 10)}.

Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; **shared with other sessions' builds and
tests (load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on 2 cores)**: every process below (the relay nodes, PostgreSQL,
and the bench process holding all ${DEVICES} devices' WebSockets) competes for those 2 cores, so latencies here are upper bounds of
what the relay costs, and they move with the load.
Workload: ${DEVICES} simulated devices over loopback (test/support/simulated-device.ts), ${WORKSPACES} workspaces of ${DEVICES / WORKSPACES} devices, each
device subscribed to the ${DOCS_PER_WORKSPACE} docs of its workspace and publishing one ~70-byte record every ${EVERY_MS} ms to them in turn, for
${SECONDS} s; half of each workspace's devices start on each node. Relay nodes are child processes of the bundled
relay CLI (\`--store postgres://…\`), PostgreSQL 15 throwaway. Durability differs: that PostgreSQL runs with fsync and
synchronous_commit off (test/support/postgres-server.ts), while the SQLite relay commits each append with WAL and
synchronous = FULL (an fsync per append, on its event loop), so the SQLite row pays for durability the PostgreSQL rows do not.
Latency: from the publisher's send to another device's receipt, "cross" when the receiver's node is not the one that
appended the record, own copies excluded.

| setup | records/s published | deliveries/s | cross-node p50 / p95 / p99 (ms) | within-node p50 / p95 / p99 (ms) | lost / duplicated / reordered | RSS per node, peak (end) MiB | CPU per node (of one core) | bench process CPU | all devices live (s) | acknowledged + delivered after publishing stopped (s) | bench event-loop delay p99 (ms) |
|---|---:|---:|---|---|---|---|---|---:|---:|---:|---:|
${results.map(row).join('\n')}

Node A SIGKILLed at the midpoint: its ${reconnect.devices} devices were live again on node B (authenticated, every doc resubscribed from its
last number, backlog received) after p50 ${reconnect.p50.toFixed(0)} ms, p95 ${reconnect.p95.toFixed(0)} ms, max ${reconnect.max.toFixed(0)} ms (from the kill; devices retry every 100 ms);
records they had sent and not had acknowledged were resent; lost / duplicated / reordered above (latencies of records sent
within 5 s of the kill left out of that row). Every run checks every subscriber of every doc received every acknowledged
record once, in number order, without a gap (test/support/delivery-check.ts): ${results.map((r) => `${r.report.published.toLocaleString('en-US')} records, ${r.report.delivered.toLocaleString('en-US')} deliveries`).join('; ')}.

${OVERLOAD}
`;
  writeResultsSection('Relay nodes', section);
  console.log(section);
  for (const r of results) {
    expect(r.report.problems, r.label).toEqual([]);
    expect(r.report, r.label).toMatchObject({ lost: 0, duplicated: 0, reordered: 0, mismatched: 0, errors: 0 });
  }
}, 30 * 60_000);
