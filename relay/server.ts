// The standalone relay: a WebSocket server in front of a RelayHub and its log store (SQLite, or
// PostgreSQL with `store`: open-log-store.ts), and on
// the same port the HTTP routes of share links (share-link-routes.ts: the recipient's page and
// the signed requests devices manage links with), of SCIM deprovisioning (scim-routes.ts) and of
// Okta Universal Logout (universal-logout.ts). Zero-knowledge: it stores and forwards records
// it cannot read. Desktops embed the same server for LAN peer-to-peer sync. Binds to 127.0.0.1
// unless told otherwise. Share links, SCIM and the memory of accepted request signatures are
// kept beside the log (open-relay-state.ts): in the SQLite file (`dbPath`) and in memory, or in
// PostgreSQL, the same for every node. With PostgreSQL, several relay nodes may share one database:
// each node LISTENs for the others' appends (log-notifications.ts) and the hub delivers them to
// its own subscribers; a load balancer in front spreads devices over the nodes, and asks
// `/healthz` (the process serves HTTP) and `/readyz` (200 when the store answers and the node
// listens for the others' appends, else 503 with why; 503 "draining" once drain() began: the
// node is stopping and its devices are about to reconnect elsewhere). With `metrics`, GET
// /metrics is the Prometheus exposition (relay-metrics.ts): counts only, no ids or addresses,
// so it is served without authentication, on the relay's port or, with a port of its own, only
// on loopback; a load balancer in front should not pass it to devices (docs/relay-multi-node.md).
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
import { shareLinkRoutes, type AccessLogEntry } from './share-link-routes';
import { openRelayState } from './open-relay-state';
import { WorkspaceMailers } from './workspace-mailers';
import { scimRoutes } from './scim-routes';
import { universalLogoutRoutes } from './universal-logout';
import { PrometheusRelayMetrics, serveMetrics } from './relay-metrics';
import { clientAddress, normalizeAddress } from './client-address';

/** How long /readyz waits for the store. */
const READY_TIMEOUT_MS = 2_000;

export interface RelayOptions {
  /** SQLite file, or ':memory:': the log, share links and SCIM, unless `store` is given. */
  dbPath: string;
  /** `postgres://user@host:port/db`: keep the log (postgres-log-store.ts), share links, SCIM and accepted request signatures (postgres-relay-state.ts) in PostgreSQL, shared by every node on it. */
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
  /** Count (relay-metrics.ts) and serve GET /metrics: on the relay's port, or with `port` only there, on 127.0.0.1 (0: a free port). */
  metrics?: { port?: number };
  /** Load balancers whose X-Forwarded-For names the device's address (client-address.ts); per-address limits count that address. */
  trustedProxies?: string[];
}

