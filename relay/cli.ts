// `npm run relay -- --port 8787 --db relay.db [--store postgres://user@host:port/db] [--host 0.0.0.0] [--subscribe-rate N
// --subscribe-burst N --address-subscribe-rate N --address-subscribe-burst N] [--smtp-host H
// --smtp-port P --smtp-tls --smtp-from A --smtp-user U] [--smtp-private-hosts] [--access-log]
// [--log-format json|text] [--drain-timeout S] [--metrics-port P] [--trusted-proxy A[,B]]`
// (SMTP password: TESSERA_SMTP_PASSWORD; --smtp-private-hosts: workspaces may send codes through
// SMTP servers on private addresses; --access-log: one log line per HTTP request on stderr;
// --log-format: every event on stderr, as JSON or text (relay-log.ts), else warnings and errors
// only, as JSON; --metrics-port: /metrics only on 127.0.0.1:P instead of the relay's port;
// --trusted-proxy: load balancers whose X-Forwarded-For the per-address limits believe): runs the
// standalone relay until SIGINT/SIGTERM, which drain it (serve-until-stopped.ts: devices are
// closed with 1001 and reconnect elsewhere; --drain-timeout, default 10 s, then it exits
// anyway). Prints the URL clients connect to. --store keeps the log,
// share links, SCIM and replay protection in PostgreSQL instead of the SQLite file; its password is
// best left out of the URL (PGPASSWORD or ~/.pgpass, which the driver reads), and is never printed.
import { parseArgs } from 'node:util';
import { startRelay } from './server';
import { isPostgresUrl, redactStoreUrl } from './postgres-log-store';
import { smtpSettingsFrom } from './link-mailer';
import type { RelayLimits } from './relay-limits';
import { relayLog } from './relay-log';
import { logListening, operationsOptions, serveFlagsFrom, stopOnSignal } from './serve-until-stopped';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string', default: 'tessera-relay.db' },
    store: { type: 'string' },
    'subscribe-rate': { type: 'string' },
    'subscribe-burst': { type: 'string' },
    'address-subscribe-rate': { type: 'string' },
    'address-subscribe-burst': { type: 'string' },
    'smtp-host': { type: 'string' },
    'smtp-port': { type: 'string' },
    'smtp-tls': { type: 'boolean' },
    'smtp-from': { type: 'string' },
    'smtp-user': { type: 'string' },
    'smtp-private-hosts': { type: 'boolean' },
    'access-log': { type: 'boolean' },
    'log-format': { type: 'string' },
    'drain-timeout': { type: 'string' },
    'metrics-port': { type: 'string' },
    'trusted-proxy': { type: 'string' },
  },
});
const smtp = smtpSettingsFrom({ host: values['smtp-host'], port: values['smtp-port'], from: values['smtp-from'], user: values['smtp-user'], tls: values['smtp-tls'] });
if (smtp && 'error' in smtp) {
  console.error(smtp.error);
  process.exit(2);
}
/** Subscribe limits an operator sets (relay-limits.ts); the defaults otherwise. */
const limits: Partial<RelayLimits> = {};
for (const [flag, key] of [
  ['subscribe-rate', 'subscribesPerSecond'],
  ['subscribe-burst', 'subscribeBurst'],
  ['address-subscribe-rate', 'addressSubscribesPerSecond'],
  ['address-subscribe-burst', 'addressSubscribeBurst'],
] as const) {
  const text = values[flag];
  if (text === undefined) continue;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${flag} must be a whole number of 1 or more, not ${text}.`);
    process.exit(2);
  }
  limits[key] = value;
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, not ${values.port}.`);
  process.exit(2);
}
const flags = serveFlagsFrom({ logFormat: values['log-format'], drainTimeout: values['drain-timeout'], metricsPort: values['metrics-port'], trustedProxy: values['trusted-proxy'] });
if ('error' in flags) {
  console.error(flags.error);
  process.exit(2);
}
const log = relayLog({ ...(flags.logFormat ? { format: flags.logFormat } : {}), out: (line) => process.stderr.write(line) });
// --access-log: one line per HTTP request (links, SCIM, Universal Logout) on stderr: time, method, route, status; never a body, token or code.
const operations = operationsOptions(flags, log, values['access-log'] === true);
const store = values.store;
if (store !== undefined && !isPostgresUrl(store)) {
  console.error(`--store takes a postgres://user@host:port/database URL, not ${redactStoreUrl(store)}.`);
  process.exit(2);
}
const relay = await startRelay({ dbPath: values.db!, ...(store ? { store } : {}), ...operations, host: values.host!, port, limits, ...(smtp ? { smtp } : {}), smtpPrivateHosts: values['smtp-private-hosts'] === true }).catch((error: unknown) => {
  // A store that cannot be used: its code and why, the URL without its password.
  const code = (error as { code?: unknown }).code;
  console.error(code === 'RELAY_STORE_UNAVAILABLE' ? `RELAY_STORE_UNAVAILABLE: ${(error as Error).message}` : String(error));
  process.exit(1);
});
const storage = store ? redactStoreUrl(store) : values.db!;
// Signals are handled from before the URL is printed: whoever reads it may stop the relay at once.
const stopped = stopOnSignal(relay, { drainTimeoutMs: flags.drainTimeoutMs, log, exit: (code) => process.exit(code) });
console.log(`Tessera relay listening on ${relay.url} (storage: ${storage})`);
logListening(log, relay, storage);
process.exit(await stopped);
