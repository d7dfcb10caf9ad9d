// What a relay node counts, and its Prometheus text exposition (format 0.0.4) for GET /metrics,
// written here without a client library. The hub (relay-hub.ts) and the server (server.ts)
// count through the small RelayMetrics interface they are handed; NO_METRICS counts nothing
// (the desktop's embedded relay). Labels are a small fixed set of refusal reasons, never a
// workspace id, doc id or address, so a scrape tells an operator how busy and how healthy a
// node is and nothing about who uses it.
//
// Notify lag is measured on this node only: from the arrival of another node's append
// notification (its payload is `docId seq`, no time) to the fan-out of the records it announced
// to this node's subscribers. It leaves out the time between the other node's COMMIT and the
// notification's arrival (PostgreSQL sends it on commit; on one network that is well under a
// millisecond), and it needs no clock shared between nodes.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Why a connection was refused or cut off for lack of (valid) authentication. */
export const AUTH_REFUSAL_REASONS = ['unknown_key', 'auth_required', 'stale_key'] as const;
/** Why a connection or a record was refused by a quota or a rate (relay-limits.ts). */
export const LIMIT_REFUSAL_REASONS = [
  'connections_per_address',
  'connections_per_workspace',
  'new_workspaces_per_address',
  'frame_rate',
  'subscribe_rate',
  'subscriptions_per_connection',
  'workspace_quota',
  'join_mailbox',
  'send_buffer',
] as const;
export type AuthRefusalReason = (typeof AUTH_REFUSAL_REASONS)[number];
export type LimitRefusalReason = (typeof LIMIT_REFUSAL_REASONS)[number];

export interface RelayMetrics {
  /** A published record this node appended (not a duplicate), of `bytes` bytes. */
  recordAppended(bytes: number): void;
  /** Record messages sent to subscribers (live and backlog). */
  recordsDelivered(count: number): void;
  authRefused(reason: AuthRefusalReason): void;
  limitRefused(reason: LimitRefusalReason): void;
  /** Seconds from another node's append notification arriving to its records' fan-out here. */
  notifyLag(seconds: number): void;
  /** A read of a doc's log to bring its subscribers up to date (a notification, a gap, a reconnect). */
  catchUpRead(): void;
  /** A store call that failed (PostgreSQL unreachable, an idle connection's error). */
  storeError(): void;
}

export const NO_METRICS: RelayMetrics = {
  recordAppended: () => {},
  recordsDelivered: () => {},
  authRefused: () => {},
  limitRefused: () => {},
  notifyLag: () => {},
  catchUpRead: () => {},
  storeError: () => {},
};

/** The Content-Type of the text exposition format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Upper bounds (seconds) of the notify-lag histogram's buckets: 1 ms to 10 s. */
export const NOTIFY_LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10] as const;

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
/** A sample value as Prometheus writes it (Go float formatting for the special values). */
export const formatValue = (value: number) => (Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value));
const header = (name: string, type: 'counter' | 'gauge' | 'histogram', help: string) => [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`];

/** A counter, optionally split by one label over a fixed set of values (each exported from 0). */
class Counter<L extends string = never> {
  readonly #values = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly label?: { name: string; values: readonly L[] },
  ) {
    if (!name.endsWith('_total')) throw new Error(`A counter's name ends with _total: ${name}`);
    for (const value of label?.values ?? ['']) this.#values.set(value, 0);
  }

  inc(by = 1, labelValue: L | '' = ''): void {
    if (!this.#values.has(labelValue) || !(by >= 0)) return;
    this.#values.set(labelValue, this.#values.get(labelValue)! + by);
  }

  lines(): string[] {
    const samples = [...this.#values].map(([value, count]) => `${this.name}${this.label ? `{${this.label.name}="${escapeLabel(value)}"}` : ''} ${formatValue(count)}`);
    return [...header(this.name, 'counter', this.help), ...samples];
  }
}

/** A histogram with fixed bucket bounds: cumulative `_bucket{le=…}` samples, `_sum` and `_count`. */
class Histogram {
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly bounds: readonly number[],
  ) {
    this.#counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    const index = this.bounds.findIndex((bound) => value <= bound);
    if (index >= 0) this.#counts[index]!++;
    this.#sum += value;
    this.#count++;
  }

  lines(): string[] {
    let cumulative = 0;
    const buckets = this.bounds.map((bound, i) => `${this.name}_bucket{le="${formatValue(bound)}"} ${(cumulative += this.#counts[i]!)}`);
    return [
      ...header(this.name, 'histogram', this.help),
      ...buckets,
      `${this.name}_bucket{le="+Inf"} ${this.#count}`,
      `${this.name}_sum ${formatValue(this.#sum)}`,
      `${this.name}_count ${this.#count}`,
    ];
  }
}

