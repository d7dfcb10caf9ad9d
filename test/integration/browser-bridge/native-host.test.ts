// The native messaging host as the browser runs it: the built out/main/browser-host.js spawned
// with stdio pipes (the browser's side), forwarding to a real bridge socket from
// startBridgeSocket (the app's side) that echoes frames. Also the bridge socket itself over
// real Unix sockets: one app per data folder, stale files, bad frames, the connection cap.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../../protocol/browser-channel';
import { startBridgeSocket, type BridgeSocket, type FrameConnection } from '../../../main/browser-bridge/bridge-socket';
import { encodeFrame, FrameDecoder } from '../../../main/browser-bridge/frame-codec';
import { bridgeSocketPath } from '../../../main/browser-bridge/socket-path';
import { buildUnderLock, newestSource, ROOT } from '../../support/cli-harness';

const HOST = join(ROOT, 'out/main/browser-host.js');

function hostIsFresh(): boolean {
  try {
    const sources = Math.max(newestSource(join(ROOT, 'main/browser-bridge')), statSync(join(ROOT, 'protocol/browser-channel.ts')).mtimeMs, statSync(join(ROOT, 'main/errors.ts')).mtimeMs);
    return statSync(HOST).mtimeMs >= sources;
  } catch {
    return false;
  }
}

/** Builds when the host bundle is missing or older than its sources. */
const ensureBuiltHost = () => buildUnderLock(hostIsFresh, HOST);

/** The host as the browser starts it, with helpers to read the frames on its stdout. */
class HostProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly frames: unknown[] = [];
  stderr = '';
  private readonly decoder = new FrameDecoder();
  readonly exited: Promise<number | null>;

  constructor(args: string[]) {
    // The browser adds the caller's origin (Chromium) or the manifest path and extension id (Firefox).
    this.child = spawn(process.execPath, [HOST, ...args, 'chrome-extension://hlmbbpajndcafnkbeegggoeeajbcjkob/', '--parent-window=0'], { stdio: ['pipe', 'pipe', 'pipe'] });
    // Every byte on stdout must be part of a frame: a stray byte would fail this decoder.
    this.child.stdout.on('data', (chunk: Buffer) => this.frames.push(...this.decoder.push(chunk)));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.child.stdin.on('error', () => {});
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
  }

  send(frame: unknown): void {
    this.child.stdin.write(encodeFrame(frame));
  }

  async frame(index: number): Promise<unknown> {
    await expect.poll(() => this.frames.length).toBeGreaterThan(index);
    return this.frames[index];
  }

  /** stdout ended on a frame boundary, and nothing was ever logged. */
  expectClean(): void {
    expect(this.decoder.midFrame).toBe(false);
    expect(this.stderr).toBe('');
  }
}

const dirs: string[] = [];
const servers: BridgeSocket[] = [];
const hosts: HostProcess[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bridge-'));
  dirs.push(dir);
  return dir;
}

interface Echo {
  server: BridgeSocket;
  received: unknown[];
  connections: FrameConnection[];
  closed: number;
}

/** A bridge server that answers every frame with itself. */
async function echoServer(dataDir = tempDir(), maxConnections?: number): Promise<Echo> {
  const echo: Echo = { server: undefined as unknown as BridgeSocket, received: [], connections: [], closed: 0 };
  echo.server = await startBridgeSocket({
    path: bridgeSocketPath(dataDir),
    ...(maxConnections === undefined ? {} : { maxConnections }),
    onConnection(connection) {
      echo.connections.push(connection);
      connection.onFrame((frame) => {
        echo.received.push(frame);
        connection.send(frame);
      });
      connection.onClose(() => echo.closed++);
    },
  });
  servers.push(echo.server);
  return echo;
}

function host(args: string[]): HostProcess {
  const process = new HostProcess(args);
  hosts.push(process);
  return process;
}

/** A raw client of the bridge socket (what the host is, without the host). */
function rawClient(path: string): Promise<{ socket: Socket; frames: unknown[]; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    const frames: unknown[] = [];
    const decoder = new FrameDecoder();
    socket.on('data', (chunk) => frames.push(...decoder.push(chunk)));
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('error', reject);
    socket.once('connect', () => resolve({ socket, frames, closed }));
  });
}

