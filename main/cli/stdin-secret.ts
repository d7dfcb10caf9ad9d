// `--password-stdin`: the account's password piped to stdin (one trailing newline dropped),
// the way `docker login --password-stdin` takes it. The master password then comes from
// --password-file, TESSERA_PASSWORD or the terminal (/dev/tty), never from stdin.
import { TesseraError } from '../errors';
import { cliIo } from './cli-io';
import { promptSecret } from './secret-input';

export async function readPasswordFromStdin(): Promise<string> {
  const { stdin } = cliIo();
  if (stdin.isTTY) {
    // Nothing is piped: the person is at the keyboard, so ask without echo instead.
    const typed = await promptSecret('account password', true);
    if (typed !== null) return typed;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password === '') {
    throw new TesseraError('INVALID_INPUT', 'Standard input was empty: pipe the password in, e.g. printf %s "$PASSWORD" | tessera account add … --password-stdin.');
  }
  return password;
}
