#!/usr/bin/env node
// Launcher for the `tessera` CLI (package.json "bin"): checks for Node >= 22 (better-sqlite3 13
// crashes on older Node) and for the built CLI, then runs out/main/cli.js. Plain ESM, no build step.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MIN_NODE_MAJOR = 22;
const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_NODE_MAJOR) {
  process.stderr.write(
    `tessera: Node.js ${MIN_NODE_MAJOR} or newer is required (this is ${process.versions.node}). ` +
      'Install Node 22 (e.g. npm install --prefix ~/.node22 node@22 and put ~/.node22/node_modules/.bin first on PATH), then run tessera again.\n',
  );
  process.exit(2);
}

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(`tessera: the CLI is not built yet (${cli} is missing). Run \`npm run build\` in the Tessera folder, then try again.\n`);
  process.exit(2);
}

await import(pathToFileURL(cli).href);
