// The standalone relay as a real child process: `relay/cli.ts` bundled once (under
// node_modules/.cache so better-sqlite3 and ws resolve), started on a free port with its own
// SQLite file, its URL read from what it prints. Used by tests that attack or drive the relay
// as deployed, not the in-process hub.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const repoRoot = resolve(import.meta.dirname, '../..');

export interface RelayBundle {
  script: string;
  dispose(): void;
}

export async function buildRelayBundle(): Promise<RelayBundle> {
  const cache = join(repoRoot, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'tessera-relay-cli-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: repoRoot,
    build: { ssr: join(repoRoot, 'relay/cli.ts'), outDir: dir, emptyOutDir: true, minify: false, rollupOptions: { output: { format: 'es', entryFileNames: 'relay.mjs' } } },
  });
  return { script: join(dir, 'relay.mjs'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RelayProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export async function spawnRelay(bundle: RelayBundle, db: string, args: string[] = []): Promise<RelayProcess> {
  const child = spawn(process.execPath, [bundle.script, '--port', '0', '--db', db, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /listening on (ws:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) done(match[1]!);
    });
    child.once('exit', () => fail(new Error(`the relay exited: ${stderr}`)));
  });
  return {
    url,
    child,
    stderr: () => stderr,
    stop: async () => {
      // Ended already (by itself, or killed by a signal: then exitCode stays null and 'exit' will not come again).
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
      child.kill('SIGTERM');
      return exited;
    },
  };
}
