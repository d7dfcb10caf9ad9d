// HAProxy in front of relay nodes, as docs/relay-multi-node.md configures it: the `haproxy`
// block of that document is the configuration (one source of truth); only its addresses are
// replaced with loopback ones, and each replaced line must be in the document exactly once, so
// a change to the recipe that the test can no longer follow fails it. Runs Debian's
// /usr/sbin/haproxy in the foreground (-db) after checking the configuration (-c). Missing
// haproxy fails the test with what to install.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const DOC = resolve(import.meta.dirname, '../../docs/relay-multi-node.md');
const HAPROXY = process.env['TESSERA_HAPROXY'] ?? '/usr/sbin/haproxy';

/** The document's haproxy.cfg with the frontend on 127.0.0.1:`port` and its servers on the given loopback ports. */
export function haproxyConfigFromDoc(port: number, serverPorts: [number, number]): string {
  const block = /```haproxy\n([\s\S]*?)```/.exec(readFileSync(DOC, 'utf8'))?.[1];
  if (!block) throw new Error(`${DOC} has no haproxy block`);
  const replacements: [string, string][] = [
    ['bind 0.0.0.0:8080', `bind 127.0.0.1:${port}`],
    ['server relay1 10.0.0.11:8787 check', `server relay1 127.0.0.1:${serverPorts[0]} check`],
    ['server relay2 10.0.0.12:8787 check', `server relay2 127.0.0.1:${serverPorts[1]} check`],
  ];
  let config = block;
  for (const [from, to] of replacements) {
    const count = config.split(from).length - 1;
    if (count !== 1) throw new Error(`docs/relay-multi-node.md's haproxy.cfg should have "${from}" once, has it ${count} times`);
    config = config.replace(from, to);
  }
  return config;
}

export interface HaproxyProcess {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function startHaproxy(config: string, dir: string): HaproxyProcess {
  if (!existsSync(HAPROXY)) throw new Error(`${HAPROXY} not found: install it with \`apt-get install -y haproxy\` (.ci/run does), or set TESSERA_HAPROXY.`);
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  const check = spawnSync(HAPROXY, ['-c', '-f', file], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy -c refused the configuration:\n${check.stdout}${check.stderr}`);
  const child = spawn(HAPROXY, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
