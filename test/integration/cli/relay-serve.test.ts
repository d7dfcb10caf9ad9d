// `tessera relay serve` and `tessera relay discover` as processes: the relay listens where it
// says, announces itself on the local network only when asked (--announce, mDNS over
// loopback here), a second process finds it, and SIGTERM stops it cleanly.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, CliSandbox, ensureBuiltCli, jsonValue } from '../../support/cli-harness';

let sandbox: CliSandbox;
beforeAll(async () => {
  await ensureBuiltCli();
  sandbox = new CliSandbox();
});
afterAll(() => sandbox.cleanup());

/** Starts `tessera relay serve ARGS` and resolves with the URL it prints and the process. */
async function serve(args: string[]) {
  const child = spawn(process.execPath, [CLI, 'relay', 'serve', '--port', '0', '--db', sandbox.path(`relay-${args.join('-') || 'plain'}.db`), ...args], { cwd: sandbox.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const line = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) done(out);
    });
    child.once('exit', () => fail(new Error(`the relay exited: ${stderr}`)));
  });
  const stop = async () => {
    child.kill('SIGTERM');
    return new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  };
  return { line, stop };
}

describe('tessera relay', () => {
  it('announces itself only with --announce, is found by discover, and stops on SIGTERM', async () => {
    const name = `tessera-cli-test-${process.pid}`;
    const quiet = await serve([]);
    const announced = await serve(['--announce', name]);
    try {
      expect(quiet.line).toMatch(/^Tessera relay listening on ws:\/\/127\.0\.0\.1:\d+ \(storage: /);
      expect(quiet.line).not.toContain('announced');
      expect(announced.line).toContain(`announced on the local network as "${name}"`);
      const port = Number(/:(\d+) /.exec(announced.line)![1]);
      const found = jsonValue<Array<{ name: string; port: number; url: string }>>(await sandbox.run(['--json', 'relay', 'discover', '--seconds', '2']));
      expect(found.filter((r) => r.name.startsWith('tessera-cli-test-'))).toEqual([expect.objectContaining({ name, port })]);
    } finally {
      expect(await announced.stop()).toBe(0);
      expect(await quiet.stop()).toBe(0);
    }
  });

  it('refuses an announce name that could carry anything else, before listening', async () => {
    const result = await sandbox.run(['relay', 'serve', '--port', '0', '--announce', 'x'.repeat(80)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--announce takes a short name');
  });
});
