// `npm run relay -- --port 8787 --db relay.db [--store postgres://user@host:port/db] [--host 0.0.0.0] [--subscribe-rate N
// --subscribe-burst N --address-subscribe-rate N --address-subscribe-burst N] [--smtp-host H
// --smtp-port P --smtp-tls --smtp-from A --smtp-user U] [--smtp-private-hosts] [--access-log]`
// (SMTP password: TESSERA_SMTP_PASSWORD; --smtp-private-hosts: workspaces may send codes through
// SMTP servers on private addresses; --access-log: one JSON line per HTTP request on stderr): runs the
// standalone relay until SIGINT/SIGTERM. Prints the URL clients connect to. --store keeps the log
// in PostgreSQL instead of the SQLite file (share links and SCIM stay in --db); its password is
// best left out of the URL (PGPASSWORD or ~/.pgpass, which the driver reads), and is never printed.
import { parseArgs } from 'node:util';
import { startRelay } from './server';
import { isPostgresUrl, redactStoreUrl } from './postgres-log-store';
import { smtpSettingsFrom } from './link-mailer';
import type { RelayLimits } from './relay-limits';

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
// One JSON line per HTTP request (links, SCIM, Universal Logout) on stderr: time, method, route, status; never a body, token or code.
const accessLog = values['access-log'] ? (entry: object) => process.stderr.write(`${JSON.stringify(entry)}\n`) : undefined;
const store = values.store;
if (store !== undefined && !isPostgresUrl(store)) {
  console.error(`--store takes a postgres://user@host:port/database URL, not ${redactStoreUrl(store)}.`);
  process.exit(2);
}
const storeOptions = store ? { store, onStoreError: (message: string) => process.stderr.write(`${JSON.stringify({ at: Date.now(), code: 'RELAY_STORE_UNAVAILABLE', message })}\n`) } : {};
const relay = await startRelay({ dbPath: values.db!, ...storeOptions, host: values.host!, port, limits, ...(smtp ? { smtp } : {}), smtpPrivateHosts: values['smtp-private-hosts'] === true, ...(accessLog ? { accessLog } : {}) }).catch((error: unknown) => {
  // A store that cannot be used: its code and why, the URL without its password.
  const code = (error as { code?: unknown }).code;
  console.error(code === 'RELAY_STORE_UNAVAILABLE' ? `RELAY_STORE_UNAVAILABLE: ${(error as Error).message}` : String(error));
  process.exit(1);
});
console.log(`Tessera relay listening on ${relay.url} (storage: ${store ? redactStoreUrl(store) : values.db})`);
const stop = () => void relay.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