/** A node's counters, kept in memory since it started, and their exposition. */
export class PrometheusRelayMetrics implements RelayMetrics {
  /** Read at each scrape (the server points it at the hub's open connections). */
  openConnections: () => number = () => 0;
  readonly #appended = new Counter('tessera_relay_records_appended_total', 'Published records this node appended to the log (resent duplicates not counted).');
  readonly #appendedBytes = new Counter('tessera_relay_record_bytes_appended_total', 'Bytes of the records this node appended to the log.');
  readonly #delivered = new Counter('tessera_relay_records_delivered_total', 'Record messages this node sent to subscribers (live and backlog).');
  readonly #authRefusals = new Counter('tessera_relay_auth_refusals_total', 'Authentications refused and messages refused for lack of a valid workspace key, by reason.', { name: 'reason', values: AUTH_REFUSAL_REASONS });
  readonly #limitRefusals = new Counter('tessera_relay_limit_refusals_total', 'Connections and records refused by a quota or rate limit, by reason.', { name: 'reason', values: LIMIT_REFUSAL_REASONS });
  readonly #catchUps = new Counter('tessera_relay_catch_up_reads_total', "Reads of a doc's log to bring its subscribers up to date (another node's append, a gap, a reconnected listener).");
  readonly #storeErrors = new Counter('tessera_relay_store_errors_total', 'Store calls that failed and errors of idle store connections.');
  readonly #notifyLag = new Histogram('tessera_relay_notify_lag_seconds', "Seconds from another node's append notification arriving here to the fan-out of its records to this node's subscribers.", NOTIFY_LAG_BUCKETS);

  recordAppended(bytes: number): void {
    this.#appended.inc();
    this.#appendedBytes.inc(bytes);
  }

  recordsDelivered(count: number): void {
    this.#delivered.inc(count);
  }

  authRefused(reason: AuthRefusalReason): void {
    this.#authRefusals.inc(1, reason);
  }

  limitRefused(reason: LimitRefusalReason): void {
    this.#limitRefusals.inc(1, reason);
  }

  notifyLag(seconds: number): void {
    this.#notifyLag.observe(seconds);
  }

  catchUpRead(): void {
    this.#catchUps.inc();
  }

  storeError(): void {
    this.#storeErrors.inc();
  }

  /** The text exposition: every family with its HELP and TYPE lines, ending with a newline. */
  render(): string {
    const lines = [
      ...header('tessera_relay_open_connections', 'gauge', 'WebSocket connections open on this node.'),
      `tessera_relay_open_connections ${formatValue(this.openConnections())}`,
      ...this.#appended.lines(),
      ...this.#appendedBytes.lines(),
      ...this.#delivered.lines(),
      ...this.#authRefusals.lines(),
      ...this.#limitRefusals.lines(),
      ...this.#catchUps.lines(),
      ...this.#storeErrors.lines(),
      ...this.#notifyLag.lines(),
    ];
    return `${lines.join('\n')}\n`;
  }
}

/** Answers GET /metrics with the exposition and says whether it did (server.ts). */
export function serveMetrics(metrics: PrometheusRelayMetrics, request: IncomingMessage, response: ServerResponse): boolean {
  if (new URL(request.url ?? '/', 'http://relay').pathname !== '/metrics') return false;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed');
    return true;
  }
  response.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : metrics.render());
  return true;
}
