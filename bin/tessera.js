#!/usr/bin/env node
// Launcher for the `tessera` CLI (package.json "bin"): checks for Node >= 22 (better-sqlite3 13
// crashes on older Node) and for the built CLI, keeps V8's compiled code of the CLI between
// runs, then runs out/main/cli.js. Plain ESM, no build step.
import { existsSync, mkdirSync } from 'node:fs';
import module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
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

// Compiling the bundle is most of a start. Node (22.1+) keeps the compiled code in a folder only
// this user can write (never the shared temp folder, where another user could plant code); it
// holds code, never data. TESSERA_COMPILE_CACHE=off turns it off.
if (process.env.TESSERA_COMPILE_CACHE !== 'off' && typeof module.enableCompileCache === 'function') {
  try {
    const cacheHome = process.env.XDG_CACHE_HOME?.startsWith('/') ? process.env.XDG_CACHE_HOME : join(homedir(), '.cache');
    const dir = join(cacheHome, 'tessera', 'compile-cache');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    module.enableCompileCache(dir);
  } catch {
    // A read-only home: start without the cache.
  }
}

await import(pathToFileURL(cli).href);
