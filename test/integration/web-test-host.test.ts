import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startWebTestHost, type WebTestHost } from '../web-host/server';

function tryConnect(url: string, origin: string): Promise<'open' | 'refused'> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { origin });
    socket.on('open', () => {
      socket.close();
      resolve('open');
    });
    socket.on('error', () => resolve('refused'));
    socket.on('unexpected-response', () => resolve('refused'));
  });
}

describe('web test host', () => {
  let host: WebTestHost | null = null;
  let dataDir = '';
  afterEach(async () => {
    await host?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('listens on loopback only and accepts the socket only with the token and its own Origin', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-host-'));
    host = await startWebTestHost({ dataDir });
    expect(new URL(host.origin).hostname).toBe('127.0.0.1');
    const ws = host.origin.replace('http', 'ws') + '/__tessera/ws';
    expect(await tryConnect(`${ws}?token=${host.token}`, host.origin)).toBe('open');
    expect(await tryConnect(`${ws}?token=wrong`, host.origin)).toBe('refused');
    expect(await tryConnect(ws, host.origin)).toBe('refused');
    expect(await tryConnect(`${ws}?token=${host.token}`, 'http://evil.example')).toBe('refused');
    expect(await tryConnect(`${ws}?token=${host.token}`, 'http://localhost:1')).toBe('refused');
  });

  it('answers calls over the socket with the result envelope', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-host-'));
    host = await startWebTestHost({ dataDir });
    const socket = new WebSocket(host.origin.replace('http', 'ws') + `/__tessera/ws?token=${host.token}`, { origin: host.origin });
    await new Promise((r) => socket.on('open', r));
    const reply = new Promise<string>((r) => socket.once('message', (m) => r(m.toString())));
    socket.send(JSON.stringify({ id: 7, channel: 'app.info', input: {} }));
    expect(JSON.parse(await reply)).toMatchObject({ id: 7, result: { ok: true, value: { host: 'web-test-host' } } });
    socket.close();
  });
});
