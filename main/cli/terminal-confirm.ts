// Asks a yes/no question on the controlling terminal (/dev/tty, so piped stdin never answers
// it). Null when there is no terminal: the caller then requires --yes.
import { createInterface } from 'node:readline/promises';
import { cliIo } from './cli-io';

export async function confirmOnTerminal(question: string): Promise<boolean | null> {
  const terminal = cliIo().openTerminal();
  if (terminal === null) return null;
  const readline = createInterface({ input: terminal.input, output: terminal.output });
  try {
    return /^\s*y(es)?\s*$/i.test(await readline.question(`${question} [y/N] `));
  } finally {
    readline.close();
    terminal.close();
  }
}
