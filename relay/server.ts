// The standalone relay: a WebSocket server in front of a RelayHub and its log store (SQLite, or
// PostgreSQL with `store`: open-log-store.ts), and on
// the same port the HTTP routes of share links (share-link-routes.ts: the recipient's page and
// the signed requests devices manage links with), of SCIM deprovisioning (scim-routes.ts) and of
// Okta Universal Logout (universal-logout.ts). Zero-knowledge: it stores and forwards records
// it cannot read. Desktops embed the same server for LAN peer-to-peer sync. Binds to 127.0.0.1
// unless told otherwise. Share links and SCIM state stay in the SQLite file (`dbPath`) even
// when the log is in PostgreSQL. With PostgreSQL, several relay nodes may share one database:
// each node LISTENs for the others' appends (log-notifications.ts) and the hub delivers them to
// its own subscribers; a load balancer in front spreads devices over the nodes, and asks
// `/healthz` (the process serves HTTP) and `/readyz` (200 when the store answers and the node
// listens for the others' appends, else 503 with why).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { rawBytes } from '../protocol/relay-endpoint';
import { MAX_RECORD_BYTES } from '../protocol/relay-frames';
import { RelayHub } from './relay-hub';
import type { RelayLimits } from './relay-limits';
import { openLogNotifications, openLogStore } from './open-log-store';
import type { LogNotifications } from './log-notifications';
import type { PostgresNotificationOptions } from './postgres-log-notifications';
import { WorkspaceChainKeys } from './chain-keys';
import { smtpLinkMailer, type SmtpSettings } from './link-mailer';
import { ShareLinkStore } from './share-link-store';
import { shareLinkRoutes, type AccessLogEntry } from './share-link-routes';
import { ScimStore } from './scim-store';
import { SeenSignatures } from './seen-signatures';
import { WorkspaceMailers } from './workspace-mailers';
import { scimRoutes } from './scim-routes';
import { universalLogoutRoutes } from './universal-logout';

/** How long /readyz waits for the store. */
const READY_TIMEOUT_MS = 2_000;

export interface RelayOptions {
  /** SQLite file, or ':memory:': share links, SCIM, and the log unless `store` is given. */
  dbPath: string;
  /** `postgres://user@host:port/db`: keep the log in PostgreSQL (postgres-log-store.ts). */
  store?: string;
  /** Errors of idle PostgreSQL connections, password redacted (the relay keeps serving; the next query reconnects). */
  onStoreError?(message: string): void;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** What one client may cost (relay-limits.ts); defaults otherwise. */
  limits?: Partial<RelayLimits>;
  /** Where share-link codes are emailed from, for workspaces that set no SMTP server of their own; without either, links that check an email are refused. */
  smtp?: SmtpSettings;
  /** Workspaces may name SMTP servers on private or loopback addresses, on any port (default: public SMTP servers only). */
  smtpPrivateHosts?: boolean;
  /** The structured access log of the HTTP routes (no bodies, codes or addresses). */
  accessLog?(entry: AccessLogEntry): void;
  /** With a PostgreSQL store: how the connection listening for other nodes' appends reconnects, and who hears it go down and up. */
  notify?: PostgresNotificationOptions;
}

export interface RunningRelay {
  url: string;
  port: number;
  hub: RelayHub;
  /** With a PostgreSQL store: the connection hearing other nodes' appends. */
  notifications?: LogNotifications;
  close(): Promise<void>;
}

