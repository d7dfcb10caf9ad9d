// Asks a yes/no question on the controlling terminal (/dev/tty, so piped stdin never answers
// it). Null when there is no terminal: the caller then requires --yes.
import { openSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { ReadStream, WriteStream } from 'node:tty';

export async function confirmOnTerminal(question: string): Promise<boolean | null> {
  let input: ReadStream;
  let output: WriteStream;
  try {
    input = new ReadStream(openSync('/dev/tty', 'r'));
    output = new WriteStream(openSync('/dev/tty', 'w'));
  } catch {
    return null;
  }
  const readline = createInterface({ input, output });
  try {
    return /^\s*y(es)?\s*$/i.test(await readline.question(`${question} [y/N] `));
  } finally {
    readline.close();
    input.destroy();
    output.destroy();
  }
}
