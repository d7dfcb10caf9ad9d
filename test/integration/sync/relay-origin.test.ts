// Security review, issue 16 item 11: a web page in a browser on this machine (or the LAN)
// opens a WebSocket to the desktop's embedded relay. Browsers always send an Origin header;
// Tessera's own clients never do. Performed over a real socket against the embedded relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startLanRelay } from '../../../main/sharing/embedded-relay';
import type { RunningRelay } from '../../../relay/server';

let relay: RunningRelay;

beforeAll(async () => {
  relay = await startLanRelay({ dbPath: ':memory:', host: '127.0.0.1' });
});

afterAll(async () => {
  await relay?.close();
});

/** How an upgrade ends: the socket opens, or the HTTP status the relay answered instead. */
function upgrade(headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(relay.url, { headers });
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

describe("embedded relay and browser origins (security review, issue 16 #11)", () => {
  it.each(['https://evil.example', 'http://localhost:5173', 'null', 'file://'])('refuses the upgrade from a page with Origin %s (403)', async (origin) => {
    expect(await upgrade({ Origin: origin })).toBe(403);
  });

  it("accepts Tessera's own clients, which send no Origin", async () => {
    expect(await upgrade({})).toBe('open');
  });
});
