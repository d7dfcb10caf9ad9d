import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../protocol/canonical-encoding';
import { serializeDeviceKeys } from '../../../main/sync/device-keys';
import { webSocketConnector } from '../../../main/sync/relay-connection';
import { Workspace } from '../../../main/sync/workspace';
import { startRelay, type RunningRelay } from '../../../relay/server';
import { person } from '../../unit/sync/chain-helpers';
import { scanFilesForSecrets, vaultFiles } from '../../unit/vault/secret-scan';
import { settle, startDevice, joinDevice, follow, type TestDevice } from './sync-harness';

const repoRoot = resolve(import.meta.dirname, '../../..');
let bundleDir: string;
let workDir: string;
let relay: RunningRelay;

// The child runs in plain Node, so bundle its TypeScript once, under node_modules/ so its bare imports resolve.
beforeAll(async () => {
  const cache = join(repoRoot, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  bundleDir = mkdtempSync(join(cache, 'tessera-remote-peer-'));
  workDir = mkdtempSync(join(tmpdir(), 'tessera-relay-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: repoRoot,
    build: {
      ssr: join(import.meta.dirname, 'fixtures/remote-peer.ts'),
      outDir: bundleDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'remote-peer.mjs' } },
    },
  });
  relay = await startRelay({ dbPath: join(workDir, 'relay.db'), port: 0 });
});

afterAll(async () => {
  await relay?.close();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const SECRETS = ['Correct-Horse-Battery-Staple-42', 'Acme Widgets Secret Workspace', 'https://admin.acme-internal.example', 'alice-team-note-zebra'];

function spawnPeer(setup: object): { child: ChildProcessWithoutNullStreams; views: () => Record<string, unknown>[]; stderr: () => string } {
  const child = spawn(process.execPath, [join(bundleDir, 'remote-peer.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
  const views: Record<string, unknown>[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) views.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.write(`${JSON.stringify(setup)}\n`);
  return { child, views: () => views, stderr: () => stderr };
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('relay over real sockets', () => {
  it('three peers, one in another process, converge through the relay, which stores no plaintext', async () => {
    const [alice, bob, carol] = [person('alice'), person('bob'), person('carol')];
    const connector = webSocketConnector(relay.url);
    const a = startDevice(alice, Workspace.create(alice.identity, alice.device), connector);
    const workspaceId = a.peer.workspace.workspaceId;
    a.peer.workspace.addMember(bob.request, 'admin');
    a.peer.workspace.addMember(carol.request, 'member');
    const b = joinDevice(bob, workspaceId, connector);
    const devices: TestDevice[] = [a, b];

    const created = a.peer.createAccount();
    const docId = created.doc.docId;
    created.doc.doc.transact(() => {
      created.doc.setMeta({ name: 'Acme admin', url: SECRETS[2]! });
      created.doc.grant(`member:${bob.identity.memberId}`, 'owner');
      created.doc.grant(`member:${carol.identity.memberId}`, 'collaborator');
      a.peer.reconcileItemKey(created.doc);
      created.doc.writeSecret('password', SECRETS[0]!, created.itemKey, { deviceId: alice.device.certificate.deviceId, memberId: alice.identity.memberId });
    });
    a.peer.team.doc.setName(SECRETS[1]!);
    follow(a, docId);
    follow(b, docId);

    const remote = spawnPeer({ device: toBase64Url(serializeDeviceKeys(carol.device)), relayUrl: relay.url, workspaceId, accountDocId: docId, events: 5 });
    try {
      // Bob drops off mid-way, keeps editing offline, and comes back.
      await settle(devices);
      b.client.stop();
      for (let i = 1; i <= 3; i++) b.peer.team.doc.appendAudit({ event: `bob-${i}` });
      a.peer.team.doc.appendAudit({ event: 'alice-1' });
      a.peer.team.doc.postInboxMessage({ subject: SECRETS[3]! });
      b.client.start();
      await settle(devices);

      const expected = ['alice-1', 'bob-1', 'bob-2', 'bob-3', 'carol-1', 'carol-2', 'carol-3', 'carol-4', 'carol-5'];
      const view = await until('the remote peer to converge', () => remote.views().find((v) => JSON.stringify(v.audit) === JSON.stringify(expected)));
      await until('the local peers to receive the remote events', () =>
        devices.every((d) => JSON.stringify(d.peer.team.doc.audit().map((e) => e.event).sort()) === JSON.stringify(expected)) || undefined,
      );
      expect(view).toMatchObject({ members: 3, name: SECRETS[1], password: { status: 'set', value: SECRETS[0] }, rejected: 0 });
      expect(b.peer.team.doc.name()).toBe(SECRETS[1]);
      expect(a.rejections).toEqual([]);
      expect(b.rejections).toEqual([]);

      // The relay's database and its WAL hold ciphertext only.
      const files = vaultFiles(join(workDir, 'relay.db'));
      expect(files.some((f) => f.endsWith('-wal'))).toBe(true);
      expect(scanFilesForSecrets(files, [...SECRETS, 'carol-1', 'bob-2', 'Acme admin'])).toEqual([]);
    } finally {
      remote.child.stdin.end();
      await new Promise((r) => remote.child.once('exit', r));
      for (const d of devices) d.client.stop();
    }
    expect(remote.stderr()).toBe('');
  });
});