afterEach(async () => {
  for (const h of hosts.splice(0)) if (h.child.exitCode === null) h.child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the native messaging host (built, spawned like a browser does) against a real bridge socket', () => {
  beforeAll(ensureBuiltHost, 300_000);

  it('forwards frames both ways, whole and split across writes, and exits when the browser closes stdin', async () => {
    const echo = await echoServer();
    const h = host(['--socket', echo.server.path]);
    h.send({ t: 'hello', v: 1, browserId: 'b1', publicKey: 'pk', nonce: 'n' });
    expect(await h.frame(0)).toEqual({ t: 'hello', v: 1, browserId: 'b1', publicKey: 'pk', nonce: 'n' });

    // A frame delivered a few bytes at a time (stdin is a pipe: the host sees arbitrary chunks).
    const split = encodeFrame({ t: 'sealed', seq: 0, iv: 'iv', data: 'é'.repeat(5000) });
    for (let i = 0; i < split.length; i += 777) {
      h.child.stdin.write(split.subarray(i, i + 777));
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(await h.frame(1)).toEqual({ t: 'sealed', seq: 0, iv: 'iv', data: 'é'.repeat(5000) });

    // A frame of exactly the limit goes through both ways.
    const big = { t: 'sealed', seq: 1, iv: 'iv', data: '' };
    big.data = 'x'.repeat(MAX_FRAME_BYTES - Buffer.byteLength(JSON.stringify(big)));
    h.send(big);
    expect(await h.frame(2)).toEqual(big);

    // The app speaks first too (an event): it reaches stdout.
    echo.connections[0]!.send({ t: 'locked' });
    expect(await h.frame(3)).toEqual({ t: 'locked' });
    expect(echo.received).toHaveLength(3);

    h.child.stdin.end();
    expect(await h.exited).toBe(0);
    await expect.poll(() => echo.closed).toBe(1);
    h.expectClean();
  });

  it('delivers a frame written just before the browser closes stdin, then exits', async () => {
    const echo = await echoServer();
    const h = host(['--socket', echo.server.path]);
    h.child.stdin.end(encodeFrame({ t: 'show-unlock' }));
    expect(await h.exited).toBe(0);
    expect(echo.received).toEqual([{ t: 'show-unlock' }]);
    h.expectClean();
  });

  it('refuses a frame over 1 MiB from the browser: an error frame, nothing forwarded, exit', async () => {
    const echo = await echoServer();
    const h = host(['--socket', echo.server.path]);
    h.send({ t: 'pair', v: 1 });
    expect(await h.frame(0)).toEqual({ t: 'pair', v: 1 });
    const header = Buffer.alloc(4);
    header.writeUInt32LE(MAX_FRAME_BYTES + 1, 0);
    h.child.stdin.write(Buffer.concat([header, Buffer.from('{"t":"')]));
    expect(await h.frame(1)).toMatchObject({ t: 'error', code: 'BAD_FRAME', message: expect.stringContaining(String(MAX_FRAME_BYTES + 1)) });
    expect(await h.exited).toBe(1);
    expect(echo.received).toEqual([{ t: 'pair', v: 1 }]);
    await expect.poll(() => echo.closed).toBe(1);
    expect(h.frames).toHaveLength(2);
    h.expectClean();
  });

  it('refuses non-JSON from the browser without echoing it', async () => {
    const echo = await echoServer();
    const h = host(['--socket', echo.server.path]);
    const body = Buffer.from('password=hunter2');
    const header = Buffer.alloc(4);
    header.writeUInt32LE(body.length, 0);
    h.child.stdin.write(Buffer.concat([header, body]));
    const error = (await h.frame(0)) as { code: string; message: string };
    expect(error).toMatchObject({ t: 'error', code: 'BAD_FRAME' });
    expect(error.message).not.toContain('hunter2');
    expect(await h.exited).toBe(1);
    expect(echo.received).toEqual([]);
    h.expectClean();
  });

  it('answers app-unavailable when no app listens, and exits when stdin closes', async () => {
    const dataDir = tempDir();
    const h = host(['--socket', bridgeSocketPath(dataDir)]);
    expect(await h.frame(0)).toEqual({ t: 'app-unavailable' });
    h.child.stdin.end();
    expect(await h.exited).toBe(0);
    expect(h.frames).toEqual([{ t: 'app-unavailable' }]);
    h.expectClean();
  });

  it('answers app-unavailable for a stale socket file too, and exits after a short grace when stdin stays open', async () => {
    const dataDir = tempDir();
    const path = bridgeSocketPath(dataDir);
    staleSocket(path);
    const h = host(['--socket', path]);
    expect(await h.frame(0)).toEqual({ t: 'app-unavailable' });
    expect(await h.exited).toBe(0);
    expect(h.child.stdin.writableEnded).toBe(false);
    h.expectClean();
  });

  it('answers app-unavailable without a --socket argument', async () => {
    const h = host([]);
    expect(await h.frame(0)).toEqual({ t: 'app-unavailable' });
    h.child.stdin.end();
    expect(await h.exited).toBe(0);
  });

  it('exits when the app closes the connection', async () => {
    const echo = await echoServer();
    const h = host(['--socket', echo.server.path]);
    h.send({ t: 'show-unlock' });
    expect(await h.frame(0)).toEqual({ t: 'show-unlock' });
    echo.connections[0]!.close();
    expect(await h.exited).toBe(0);
    h.expectClean();
  });
});

/** Leaves a socket file no process listens on (a listener killed with SIGKILL cannot remove it). */
function staleSocket(path: string): void {
  const script = `require('node:net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
  spawnSync(process.execPath, ['-e', script]);
  expect(lstatSync(path).isSocket()).toBe(true);
}

describe('the bridge socket (startBridgeSocket) over a real Unix socket', () => {
  it('is a 0600 socket, and a second app on the same data folder is refused with a stable code', async () => {
    const dataDir = tempDir();
    const echo = await echoServer(dataDir);
    expect(echo.server.path).toBe(join(dataDir, 'browser-bridge.sock'));
    expect(lstatSync(echo.server.path).isSocket()).toBe(true);
    expect(statSync(echo.server.path).mode & 0o777).toBe(0o600);
    await expect(startBridgeSocket({ path: echo.server.path, onConnection: () => {} })).rejects.toMatchObject({
      code: 'OS_INTEGRATION_FAILED',
      message: expect.stringMatching(/Another Tessera is running with this data folder/),
    });
    // The first one still serves.
    const client = await rawClient(echo.server.path);
    client.socket.write(encodeFrame({ t: 'locked' }));
    await expect.poll(() => client.frames).toEqual([{ t: 'locked' }]);
    client.socket.destroy();
    // Closing removes the socket file.
    await echo.server.close();
    expect(existsSync(echo.server.path)).toBe(false);
  });

  it('replaces a stale socket file (no listener) and refuses a path that is not a socket', async () => {
    const dataDir = tempDir();
    const path = bridgeSocketPath(dataDir);
    staleSocket(path);
    const echo = await echoServer(dataDir);
    const client = await rawClient(path);
    client.socket.write(encodeFrame({ t: 'hello' }));
    await expect.poll(() => client.frames).toEqual([{ t: 'hello' }]);
    client.socket.destroy();

    const other = tempDir();
    writeFileSync(bridgeSocketPath(other), 'not a socket');
    await expect(startBridgeSocket({ path: bridgeSocketPath(other), onConnection: () => {} })).rejects.toMatchObject({ code: 'OS_INTEGRATION_FAILED' });
    expect(existsSync(bridgeSocketPath(other))).toBe(true);
    expect(echo.received).toEqual([{ t: 'hello' }]);
  });

  it('answers a bad frame with BAD_FRAME and closes that connection only', async () => {
    const echo = await echoServer();
    const good = await rawClient(echo.server.path);
    const bad = await rawClient(echo.server.path);
    const header = Buffer.alloc(4);
    header.writeUInt32LE(MAX_FRAME_BYTES + 1, 0);
    bad.socket.write(header);
    await bad.closed;
    expect(bad.frames).toEqual([{ t: 'error', code: 'BAD_FRAME', message: expect.stringContaining('over the limit') }]);
    const zero = await rawClient(echo.server.path);
    zero.socket.write(Buffer.alloc(4));
    await zero.closed;
    expect(zero.frames).toMatchObject([{ t: 'error', code: 'BAD_FRAME' }]);

    good.socket.write(encodeFrame({ still: 'here' }));
    await expect.poll(() => good.frames).toEqual([{ still: 'here' }]);
    expect(echo.received).toEqual([{ still: 'here' }]);
    await expect.poll(() => echo.closed).toBe(2);
    good.socket.destroy();
  });

  it('refuses connections past its cap, and serves again when one closes', async () => {
    const echo = await echoServer(tempDir(), 2);
    const a = await rawClient(echo.server.path);
    await rawClient(echo.server.path);
    const third = await rawClient(echo.server.path);
    await third.closed;
    expect(third.frames).toMatchObject([{ t: 'error', code: 'TOO_MANY_CONNECTIONS' }]);
    a.socket.destroy();
    await expect.poll(() => echo.closed).toBe(1);
    const fourth = await rawClient(echo.server.path);
    fourth.socket.write(encodeFrame({ n: 4 }));
    await expect.poll(() => fourth.frames).toEqual([{ n: 4 }]);
    fourth.socket.destroy();
  });

  it('holds frames that arrive before the session sets its handler, and reports close to a late onClose', async () => {
    const dataDir = tempDir();
    let connection: FrameConnection | undefined;
    const server = await startBridgeSocket({ path: bridgeSocketPath(dataDir), onConnection: (c) => (connection = c) });
    servers.push(server);
    const client = await rawClient(server.path);
    client.socket.write(Buffer.concat([encodeFrame({ n: 1 }), encodeFrame({ n: 2 })]));
    await expect.poll(() => connection).toBeDefined();
    await new Promise((r) => setTimeout(r, 50));
    const got: unknown[] = [];
    connection!.onFrame((f) => got.push(f));
    await expect.poll(() => got).toEqual([{ n: 1 }, { n: 2 }]);
    let closed = false;
    connection!.onClose(() => (closed = true));
    client.socket.destroy();
    await expect.poll(() => closed).toBe(true);
    let late = false;
    connection!.onClose(() => (late = true));
    await expect.poll(() => late).toBe(true);
    // Sending on a closed connection is a no-op, not a crash.
    connection!.send({ late: true });
  });
});
