// Runs the `tessera` CLI for the CLI tests in a sandbox: a temp folder with its own HOME,
// no inherited TESSERA_* or XDG_* variables and no controlling terminal, so nothing can prompt
// or touch the developer's vault. `run` calls runCli in-process with that environment, its
// own stdout/stderr/stdin and the test KDF cost (the fast tier); `spawn` runs the built
// out/main/cli.js in a detached child process at the real KDF cost (the smoke tests, one per
// command family). Every stderr is kept, so a suite can check that no secret it used ever
// reached it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { expect } from 'vitest';
import { TEST_KDF_COST } from '../../main/crypto/kdf';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'out/main/cli.js');
export const MASTER = 'correct horse battery staple';

/** The newest modification time of the .ts files below `dir`. */
export function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function cliIsFresh(): boolean {
  try {
    return statSync(CLI).mtimeMs >= Math.max(newestSource(join(ROOT, 'main')), statSync(join(ROOT, 'package.json')).mtimeMs);
  } catch {
    return false;
  }
}

/**
 * Runs `electron-vite build` unless `isFresh()` already holds, one builder at a time across test
 * processes (a lock folder in the temp dir); fails when the build did not make `product` fresh.
 */
export async function buildUnderLock(isFresh: () => boolean, product: string, waitMs = 240_000): Promise<void> {
  if (isFresh()) return;
  const lock = join(tmpdir(), `tessera-cli-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for another build (${lock}); remove it if no build is running.`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (isFresh()) return;
    const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, encoding: 'utf8' });
    // The main target (app, CLI, native host) builds first; a later target (renderer) failing does not make it stale.
    if (!isFresh()) throw new Error(`electron-vite build did not produce a fresh ${product}:\n${build.stdout}\n${build.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds when out/main/cli.js is missing or older than main/. */
export function ensureBuiltCli(): Promise<void> {
  return buildUnderLock(cliIsFresh, CLI, 120_000);
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The `value` of a successful --json result (fails the test with stderr otherwise). */
export function jsonValue<T = Record<string, unknown>>(result: CliResult): T {
  expect(result.code, result.stderr).toBe(0);
  const parsed = JSON.parse(result.stdout) as { ok: boolean; value: T };
  expect(parsed.ok).toBe(true);
  return parsed.value;
}

/** The `error` of a failed --json result. */
export function jsonError(result: CliResult): { code: string; message: string; details?: Record<string, unknown> } {
  const parsed = JSON.parse(result.stdout) as { ok: boolean; error: { code: string; message: string } };
  expect(parsed.ok).toBe(false);
  return parsed.error;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Given as stdin, which is then closed (also when absent). */
  input?: string;
  /** For the built CLI: the child is killed after this long (default 80 s; real sites need longer for rotation and MFA). */
  timeoutMs?: number;
  /** For the built CLI: send SIGTERM once its stderr matches (a long-running command such as `tessera agent`). */
  stopWhen?: RegExp;
  /** For the built CLI: options for node itself, before the CLI's path (e.g. --import a module hook). */
  nodeArgs?: readonly string[];
  /** In-process: called with all stderr so far on each write (a command that prints something to act on, then waits). */
  onStderr?: (text: string) => void;
}

/** A stdout or stderr that keeps what was written, as text. */
class TextSink extends Writable {
  text = '';
  constructor(private readonly onText?: (text: string) => void) {
    super();
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    this.onText?.(this.text);
    done();
  }
}

/**
 * `tessera ARGS` in this process (runCli) with exactly `env` as its environment, `input` as stdin,
 * no terminal, and new vaults at the test KDF cost: for tests that drive the CLI against services
 * they set up themselves (a mailbox, a relay, fixture sites) as well as for CliSandbox.
 */
export async function runCliInProcess(args: readonly string[], env: Record<string, string>, input?: string, onStderr?: (text: string) => void): Promise<CliResult> {
  // Imported on first use: tests that only spawn the built CLI need not load every service.
  const { runCli } = await import('../../main/cli/program');
  const stdout = new TextSink();
  const stderr = new TextSink(onStderr);
  const code = await runCli(args, {
    stdout,
    stderr,
    stdin: Readable.from(input === undefined || input === '' ? [] : [Buffer.from(input)]),
    env,
    openTerminal: () => null,
    testKdfCost: TEST_KDF_COST,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export class CliSandbox {
  readonly dir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
  readonly home = join(this.dir, 'home');
  private readonly secrets = new Set<string>([MASTER]);
  private readonly stderrs: string[] = [];

  constructor() {
    mkdirSync(this.home);
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  /** Writes `content` to a file in the sandbox and returns its path. */
  file(name: string, content: string): string {
    const path = this.path(name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  }

  /** Registers a value that must never appear on stderr. */
  secret(value: string): string {
    this.secrets.add(value);
    return value;
  }

  private env(options: RunOptions): Record<string, string> {
    return { PATH: process.env['PATH'] ?? '', HOME: this.home, LANG: 'C.UTF-8', ...options.env };
  }

  /** `tessera ARGS` in this process (runCli), at the test KDF cost, without a terminal. */
  async run(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
    const result = await runCliInProcess(args, this.env(options), options.input, options.onStderr);
    this.stderrs.push(result.stderr);
    return result;
  }

  /** `tessera ARGS` as a process running the built out/main/cli.js (call ensureBuiltCli first). */
  spawn(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
    const env = this.env(options);
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], { cwd: this.dir, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (options.stopWhen?.test(stderr)) child.kill('SIGTERM');
    });
    child.stdin.end(options.input ?? '');
    // A guard against a hung child, not a timing: two 64 MiB Argon2id runs on a busy 2-core machine can take a minute.
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 80_000);
    return new Promise((resolvePromise, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        this.stderrs.push(stderr);
        resolvePromise({ code, stdout, stderr });
      });
    });
  }

  /** Every stderr of this sandbox, checked against every secret registered, including later ones. */
  expectNoSecretOnStderr(): void {
    for (const stderr of this.stderrs) for (const secret of this.secrets) expect(stderr).not.toContain(secret);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A sandbox with a vault created by `tessera init` at `vault.sqlite`, master password MASTER:
 * in-process at the test KDF cost, or with `spawned`, by the built CLI at the real cost.
 */
export async function sandboxWithVault(options: { spawned?: boolean } = {}): Promise<{ sandbox: CliSandbox; vault: string; recoveryKey: string; env: Record<string, string> }> {
  if (options.spawned) await ensureBuiltCli();
  const sandbox = new CliSandbox();
  const vault = sandbox.path('vault.sqlite');
  const env = { TESSERA_VAULT: vault, TESSERA_PASSWORD: MASTER };
  const init = options.spawned ? await sandbox.spawn(['init', '--json'], { env }) : await sandbox.run(['init', '--json'], { env });
  const { recoveryKey } = jsonValue<{ recoveryKey: string }>(init);
  sandbox.secret(recoveryKey);
  return { sandbox, vault, recoveryKey, env };
}
