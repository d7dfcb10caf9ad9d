// Which vault file a command works on: --vault PATH, else TESSERA_VAULT, else the desktop
// app's own vault (vault.sqlite in the app's data directory), so the CLI and the app agree.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultDataDir, VAULT_FILE_NAME } from '../platform/data-dir';

export const VAULT_PATH_ENV = 'TESSERA_VAULT';

export function resolveVaultPath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (option) return resolve(option);
  const fromEnv = env[VAULT_PATH_ENV];
  if (fromEnv) return resolve(fromEnv);
  return join(defaultDataDir(process.platform, env, homeDir(env)), VAULT_FILE_NAME);
}

/** os.homedir() as it reads `env` rather than the process's own (HOME, on Windows USERPROFILE). */
function homeDir(env: NodeJS.ProcessEnv): string {
  return (process.platform === 'win32' ? env['USERPROFILE'] : env['HOME']) || homedir();
}
