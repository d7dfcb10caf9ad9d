// A throwaway PostgreSQL server for tests of the relay's PostgreSQL store: Debian's server
// binaries (package `postgresql`, /usr/lib/postgresql/<version>/bin; TESSERA_PG_BIN to point
// elsewhere) run initdb and pg_ctl on a temporary data directory, listening on 127.0.0.1 on a
// free port with its Unix socket in that directory, trust authentication (loopback only) and
// fsync off. It never touches a system cluster (Debian's 15/main on 5432). PostgreSQL refuses to
// run as root: as root the server runs as the `postgres` OS user, which owns the directory.
// Missing binaries fail the test with what to install: a skipped store test would pass silently.
// stop() and start() restart it on the same port and data directory (fault tests), without
// blocking the event loop meanwhile (relays in the test's own process keep running).
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  port: number;
  /** A database of its own for each call: `postgres://postgres@127.0.0.1:PORT/NAME`. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server, fast shutdown (clients disconnected, every committed transaction kept); its data and port stay. */
  stop(): Promise<void>;
  /** Starts the stopped server again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops the server and deletes its directory. */
  close(): Promise<void>;
}

function binDir(): string {
  const configured = process.env['TESSERA_PG_BIN'];
  if (configured) return configured;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) {
    throw new Error('The PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. Install them with `apt-get install -y postgresql` (.ci/run does), or set TESSERA_PG_BIN to their folder.');
  }
  return join(root, versions[0]!, 'bin');
}

/** A port free on 127.0.0.1 right now (also for the HAProxy test, test/support/haproxy.ts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'tessera-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const commandOf = (tool: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args]);
  const failure = (tool: string, status: unknown, output: string) =>
    new Error(`${tool} failed (${String(status)}): ${output}${tool === 'pg_ctl' && existsSync(join(dir, 'server.log')) ? `\n${readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000)}` : ''}`);
  const run = (tool: string, args: string[]) => {
    const result = spawnSync(...commandOf(tool, args), { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) throw failure(tool, result.status, result.stderr || result.stdout);
  };
  const runAsync = (tool: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      execFile(...commandOf(tool, args), { cwd: dir, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(failure(tool, error.code, stderr || stdout)) : resolve()));
    });
  const serverOptions = (port: number) =>
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const pgCtlStart = (port: number): [string, string[]] => ['pg_ctl', ['-D', data, '-o', serverOptions(port), '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']];
  const stop = () => {
    if (existsSync(join(data, 'postmaster.pid'))) {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test process that dies without close() leaves no server behind.
  process.once('exit', stop);
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      try {
        run(...pgCtlStart(port));
        break;
      } catch (error) {
        // Someone took the port between the probe and the start: try another.
        if (attempt >= 3) throw error;
      }
    }
    let created = 0;
    return {
      port,
      createDatabase: async (name = `tessera_${process.pid}_${++created}`) => {
        const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
        } finally {
          await admin.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      stop: () => runAsync('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']),
      start: () => runAsync(...pgCtlStart(port)),
      close: async () => {
        process.removeListener('exit', stop);
        stop();
      },
    };
  } catch (error) {
    process.removeListener('exit', stop);
    stop();
    throw error;
  }
}
