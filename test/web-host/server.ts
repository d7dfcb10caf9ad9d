// The web test host (test-only; never bundled into the app): serves the built renderer with
// the same CSP as app://, plus a `window.tessera` shim that reaches the real handler table
// over a loopback WebSocket. Bound to 127.0.0.1, guarded by a random token and an Origin
// check, so end-to-end tests drive the real UI and services in plain Chromium.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { join, resolve } from 'node:path';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createVaultServices, type Services } from '../../main/services';
import { createDispatcher } from '../../main/ipc/dispatcher';
import { createHandlerTable } from '../../main/ipc/handler-table';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../main/ipc/contract/channel-names';
import { buildTesseraApi } from '../../main/ipc/bridge';
import { contentSecurityPolicy } from '../../main/app/content-security-policy';
import { mimeTypeOf, resolveAppAsset } from '../../main/app/app-asset-path';
import { silentLogger, type Logger } from '../../main/logger';
import { installTesseraShim } from './shim';
import { createMemoryClipboard } from '../../main/platform/clipboard-guard';
import { xdgAutostart } from '../../main/platform/xdg-autostart';
import type { CreateVaultOptions } from '../../main/vault';
import type { ScreenCapture } from '../../main/mfa/screen-qr-scanner';
import { fixtureScreenCapture } from '../fixtures/screen-capture/fixture-screen';

export type WebTestHost = {
  /** URL to open in the browser; carries the token in its fragment. */
  url: string;
  origin: string;
  token: string;
  services: Services;
  /** Links the app asked the OS to open (the web host never opens them). */
  openedLinks: string[];
  /** The in-memory clipboard standing in for the OS clipboard. */
  clipboard: ReturnType<typeof createMemoryClipboard>;
  /** Where files the app "saved" land (the web host's stand-in for the save dialog). */
  downloadsDir: string;
  close(): Promise<void>;
};

export type WebTestHostOptions = {
  dataDir: string;
  /** KDF cost and test mode for vaults created through this host (tests and benches). */
  vaultOptions?: CreateVaultOptions;
  rendererDir?: string;
  log?: Logger;
  /** Where "saved" files land (the web host has no save dialog); default <dataDir>/downloads. */
  downloadsDir?: string;
  /** Stands in for desktopCapturer; default: the fixture screen with a setup QR code off-centre. */
  screenCapture?: ScreenCapture;
  /** What the stand-in of the browser file dialog picks (default: TESSERA_BROWSER or /usr/bin/chromium). */
  chosenBrowser?: string;
  /** Serve the browser extension's bridge socket (services.browserBridge.socketPath), as the app does; default false. */
  browserBridge?: boolean;
};

const MAX_WS_MESSAGE = 64 * 1024 * 1024;

export async function startWebTestHost(options: WebTestHostOptions): Promise<WebTestHost> {
  const rendererDir = options.rendererDir ?? resolve(import.meta.dirname, '../../out/renderer');
  const log = options.log ?? silentLogger;
  const token = randomBytes(24).toString('base64url');
  const openedLinks: string[] = [];
  // Fake (in-memory) clipboard: a headless test must not touch the machine's real one.
  const clipboard = createMemoryClipboard();
  const downloadsDir = options.downloadsDir ?? join(options.dataDir, 'downloads');
  const services = createVaultServices({
    dataDir: options.dataDir,
    platform: {
      host: 'web-test-host',
      version: '0.0.0-test',
      openInOs: async (url) => {
        openedLinks.push(url);
      },
      clipboard,
      // Stands in for the save dialog: the file goes to `downloadsDir` under the suggested name.
      saveFile: async ({ suggestedName, bytes }) => {
        mkdirSync(downloadsDir, { recursive: true });
        writeFileSync(join(downloadsDir, suggestedName), bytes, { mode: 0o600 });
        return { fileName: suggestedName };
      },
      screenCapture: options.screenCapture ?? fixtureScreenCapture,
      // Stands in for the browser file dialog: the "person" picks the machine's Chromium.
      chooseBrowser: async () => options.chosenBrowser ?? process.env.TESSERA_BROWSER ?? '/usr/bin/chromium',
      // Stands in for the open dialog: the "person" picks the file waiting in <dataDir>/to-import
      // (an import) or <dataDir>/to-restore (a backup).
      chooseFile: async (purpose) => {
        const dir = join(options.dataDir, purpose === 'import' ? 'to-import' : 'to-restore');
        const [first] = existsSync(dir) ? readdirSync(dir).sort() : [];
        return first ? join(dir, first) : null;
      },
      // The real XDG autostart entry, written under the data folder instead of ~/.config.
      startAtLogin: xdgAutostart({ configHome: join(options.dataDir, 'xdg-config'), command: ['/usr/bin/tessera'] }),
    },
    log,
    ...(options.vaultOptions ? { vaultOptions: options.vaultOptions } : {}),
  });
  const dispatch = createDispatcher(createHandlerTable(services), log);
  if (options.browserBridge) await services.browserBridge.start();

  const server = createServer((req, res) => void serveHttp(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}/__tessera/ws`;
  const csp = contentSecurityPolicy([wsUrl]);

  const shimSource =
    `(${installTesseraShim.toString()})(` +
    `${JSON.stringify({ wsUrl, channels: CHANNEL_NAMES, events: EVENT_NAMES })}, ${buildTesseraApi.toString()});`;

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method !== 'GET') {
      res.writeHead(405, headers).end();
      return;
    }
    if (path === '/__tessera/shim.js') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(shimSource);
      return;
    }
    const file = resolveAppAsset(rendererDir, `app://tessera${path}`);
    if (file === null) {
      res.writeHead(404, headers).end();
      return;
    }
    try {
      let body: Buffer | string = await readFile(file);
      if (file.endsWith('index.html')) {
        // A classic script runs before the deferred module bundle, so window.tessera exists first.
        body = body.toString('utf8').replace('<head>', '<head>\n    <script src="/__tessera/shim.js"></script>');
      }
      res.writeHead(200, { ...headers, 'Content-Type': mimeTypeOf(file) }).end(body);
    } catch {
      res.writeHead(404, headers).end();
    }
  }

  const wss = new WebSocketServer({
    server,
    path: '/__tessera/ws',
    maxPayload: MAX_WS_MESSAGE,
    verifyClient: ({ origin: requestOrigin, req }: { origin: string; req: IncomingMessage }) =>
      requestOrigin === origin && tokenMatches(new URL(req.url ?? '', origin).searchParams.get('token')),
  });

  function tokenMatches(candidate: string | null): boolean {
    if (candidate === null) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  const unsubscribe = services.events.subscribe((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const client of wss.clients) client.send(frame);
  });

  wss.on('connection', (socket: WebSocket) => {
    socket.on('message', (raw) => {
      let message: { id?: unknown; channel?: unknown; input?: unknown };
      try {
        message = JSON.parse(raw.toString()) as typeof message;
      } catch {
        return;
      }
      if (typeof message.id !== 'number' || typeof message.channel !== 'string') return;
      const id = message.id;
      void dispatch(message.channel, message.input, { transport: 'web-test-host' }).then((result) => {
        socket.send(JSON.stringify({ id, result }));
      });
    });
  });

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    services,
    openedLinks,
    clipboard,
    downloadsDir,
    async close() {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      await new Promise<void>((done) => server.close(() => done()));
      await services.close();
    },
  };
}
