// How a relay process (`tessera relay serve`, `npm run relay`) reads its operations flags
// (--log-format, --drain-timeout, --metrics-port, --trusted-proxy) and stops: on SIGTERM or SIGINT it drains
// (server.ts drain(): /readyz 503 "draining" at once, no new device, what was received handled,
// every WebSocket closed with 1001 so devices reconnect to another node), closes its stores and
// exits 0. A second signal, or a drain longer than the drain timeout, ends it at once with
// exit code 1. Each step is an event in the relay's log (relay-log.ts).
import { isIP } from 'node:net';
import { LOG_FORMATS, type LogFormat, type RelayLog } from './relay-log';
import type { RelayOptions } from './server';

/** Default --drain-timeout, in seconds. */
export const DEFAULT_DRAIN_TIMEOUT_S = 10;

export interface ServeFlags {
  logFormat?: LogFormat;
  drainTimeoutMs: number;
  metricsPort?: number;
  /** Load balancers' addresses whose X-Forwarded-For is believed (client-address.ts). */
  trustedProxies?: string[];
}

/** The operations flags as both CLIs receive them (strings), checked; `error` says what is wrong. */
export function serveFlagsFrom(raw: { logFormat?: string | undefined; drainTimeout?: string | undefined; metricsPort?: string | undefined; trustedProxy?: string | undefined }): ServeFlags | { error: string } {
  if (raw.logFormat !== undefined && !(LOG_FORMATS as readonly string[]).includes(raw.logFormat)) return { error: `--log-format takes json or text, not ${raw.logFormat}.` };
  const seconds = Number(raw.drainTimeout ?? DEFAULT_DRAIN_TIMEOUT_S);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) return { error: `--drain-timeout takes a number of seconds from 0 to 3600, not ${raw.drainTimeout}.` };
  const metricsPort = raw.metricsPort === undefined ? undefined : Number(raw.metricsPort);
  if (metricsPort !== undefined && (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535)) return { error: `--metrics-port must be a number from 0 to 65535, not ${raw.metricsPort}.` };
  const trustedProxies = raw.trustedProxy?.split(',').map((a) => a.trim());
  const notAnAddress = trustedProxies?.find((a) => isIP(a) === 0);
  if (notAnAddress !== undefined) return { error: `--trusted-proxy takes IP addresses separated by commas, not ${notAnAddress || 'an empty one'}.` };
  return {
    ...(raw.logFormat ? { logFormat: raw.logFormat as LogFormat } : {}),
    drainTimeoutMs: seconds * 1000,
    ...(metricsPort !== undefined ? { metricsPort } : {}),
    ...(trustedProxies ? { trustedProxies } : {}),
  };
}

/** What both relay processes pass to startRelay from their flags and log: /metrics, store errors and (with --access-log) HTTP requests as log events, trusted proxies. */
export function operationsOptions(flags: ServeFlags, log: RelayLog, accessLog: boolean): Pick<RelayOptions, 'metrics' | 'accessLog' | 'onStoreError' | 'trustedProxies'> {
  return {
    metrics: flags.metricsPort !== undefined ? { port: flags.metricsPort } : {},
    onStoreError: (message) => log.write('warn', 'store_error', { code: 'RELAY_STORE_UNAVAILABLE', message }),
    ...(accessLog ? { accessLog: log.access } : {}),
    ...(flags.trustedProxies ? { trustedProxies: flags.trustedProxies } : {}),
  };
}

/** The `listening` event: the relay's URL, its storage, and where /metrics is served. */
export function logListening(log: RelayLog, relay: { url: string; metricsUrl?: string }, storage: string): void {
  log.write('info', 'listening', { url: relay.url, storage, metrics: relay.metricsUrl ?? `${relay.url.replace(/^ws:/, 'http:')}/metrics` });
}

export interface StoppableRelay {
  drain(): Promise<void>;
  close(): Promise<void>;
  hub: { connectionCount: number };
}

/**
 * Resolves with 0 once a signal drained and closed the relay; calls `exit(1)` when a second
 * signal comes or the drain takes longer than `drainTimeoutMs`.
 */
export function stopOnSignal(relay: StoppableRelay, options: { drainTimeoutMs: number; log: RelayLog; exit(code: number): void }): Promise<number> {
  return new Promise((resolve) => {
    const signals = ['SIGTERM', 'SIGINT'] as const;
    const force = (why: string) => {
      options.log.write('error', 'stop_forced', { why, connections: relay.hub.connectionCount });
      options.exit(1);
    };
    const first = (signal: NodeJS.Signals) => {
      for (const s of signals) {
        process.removeListener(s, first);
        process.once(s, () => force(`second signal (${s})`));
      }
      const started = Date.now();
      options.log.write('info', 'draining', { signal, connections: relay.hub.connectionCount });
      const timer = setTimeout(() => force(`drain took longer than ${options.drainTimeoutMs / 1000} s`), options.drainTimeoutMs);
      void relay
        .drain()
        .then(() => options.log.write('info', 'drained', { ms: Date.now() - started }))
        .then(() => relay.close())
        .then(
          () => {
            clearTimeout(timer);
            options.log.write('info', 'stopped', { ms: Date.now() - started });
            resolve(0);
          },
          (error: unknown) => {
            clearTimeout(timer);
            force(`closing failed: ${error instanceof Error ? error.message : String(error)}`);
          },
        );
    };
    for (const s of signals) process.once(s, first);
  });
}
