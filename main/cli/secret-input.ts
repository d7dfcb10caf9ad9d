// Where secrets come from: a file named on the command line (its first line), then an
// environment variable, then a hidden prompt on the terminal (asked twice for a new secret).
// Never from argv, never from stdin (stdin belongs to --password-stdin). The names and the file
// reading are secret-sources.ts (light enough for the start of a process, early-unlock.ts).
import { TesseraError } from '../errors';
import { cliIo } from './cli-io';
import { promptHidden } from './hidden-prompt';
import { readFirstLine } from './secret-sources';

export interface SecretSpec {
  /** For prompts and messages: "master password", "backup passphrase". */
  what: string;
  /** The option that names a file, for messages: "--password-file". */
  fileOption: string;
  file: string | undefined;
  envVar?: string;
  /** A new secret: on a terminal, ask twice. */
  confirm?: boolean;
}

export async function readSecret(spec: SecretSpec, env: NodeJS.ProcessEnv = cliIo().env): Promise<string> {
  if (spec.file !== undefined) return nonEmpty(readFirstLine(spec.file, spec.fileOption), `the ${spec.what} in ${spec.file}`);
  const fromEnv = spec.envVar === undefined ? undefined : env[spec.envVar];
  if (fromEnv !== undefined) return nonEmpty(fromEnv, `the ${spec.what} in ${spec.envVar}`);
  const typed = await promptSecret(spec.what, spec.confirm ?? false);
  if (typed === null) {
    const alternatives = [`${spec.fileOption} FILE`, ...(spec.envVar ? [`set ${spec.envVar}`] : [])].join(' or ');
    throw new TesseraError('USAGE', `No ${spec.what} given and no terminal to ask on. Use ${alternatives}.`);
  }
  return typed;
}

/** Asks on the terminal (twice when `confirm`); null when there is no terminal. */
export async function promptSecret(what: string, confirm: boolean): Promise<string | null> {
  const label = what.charAt(0).toUpperCase() + what.slice(1);
  const first = await promptHidden(`${label}: `);
  if (first === null) return null;
  nonEmpty(first, `the ${what}`);
  if (confirm && (await promptHidden(`Repeat the ${what}: `)) !== first) {
    throw new TesseraError('INVALID_INPUT', `The two ${what} entries differ. Nothing was changed; run the command again.`);
  }
  return first;
}

function nonEmpty(value: string, where: string): string {
  if (value === '') throw new TesseraError('INVALID_INPUT', `${where.charAt(0).toUpperCase()}${where.slice(1)} is empty.`);
  return value;
}
