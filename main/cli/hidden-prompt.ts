// Asks for a secret on the controlling terminal without echoing it. Reads /dev/tty, not
// stdin, so a password piped to stdin (--password-stdin) and the master password never mix;
// falls back to stdin only when stdin itself is a terminal (Windows). Null: no terminal.
import type { ReadStream } from 'node:tty';
import { TesseraError } from '../errors';
import { cliIo, type CliTerminal } from './cli-io';

function openTerminal(): CliTerminal | null {
  const io = cliIo();
  const terminal = io.openTerminal();
  if (terminal !== null) return terminal;
  // No controlling terminal (cron, CI, a detached child; always on Windows): stdin, if it is one.
  if (io.stdin.isTTY) {
    const stdin = io.stdin as ReadStream;
    return { input: stdin, output: io.stderr, close: () => stdin.pause() };
  }
  return null;
}

const ENTER = new Set(['\r', '\n']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u007f', '\b']);

/** The line typed after `question`, or null when there is no terminal to ask on. */
export async function promptHidden(question: string): Promise<string | null> {
  const terminal = openTerminal();
  if (terminal === null) return null;
  const { input, output } = terminal;
  let onData: (chunk: string) => void = () => {};
  let onEnd: () => void = () => {};
  const typed = new Promise<string>((resolve, reject) => {
    let value = '';
    onEnd = () => reject(new TesseraError('CANCELLED', 'Cancelled at the prompt. Nothing was changed.'));
    onData = (chunk) => {
      for (const ch of chunk) {
        if (ENTER.has(ch)) return resolve(value);
        if (ch === CTRL_C || (ch === CTRL_D && value === '')) return onEnd();
        if (BACKSPACE.has(ch)) value = Array.from(value).slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
  });
  output.write(question);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.on('data', onData).on('end', onEnd).resume();
  try {
    return await typed;
  } finally {
    input.off('data', onData).off('end', onEnd);
    input.setRawMode(false);
    output.write('\n');
    terminal.close();
  }
}
