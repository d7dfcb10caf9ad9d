// The relay's structured log: one line per event on stderr, as a JSON object (`--log-format
// json`: time, level, event, then the event's fields) or as text (`--log-format text`: time
// level event key=value …). The HTTP access log's entries (share-link-routes.ts
// AccessLogEntry: method, route, status; never a body, code, token or address) are one kind of
// event in it, `http_request`. Fields are counts, routes, codes and redacted messages: no
// secret, no store password (redactStoreUrl), no address. Without --log-format a relay writes
// only warnings and errors, as JSON lines (what it always did); with it, every event.
import type { AccessLogEntry } from './share-link-routes';

export const LOG_FORMATS = ['json', 'text'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface RelayLog {
  write(level: LogLevel, event: string, fields?: LogFields, at?: number): void;
  /** An HTTP access-log entry, as the `http_request` event. */
  access(entry: AccessLogEntry): void;
}

export interface RelayLogOptions {
  /** Undefined: warnings and errors only, as JSON. */
  format?: LogFormat;
  /** Where each line goes (stderr). */
  out(line: string): void;
}

const textValue = (value: string | number | boolean) => (typeof value === 'string' && (value === '' || /[\s"=]/.test(value)) ? JSON.stringify(value) : String(value));

/** One event as one line (without its newline). */
export function formatLogLine(format: LogFormat, at: number, level: LogLevel, event: string, fields: LogFields = {}): string {
  const time = new Date(at).toISOString();
  const defined = Object.entries(fields).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined);
  if (format === 'json') return JSON.stringify({ time, level, event, ...Object.fromEntries(defined) });
  return [time, level, event, ...defined.map(([key, value]) => `${key}=${textValue(value)}`)].join(' ');
}

export function relayLog(options: RelayLogOptions): RelayLog {
  const write = (level: LogLevel, event: string, fields: LogFields = {}, at = Date.now()) => {
    if (!options.format && level === 'info') return;
    options.out(`${formatLogLine(options.format ?? 'json', at, level, event, fields)}\n`);
  };
  return {
    write,
    access: (entry) => write('info', 'http_request', { method: entry.method, route: entry.route, status: entry.status }, entry.at),
  };
}