export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  const store = await openLogStore(options);
  const notifications = await openLogNotifications({
    ...options,
    ...options.notify,
    onState: (state, message) => {
      if (message) options.onStoreError?.(message);
      options.notify?.onState?.(state, message);
    },
  });
  const hub = new RelayHub(store, options.limits, { shared: notifications !== undefined });
  try {
    await notifications?.start(hub);
  } catch (error) {
    await store.close();
    throw error;
  }
  const links = new ShareLinkStore(options.dbPath);
  const chains = new WorkspaceChainKeys(store);
  const mailers = new WorkspaceMailers(links, options.smtp ? smtpLinkMailer(options.smtp) : undefined, options.smtpPrivateHosts === true);
  // One memory of accepted request signatures for every signed route: a replay is refused.
  const seen = new SeenSignatures();
  const linkRoutes = shareLinkRoutes({
    store: links,
    seen,
    currentKey: async (workspaceId) => (await chains.keysOf(workspaceId)).at(-1),
    mailerFor: (workspaceId) => mailers.mailerFor(workspaceId),
    ...(options.accessLog ? { log: options.accessLog } : {}),
  });
  const scim = new ScimStore(options.dbPath);
  const scimHandler = scimRoutes({ store: scim, seen, smtp: mailers, chainState: (workspaceId) => chains.stateOf(workspaceId), ...(options.accessLog ? { log: options.accessLog } : {}) });
  const logoutHandler = universalLogoutRoutes({ store: scim, ...(options.accessLog ? { log: options.accessLog } : {}) });
  // Readiness: the log store answers a query (within READY_TIMEOUT_MS) and, with several nodes, this node hears the others' appends.
  const readiness = async (): Promise<string | undefined> => {
    if (notifications && !notifications.listening) return 'not listening for other nodes\' appends';
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('the store did not answer in time'), READY_TIMEOUT_MS)));
    try {
      return await Promise.race([store.lastSeq('readyz').then(() => undefined), late]);
    } catch {
      return 'the store cannot be reached';
    } finally {
      clearTimeout(timer);
    }
  };
  const http = createServer((request, response) => {
    // Liveness (the process serves HTTP) and readiness (it can serve devices), for load balancers and orchestrators.
    if (request.url === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (request.url === '/readyz') {
      void readiness().then((why) => response.writeHead(why ? 503 : 200, { 'content-type': 'text/plain' }).end(why ? `not ready: ${why}` : 'ready'));
      return;
    }
    if (linkRoutes(request, response) || scimHandler(request, response) || logoutHandler(request, response)) return;
    response.writeHead(request.url === '/health' ? 200 : 404, { 'content-type': 'text/plain' }).end(request.url === '/health' ? 'ok' : 'not found');
  });
  const wss = new WebSocketServer({
    server: http,
    // The largest record plus its frame header.
    maxPayload: MAX_RECORD_BYTES + 8192,
    // Tessera's clients are Node processes, which send no Origin. A browser always does: any
    // web page could otherwise open a socket to a relay on this machine or LAN (the embedded
    // relay listens where pages run), use join mailboxes and read team chains.
    verifyClient: (info: { origin?: string }, done: (ok: boolean, code?: number, message?: string) => void) =>
      info.origin ? done(false, 403, 'Browser origins may not use a Tessera relay') : done(true),
  });
  wss.on('connection', (socket, request) => {
    const send = (frame: Uint8Array) => {
      // A client that stops reading makes the relay buffer everything sent to it: past the limit it is disconnected.
      if (socket.bufferedAmount + frame.length > hub.limits.sendBufferBytes) socket.terminate();
      else socket.send(frame);
    };
    const connection = hub.connect(send, {
      address: request.socket.remoteAddress ?? 'unknown',
      disconnect: () => socket.close(1008, 'relay limit'),
      pause: () => socket.pause(),
      resume: () => socket.resume(),
    });
    socket.on('message', (data, isBinary) => {
      if (!isBinary) socket.close(1003, 'binary frames only');
      else connection.receive(rawBytes(data));
    });
    socket.on('close', () => connection.close());
    socket.on('error', () => socket.terminate());
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  }).catch(async (error: unknown) => {
    mailers.close();
    links.close();
    scim.close();
    await notifications?.close();
    await store.close();
    throw error;
  });
  const { port, address } = http.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `ws://${host}:${port}`,
    port,
    hub,
    ...(notifications ? { notifications } : {}),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      // What was received before the sockets closed is handled before the store goes.
      await hub.idle();
      await notifications?.close();
      mailers.close();
      links.close();
      scim.close();
      await store.close();
    },
  };
}
