// The multi-node recipe of docs/relay-multi-node.md, run as written: a throwaway PostgreSQL 15,
// two relay nodes as processes (relay/cli.ts, `--store postgres://…`), and Debian's HAProxy with
// the document's own haproxy.cfg (test/support/haproxy.ts reads it out of the document) on free
// loopback ports. Devices (the real sync client) connect through HAProxy only and are spread
// over both nodes; while they publish, one node gets SIGTERM: it drains (its devices are closed
// with 1001), exits 0, and its devices reconnect through HAProxy to the other node. Every device
// ends with the complete log, each number delivered once and in order, all on the remaining
// node; the nodes' /metrics counted appends, deliveries and notify lag, and HAProxy does not
// serve /metrics to devices.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamDocId } from '../../../protocol/doc-ids';
import { Workspace } from '../../../main/sync/workspace';
import { haproxyConfigFromDoc, startHaproxy, type HaproxyProcess } from '../../support/haproxy';
import { freePort, startPostgres, type PostgresServer } from '../../support/postgres-server';
import { buildRelayBundle, spawnRelay, type RelayBundle, type RelayProcess } from '../../support/relay-process';
import { syncDevice, type SyncDevice } from '../../support/sync-device';
import { person } from '../../unit/sync/chain-helpers';

let server: PostgresServer;
let bundle: RelayBundle;
let dir: string;
const nodes: RelayProcess[] = [];
let haproxy: HaproxyProcess | undefined;
const devices: SyncDevice[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-relay-haproxy-'));
  [server, bundle] = await Promise.all([startPostgres(), buildRelayBundle()]);
});
afterAll(async () => {
  for (const device of devices) device.stop();
  await haproxy?.stop();
  for (const node of nodes) node.child.kill('SIGKILL');
  await server?.close();
  bundle?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const owner = person('Olivia');
const workspace = Workspace.create(owner.identity, owner.device);
const TEAM = teamDocId(workspace.workspaceId);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const httpOf = (url: string) => url.replace(/^ws:/, 'http:');
const portOf = (url: string) => Number(new URL(url).port);

async function scrape(node: RelayProcess): Promise<(name: string) => number> {
  const text = await (await fetch(`${httpOf(node.url)}/metrics`)).text();
  return (name) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    if (!line) throw new Error(`${name} not in the scrape`);
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  };
}

describe('two relay nodes behind HAProxy (docs/relay-multi-node.md)', () => {
  it('moves the devices of a node stopped with SIGTERM to the other node, each ending with the complete log in order', async () => {
    const url = await server.createDatabase();
    for (const name of ['a', 'b']) nodes.push(await spawnRelay(bundle, join(dir, `${name}.db`), ['--store', url, '--log-format', 'json', '--trusted-proxy', '127.0.0.1']));
    const [a, b] = nodes as [RelayProcess, RelayProcess];
    const port = await freePort();
    haproxy = startHaproxy(haproxyConfigFromDoc(port, [portOf(a.url), portOf(b.url)]), dir);
    const front = `ws://127.0.0.1:${port}`;
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status).toBe(200);
    // Devices never see a node's metrics.
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);

    const count = 4;
    for (let i = 0; i < count; i++) {
      devices.push(syncDevice([front], workspace, TEAM));
      await devices.at(-1)!.client.idle();
    }
    // leastconn spread them over both nodes.
    const [onA, onB] = [(await scrape(a))('tessera_relay_open_connections'), (await scrape(b))('tessera_relay_open_connections')];
    expect(onA + onB).toBe(count);
    expect(onA).toBeGreaterThanOrEqual(1);
    expect(onB).toBeGreaterThanOrEqual(1);

    // Every device publishes, a record every few milliseconds; node A is stopped midway.
    const perDevice = 40;
    const publishing = devices.map(async (device, d) => {
      for (let i = 0; i < perDevice; i++) {
        device.publish(`device ${d} record ${i}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    await expect.poll(() => Math.min(...devices.map((d) => d.lastSeq()))).toBeGreaterThanOrEqual(40);
    const beforeStop = await scrape(a);
    expect(beforeStop('tessera_relay_records_appended_total')).toBeGreaterThan(0);
    expect(beforeStop('tessera_relay_records_delivered_total')).toBeGreaterThan(0);
    expect(await a.stop()).toBe(0);
    await Promise.all(publishing);

    const total = count * perDevice;
    for (const device of devices) {
      await expect.poll(() => device.lastSeq(), { timeout: 30_000 }).toBe(total);
      await device.client.idle();
      // Each number delivered once, in order, across the device's connections.
      expect(device.delivered).toEqual(oneTo(total));
      expect(new Set(device.applied).size).toBe(total);
      // Every device applied the same log, and each device's own records in the order it made them.
      expect(device.applied).toEqual(devices[0]!.applied);
      for (let d = 0; d < count; d++) {
        const own = device.applied.filter((t) => t.startsWith(`device ${d} `));
        expect(own).toEqual(oneTo(perDevice).map((i) => `device ${d} record ${i - 1}`));
      }
    }
    // All on node B now; A's devices reconnected (through HAProxy) to it.
    await expect.poll(async () => (await scrape(b))('tessera_relay_open_connections')).toBe(count);
    // A's devices reconnected at their first attempt (HAProxy sent a refused connection or upgrade on to B); B's never left.
    expect(devices.map((d) => d.connections()).sort()).toEqual([...Array<number>(onB).fill(1), ...Array<number>(onA).fill(2)]);
    const after = await scrape(b);
    expect(after('tessera_relay_records_appended_total')).toBeGreaterThan(0);
    expect(after('tessera_relay_records_delivered_total')).toBeGreaterThanOrEqual(total);
    // B delivered records A appended, after their notifications.
    expect(after('tessera_relay_notify_lag_seconds_count')).toBeGreaterThan(0);
    // A drained: its log says so, and it told its devices it was going away.
    const events = a.stderr().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events).toEqual(['listening', 'draining', 'drained', 'stopped']);
  });
});
