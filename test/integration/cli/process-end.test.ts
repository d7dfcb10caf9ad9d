// How the built `tessera` process ends (main/cli/index.ts): as soon as the command is done and
// stdout and stderr are flushed, never before. A long answer read slowly through a pipe (far
// more than the pipe holds) arrives whole, with the command's exit code; a usage error still
// prints its message and exits 2. (On Linux, Node's writes to a stdio pipe block, so the answer
// is out before the process can end at all; the wait for the flush matters where they do not.)
// A real vault at the default Argon2id cost, the CLI as a process.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../../../main/vault';
import { CLI, CliSandbox, ensureBuiltCli } from '../../support/cli-harness';

const PASSWORD = 'process-end-Pa55word';
const ACCOUNTS = 3000;

/** Runs the CLI with its stdout read only after `holdMs`, like a slow consumer at the end of a pipe. */
function runWithSlowReader(args: string[], env: Record<string, string>, holdMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stdout.pause();
  setTimeout(() => child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk)).resume(), holdMs);
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks).toString('utf8'), stderr }));
  });
}

describe('the tessera process ends once its output is flushed', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  beforeAll(async () => {
    await ensureBuiltCli();
    sandbox = new CliSandbox();
    const path = sandbox.path('vault.sqlite');
    const { vault } = await Vault.create(path, PASSWORD);
    try {
      vault.accounts.createMany(Array.from({ length: ACCOUNTS }, (_, i) => ({ name: `Service ${i} with a long enough name`, urls: [`https://service${i}.example.com/login`], username: `someone${i}@example.com`, password: `pw-${i}` })), 'import:test');
    } finally {
      vault.close();
    }
    env = { PATH: process.env['PATH'] ?? '', HOME: sandbox.home, TESSERA_VAULT: path, TESSERA_PASSWORD: PASSWORD };
  }, 120_000);
  afterAll(() => sandbox.cleanup());

  it('delivers a long answer whole to a reader that starts late, with exit code 0', async () => {
    const result = await runWithSlowReader(['--json', 'account', 'list'], env, 500);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(1024 * 1024);
    const listed = JSON.parse(result.stdout) as { ok: boolean; value: { name: string }[] };
    expect(listed.ok).toBe(true);
    expect(listed.value).toHaveLength(ACCOUNTS);
  });

  it('still prints a usage error and exits 2', async () => {
    const result = await runWithSlowReader(['account', 'no-such-command'], env, 100);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'no-such-command'");
  });
});
