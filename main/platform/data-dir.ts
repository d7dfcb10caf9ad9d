// Where Tessera keeps its data on each OS — the same folder Electron's app.getPath('userData')
// gives the desktop app (product name "Tessera"), so the CLI finds the app's own vault.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Tessera';
/** The vault's file in the data folder. */
export const VAULT_FILE_NAME = 'vault.sqlite';

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return join(env['XDG_CONFIG_HOME'] || join(home, '.config'), PRODUCT_NAME);
}