export interface RunningRelay {
  url: string;
  port: number;
  hub: RelayHub;
  /** With a PostgreSQL store: the connection hearing other nodes' appends. */
  notifications?: LogNotifications;
  /** With `metrics`: the counters, and where they are served when on a port of their own. */
  metrics?: PrometheusRelayMetrics;
  metricsUrl?: string;
  /**
   * Graceful stop, before close(): /readyz answers 503 "draining" at once, new WebSockets are
   * refused (503) and frames arriving on open ones are dropped (devices send them again after
   * reconnecting), what was received before is handled, then every WebSocket is closed with 1001
   * (going away) so its device reconnects, to another node behind a load balancer.
   */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  const metrics = options.metrics ? new PrometheusRelayMetrics() : undefined;
  const onStoreError = (message: string) => {
    metrics?.storeError();
    options.onStoreError?.(message);
  };
  const store = await openLogStore({ ...options, onStoreError });
  const notifications = await openLogNotifications({
    ...options,
    ...options.notify,
    onState: (state, message) => {
      if (message) onStoreError(message);
      options.notify?.onState?.(state, message);
    },
  });
  const hub = new RelayHub(store, options.limits, { shared: notifications !== undefined, ...(metrics ? { metrics } : {}) });
  if (metrics) metrics.openConnections = () => hub.connectionCount;
  let draining = false;
  const trustedProxies = new Set((options.trustedProxies ?? []).map(normalizeAddress));
  try {
    await notifications?.start(hub);
  } catch (error) {
    await store.close();
    throw error;
  }
  const state = await openRelayState({ ...options, onStoreError }).catch(async (error: unknown) => {
    await notifications?.close();
    await store.close();
    throw error;
  });
  // One memory of accepted request signatures (`seen`) for every signed route: a replay is refused.
  const { links, scim, seen } = state;
  const chains = new WorkspaceChainKeys(store);
  const mailers = new WorkspaceMailers(links, options.smtp ? smtpLinkMailer(options.smtp) : undefined, options.smtpPrivateHosts === true);
  const linkRoutes = shareLinkRoutes({
    store: links,
    seen,
    currentKey: async (workspaceId) => (await chains.keysOf(workspaceId)).at(-1),
    mailerFor: (workspaceId) => mailers.mailerFor(workspaceId),
    ...(options.accessLog ? { log: options.accessLog } : {}),
  });
  const scimHandler = scimRoutes({ store: scim, seen, smtp: mailers, chainState: (workspaceId) => chains.stateOf(workspaceId), ...(options.accessLog ? { log: options.accessLog } : {}) });
  const logoutHandler = universalLogoutRoutes({ store: scim, ...(options.accessLog ? { log: options.accessLog } : {}) });
  // Readiness: the log store answers a query (within READY_TIMEOUT_MS) and, with several nodes, this node hears the others' appends.
  const readiness = async (): Promise<string | undefined> => {
    if (draining) return 'draining';
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
    if (metrics && options.metrics?.port === undefined && serveMetrics(metrics, request, response)) return;
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
    // A draining node takes no new device (a load balancer retries the upgrade on another node).
    verifyClient: (info: { origin?: string }, done: (ok: boolean, code?: number, message?: string) => void) =>
      info.origin ? done(false, 403, 'Browser origins may not use a Tessera relay') : draining ? done(false, 503, 'This relay node is shutting down') : done(true),
  });
  wss.on('connection', (socket, request) => {
    const send = (frame: Uint8Array) => {
      // A client that stops reading makes the relay buffer everything sent to it: past the limit it is disconnected.
      if (socket.bufferedAmount + frame.length > hub.limits.sendBufferBytes) {
        metrics?.limitRefused('send_buffer');
        socket.terminate();
      } else socket.send(frame);
    };
    const connection = hub.connect(send, {
      address: clientAddress(request, trustedProxies),
      disconnect: () => socket.close(1008, 'relay limit'),
      pause: () => socket.pause(),
      resume: () => socket.resume(),
    });
    socket.on('message', (data, isBinary) => {
      if (draining) return;
      if (!isBinary) socket.close(1003, 'binary frames only');
      else connection.receive(rawBytes(data));
    });
    socket.on('close', () => connection.close());
    socket.on('error', () => socket.terminate());
  });
  // With a port of its own, /metrics is served there only, on loopback (for a Prometheus agent on the same machine).
  const metricsHttp = metrics && options.metrics?.port !== undefined
    ? createServer((request, response) => void (serveMetrics(metrics, request, response) || response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')))
    : undefined;
  const listen = (server: typeof http, port: number, host: string) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
  await listen(http, options.port ?? 0, options.host ?? '127.0.0.1')
    .then(() => metricsHttp && listen(metricsHttp, options.metrics!.port!, '127.0.0.1'))
    .catch(async (error: unknown) => {
    http.close(() => {});
    mailers.close();
    await state.close();
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
    ...(metrics ? { metrics } : {}),
    ...(metricsHttp ? { metricsUrl: `http://127.0.0.1:${(metricsHttp.address() as AddressInfo).port}/metrics` } : {}),
    drain: async () => {
      draining = true;
      // Every frame handed to the hub so far is handled (publishes appended and acknowledged) before the sockets close.
      await hub.idle();
      await Promise.all(
        [...wss.clients].map(
          (client) =>
            new Promise<void>((resolve) => {
              if (client.readyState === client.CLOSED) return resolve();
              client.once('close', () => resolve());
              client.close(1001, 'relay node shutting down');
            }),
        ),
      );
    },
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      metricsHttp?.closeAllConnections();
      await new Promise<void>((resolve) => (metricsHttp ? metricsHttp.close(() => resolve()) : resolve()));
      // What was received before the sockets closed is handled before the store goes.
      await hub.idle();
      await notifications?.close();
      mailers.close();
      await state.close();
      await store.close();
    },
  };
}
