// Where the CLI's secrets may come from without a prompt: the environment variables it reads
// and the first line of a file named on the command line. Only node:fs and the errors: the
// start of a process (early-unlock.ts) reads the master password from here before anything
// else loads; secret-input.ts adds the terminal prompt.
import { readFileSync } from 'node:fs';
import { TesseraError } from '../errors';

export const MASTER_PASSWORD_ENV = 'TESSERA_PASSWORD';
export const BACKUP_PASSPHRASE_ENV = 'TESSERA_BACKUP_PASSPHRASE';
/** The master password of a KeePass database being imported. */
export const IMPORT_PASSWORD_ENV = 'TESSERA_IMPORT_PASSWORD';

/** The first line of `file`, without its line ending. */
export function readFirstLine(file: string, option: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new TesseraError('INVALID_INPUT', `Cannot read ${option} ${file} (${reason}). Check the path and its permissions.`);
  }
  return text.split(/\r?\n/, 1)[0] ?? '';
}
