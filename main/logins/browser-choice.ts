// Which browser program automation launches, when a person chose one. The choice decides what
// program receives decrypted passwords over the DevTools pipe, so it is never taken from the
// renderer: only a main-process file dialog (Platform.chooseBrowser) or a person at the CLI
// sets it, it must be a Chromium-family browser (its name, and its own `--version` answer),
// and it is kept sealed in the vault (this device's state), not in settings.json.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { TesseraError } from '../errors';
import type { Vault } from '../vault';

const RECORD = 'device.browser-path';
/** Program names of Chromium-family browsers (Linux, macOS bundles, Windows .exe). */
const CHROMIUM_NAME = /^(chromium(-browser)?|chrome|google[- ]chrome(-stable|-beta|-unstable)?|microsoft[- ]edge(-stable|-beta|-dev)?|msedge|brave(-browser)?|vivaldi(-stable)?|opera)(\.exe)?$/i;
const CHROMIUM_VERSION = /^(Chromium|Google Chrome|Microsoft Edge|Brave Browser|Vivaldi|Opera)\b.*\d+\.\d+/m;

function refused(reason: string): TesseraError {
  return new TesseraError('INVALID_INPUT', `${reason} Choose Chromium, Chrome or Edge (or leave the choice to Tessera).`);
}

/** The browser's own answer to --version, or '' when it gives none within 10 s. */
function versionOf(path: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { timeout: 10_000, windowsHide: true }, (_error, stdout) => resolve(String(stdout ?? '').trim()));
  });
}

/** Throws INVALID_INPUT unless `path` is an executable Chromium-family browser; returns its version line. */
export async function assertChromiumBrowser(path: string): Promise<string> {
  if (!isAbsolute(path)) throw refused(`"${path}" is not a full path.`);
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
    if (process.platform !== 'win32') await access(path, constants.X_OK);
  } catch {
    throw refused(`There is no program at ${path}.`);
  }
  if (!CHROMIUM_NAME.test(basename(path))) throw refused(`${basename(path)} is not the name of a Chromium-family browser.`);
  // Windows builds print no version on stdout; the name check above is what holds there.
  if (process.platform === 'win32') return basename(path);
  const version = await versionOf(path);
  if (!CHROMIUM_VERSION.test(version)) throw refused(`${path} does not answer --version like a Chromium-family browser.`);
  return version.split('\n')[0]!;
}

/** The chosen browser of this device, or null (Tessera finds one). Locked vault: null. */
export function chosenBrowserPath(vault: Vault | null | undefined): string | null {
  if (!vault?.isUnlocked) return null;
  const value = vault.sync.read(RECORD);
  return typeof value === 'string' ? value : null;
}

/** Validates and keeps a person's choice (null: let Tessera find a browser); audited. */
export async function chooseBrowserPath(vault: Vault, path: string | null): Promise<string | null> {
  if (path === null) {
    vault.sync.write(RECORD, undefined);
    vault.audit.append('settings.browser_cleared', null, {});
    return null;
  }
  const version = await assertChromiumBrowser(path);
  vault.sync.write(RECORD, path);
  vault.audit.append('settings.browser_chosen', null, { path, version });
  return path;
}
