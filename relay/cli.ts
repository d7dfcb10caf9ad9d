// `npm run relay -- --port 8787 --db relay.db [--host 0.0.0.0]`: runs the standalone relay
// until SIGINT/SIGTERM. Prints the URL clients connect to.
import { parseArgs } from 'node:util';
import { startRelay } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string', default: 'tessera-relay.db' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, not ${values.port}.`);
  process.exit(2);
}
const relay = await startRelay({ dbPath: values.db!, host: values.host!, port });
console.log(`Tessera relay listening on ${relay.url} (storage: ${values.db})`);
const stop = () => void relay.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
