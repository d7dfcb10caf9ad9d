// Everything a CLI run touches besides its arguments and files: stdout, stderr, stdin, the
// environment, the controlling terminal (for prompts), and — tests only — the KDF cost of new
// vaults. `tessera` (index.ts) runs with the process's own; tests call runCli in-process with
// their own, so one Node process can run many commands, side by side, at the test KDF cost.
// The current one is held in AsyncLocalStorage for the length of one runCli call, so the
// helpers deep inside a command (Output, secret prompts, --password-stdin) reach it without
// every command passing it along.
import { AsyncLocalStorage } from 'node:async_hooks';
import { openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';
import type { KdfCost } from '../crypto/kdf';

/** A terminal to prompt on: raw-mode input (no echo) and where the question is written. */
export interface CliTerminal {
  input: NodeJS.ReadableStream & { setRawMode(mode: boolean): unknown };
  output: NodeJS.WritableStream;
  close(): void;
}

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** `isTTY` true: a person at the keyboard, nothing piped. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The controlling terminal (/dev/tty), null when there is none (cron, CI, a detached child). */
  openTerminal(): CliTerminal | null;
  /**
   * Test mode: new vaults and backups derive their keys at this cost, and vaults below the
   * KDF floor open. Only tests set it, in-process; `tessera` itself never does, and no
   * option or environment variable can.
   */
  testKdfCost?: KdfCost;
}

function openControllingTerminal(): CliTerminal | null {
  if (process.platform === 'win32') return null;
  try {
    const input = new ReadStream(openSync('/dev/tty', 'r'));
    const output = new WriteStream(openSync('/dev/tty', 'w'));
    return { input, output, close: () => (input.destroy(), output.destroy()) };
  } catch {
    return null; // no controlling terminal
  }
}

/** The real process: what `tessera` runs with. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, openTerminal: openControllingTerminal };
}

const current = new AsyncLocalStorage<CliIo>();

/** The I/O of the CLI run in progress (the process's own outside runCli). */
export function cliIo(): CliIo {
  return current.getStore() ?? processIo();
}

/** Runs `run` with `io` as the CLI's I/O for everything it awaits. */
export function withCliIo<T>(io: CliIo, run: () => T): T {
  return current.run(io, run);
}
