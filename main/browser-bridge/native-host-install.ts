// Registers the native messaging host with the person's browsers, for the current user only:
// a launcher in `<dataDir>/browser-host/` (0700) that starts the host script with Node (or
// Electron as Node) and the data folder's bridge socket, and a manifest `app.tessera.browser.json`
// per browser naming that launcher and the extension allowed to start it. Linux and macOS read
// manifests from a folder per browser (written only where the browser's own folder exists, i.e.
// it is installed); Windows reads the manifest's path from a registry key per browser (HKCU,
// set with reg.exe), and the manifests stay in the data folder. Install, uninstall and status
// are idempotent; uninstall removes only manifests that name this data folder's launcher.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID, NATIVE_HOST_NAME } from '../../protocol/browser-channel';
import { TesseraError } from '../errors';
import { writeFileAtomicSync } from '../platform/atomic-write';
import { ensurePrivateFolder } from '../../protocol/private-files';
import { bridgeSocketPath } from './socket-path';

export type ManifestKind = 'chromium' | 'firefox';

/** A folder to put a manifest in; a bare string is a Chromium-family folder unless it is Firefox's `native-messaging-hosts` or under a `mozilla` folder. */
export type NativeHostTarget = string | { dir: string; kind: ManifestKind };

/** Runs reg.exe with these arguments (Windows); injected by tests. */
export type RegRunner = (args: readonly string[]) => Promise<{ code: number; stdout: string }>;

/** The program and its first arguments; the launcher adds `--socket <path>` and the browser's own arguments. */
export interface HostCommand {
  execPath: string;
  args: readonly string[];
}

/** Where the host is (or would be) registered: what status and uninstall need. */
export interface NativeHostPlaceOptions {
  dataDir: string;
  /** Manifest folders to use instead of the OS's browser folders (tests: a Chromium `--user-data-dir`'s NativeMessagingHosts). */
  targets?: NativeHostTarget[];
  platform?: NodeJS.Platform;
  /** The home folder (default os.homedir()); given, $XDG_CONFIG_HOME is not consulted. */
  home?: string;
  /** Windows: runs reg.exe (default: execFile of reg.exe). */
  runReg?: RegRunner;
}

export interface NativeHostInstallOptions extends NativeHostPlaceOptions {
  /**
   * What runs the host: Node with the built host (`{ execPath: node, args: [out/main/browser-host.js] }`,
   * the CLI and tests), or the Tessera app itself with BROWSER_HOST_FLAG (`{ execPath: Tessera,
   * args: ['--tessera-browser-host'] }`): the packaged app's fuses forbid ELECTRON_RUN_AS_NODE.
   */
  command: HostCommand;
  /** The bridge socket the launcher passes to the host (default bridgeSocketPath(dataDir)). */
  socketPath?: string;
}

export interface NativeHostLocation {
  /** e.g. 'chromium', 'google-chrome', 'firefox', or the target folder for an explicit target. */
  browser: string;
  kind: ManifestKind;
  /** The manifest file (Linux, macOS, and Windows' copy in the data folder). */
  manifest: string;
  /** Windows: the registry key naming the manifest. */
  registryKey?: string;
  /** Whether the browser looks installed (its folder exists; always true for explicit targets and on Windows). */
  browserPresent: boolean;
  /** Whether this data folder's host is registered there. */
  installed: boolean;
}

export interface NativeHostStatus {
  launcher: string;
  launcherPresent: boolean;
  locations: NativeHostLocation[];
}

const MANIFEST_FILE = `${NATIVE_HOST_NAME}.json`;
const LAUNCHER_DIR = 'browser-host';

interface Location {
  browser: string;
  kind: ManifestKind;
  dir: string;
  /** Folders whose existence says the browser is installed (any of them). */
  detect: string[];
  registryKey?: string;
}

function launcherPath(dataDir: string, platform: NodeJS.Platform): string {
  return join(dataDir, LAUNCHER_DIR, platform === 'win32' ? 'tessera-browser-host.cmd' : 'tessera-browser-host');
}

function kindOf(dir: string): ManifestKind {
  return basename(dir) === 'native-messaging-hosts' || /(^|[/\\])\.?mozilla([/\\]|$)/i.test(dir) ? 'firefox' : 'chromium';
}

function locations(options: NativeHostPlaceOptions, platform: NodeJS.Platform): Location[] {
  if (options.targets) {
    return options.targets.map((target) => {
      const { dir, kind } = typeof target === 'string' ? { dir: target, kind: kindOf(target) } : target;
      return { browser: dir, kind, dir, detect: [] };
    });
  }
  const home = options.home ?? homedir();
  if (platform === 'win32') {
    const dir = join(options.dataDir, LAUNCHER_DIR);
    const key = (vendor: string) => `HKCU\\Software\\${vendor}\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`;
    return [
      // Brave and Vivaldi read Chrome's key.
      { browser: 'google-chrome', kind: 'chromium', dir, detect: [], registryKey: key('Google\\Chrome') },
      { browser: 'chromium', kind: 'chromium', dir, detect: [], registryKey: key('Chromium') },
      { browser: 'microsoft-edge', kind: 'chromium', dir, detect: [], registryKey: key('Microsoft\\Edge') },
      { browser: 'firefox', kind: 'firefox', dir, detect: [], registryKey: key('Mozilla') },
    ];
  }
  if (platform === 'darwin') {
    const support = join(home, 'Library', 'Application Support');
    const chromium = (browser: string, ...parts: string[]): Location => ({
      browser,
      kind: 'chromium',
      dir: join(support, ...parts, 'NativeMessagingHosts'),
      detect: [join(support, ...parts)],
    });
    return [
      chromium('google-chrome', 'Google', 'Chrome'),
      chromium('chromium', 'Chromium'),
      chromium('brave', 'BraveSoftware', 'Brave-Browser'),
      chromium('microsoft-edge', 'Microsoft Edge'),
      { browser: 'firefox', kind: 'firefox', dir: join(support, 'Mozilla', 'NativeMessagingHosts'), detect: [join(support, 'Mozilla'), join(support, 'Firefox')] },
    ];
  }
  const xdg = process.env['XDG_CONFIG_HOME'];
  const config = options.home === undefined && xdg && xdg.startsWith('/') ? xdg : join(home, '.config');
  const chromium = (browser: string, ...parts: string[]): Location => ({
    browser,
    kind: 'chromium',
    dir: join(config, ...parts, 'NativeMessagingHosts'),
    detect: [join(config, ...parts)],
  });
  return [
    chromium('chromium', 'chromium'),
    chromium('google-chrome', 'google-chrome'),
    chromium('brave', 'BraveSoftware', 'Brave-Browser'),
    chromium('microsoft-edge', 'microsoft-edge'),
    chromium('vivaldi', 'vivaldi'),
    { browser: 'firefox', kind: 'firefox', dir: join(home, '.mozilla', 'native-messaging-hosts'), detect: [join(home, '.mozilla')] },
  ];
}

function manifestPath(location: Location, platform: NodeJS.Platform): string {
  // Windows: one manifest per kind in the data folder, which the registry keys name.
  if (platform === 'win32' && location.registryKey) return join(location.dir, `${NATIVE_HOST_NAME}.${location.kind}.json`);
  return join(location.dir, MANIFEST_FILE);
}

/** The manifest a browser reads to start the host. */
export function hostManifest(kind: ManifestKind, launcher: string): Record<string, unknown> {
  const common = { name: NATIVE_HOST_NAME, description: 'Tessera: fills and saves passwords from the desktop app', path: launcher, type: 'stdio' };
  return kind === 'firefox' ? { ...common, allowed_extensions: [FIREFOX_EXTENSION_ID] } : { ...common, allowed_origins: [`chrome-extension://${CHROMIUM_EXTENSION_ID}/`] };
}

/** A POSIX shell word: single-quoted, with ' written as '\''. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A cmd.exe argument inside a .cmd file: double-quoted, % doubled; a quote or line break cannot be written. */
export function cmdQuote(word: string): string {
  if (/["\r\n]/.test(word)) throw new TesseraError('INVALID_INPUT', 'A path with a double quote or a line break cannot be written into the browser host launcher.');
  return `"${word.replaceAll('%', '%%')}"`;
}

/** The launcher's text: starts the host command with the bridge socket, passing on the browser's arguments. */
export function launcherScript(platform: NodeJS.Platform, options: HostCommand & { socketPath: string }): string {
  if (platform === 'win32') {
    const words = [options.execPath, ...options.args].map(cmdQuote).join(' ');
    return ['@echo off', 'rem Tessera browser host launcher (written by Tessera; do not edit).', `${words} --socket ${cmdQuote(options.socketPath)} %*`, ''].join('\r\n');
  }
  const words = [options.execPath, ...options.args].map(shellQuote).join(' ');
  return ['#!/bin/sh', '# Tessera browser host launcher (written by Tessera; do not edit).', `exec ${words} --socket ${shellQuote(options.socketPath)} "$@"`, ''].join('\n');
}

const defaultRunReg: RegRunner = (args) =>
  new Promise((resolve) => {
    execFile('reg.exe', [...args], { windowsHide: true }, (error, stdout) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout) });
    });
  });

/** Whether `file` is a manifest of ours naming `launcher`. */
function ownManifest(file: string, launcher: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; path?: unknown };
    return manifest.name === NATIVE_HOST_NAME && manifest.path === launcher;
  } catch {
    return false;
  }
}

/** The default value of a registry key, from `reg query <key> /ve` (undefined when the key or value is missing). */
async function registryValue(runReg: RegRunner, key: string): Promise<string | undefined> {
  const result = await runReg(['query', key, '/ve']);
  if (result.code !== 0) return undefined;
  const match = /REG_SZ\s+(.*?)\s*$/m.exec(result.stdout);
  return match?.[1];
}

function osError(action: string, where: string, error: unknown): TesseraError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'error';
  return new TesseraError('OS_INTEGRATION_FAILED', `The browser host could not be ${action} ${where} (${code}).`);
}

function context(options: NativeHostPlaceOptions) {
  const platform = options.platform ?? process.platform;
  const launcher = launcherPath(options.dataDir, platform);
  return { platform, launcher, list: locations(options, platform), runReg: options.runReg ?? defaultRunReg };
}

/** Whether the browser of `location` looks installed (explicit targets and Windows' keys always do). */
function isBrowserPresent(location: { detect: readonly string[] }): boolean {
  return location.detect.length === 0 || location.detect.some((dir) => existsSync(dir));
}

/** Where the host is registered for this data folder (and which browsers look installed). */
export async function nativeHostStatus(options: NativeHostPlaceOptions): Promise<NativeHostStatus> {
  const { platform, launcher, list, runReg } = context(options);
  const out: NativeHostLocation[] = [];
  for (const location of list) {
    const manifest = manifestPath(location, platform);
    const browserPresent = isBrowserPresent(location);
    let installed = ownManifest(manifest, launcher);
    if (location.registryKey) installed = installed && (await registryValue(runReg, location.registryKey)) === manifest;
    out.push({ browser: location.browser, kind: location.kind, manifest, ...(location.registryKey ? { registryKey: location.registryKey } : {}), browserPresent, installed });
  }
  return { launcher, launcherPresent: existsSync(launcher), locations: out };
}

/**
 * Writes the launcher and a manifest for each installed browser (each explicit target), and on
 * Windows the registry keys. Safe to run at every start: it rewrites the same files.
 */
export async function installNativeHost(options: NativeHostInstallOptions): Promise<NativeHostStatus> {
  const { platform, launcher, list, runReg } = context(options);
  const socketPath = options.socketPath ?? bridgeSocketPath(options.dataDir, { platform });
  const launcherDir = join(options.dataDir, LAUNCHER_DIR);
  try {
    ensurePrivateFolder(launcherDir, { own: true });
    writeFileAtomicSync(launcher, launcherScript(platform, { ...options.command, socketPath }), 0o700);
  } catch (error) {
    if (error instanceof TesseraError) throw error;
    throw osError('written to', launcherDir, error);
  }
  for (const location of list) {
    if (!isBrowserPresent(location)) continue;
    const manifest = manifestPath(location, platform);
    try {
      mkdirSync(location.dir, { recursive: true });
      writeFileAtomicSync(manifest, JSON.stringify(hostManifest(location.kind, launcher), null, 2) + '\n', 0o644);
    } catch (error) {
      throw osError('registered in', location.dir, error);
    }
    if (location.registryKey) {
      const result = await runReg(['add', location.registryKey, '/ve', '/t', 'REG_SZ', '/d', manifest, '/f']);
      if (result.code !== 0) throw new TesseraError('OS_INTEGRATION_FAILED', `The browser host could not be registered in ${location.registryKey} (reg.exe exited with ${result.code}).`);
    }
  }
  return nativeHostStatus(options);
}

/** Removes what install wrote for this data folder: its manifests, registry keys naming them, and the launcher. */
export async function uninstallNativeHost(options: NativeHostPlaceOptions): Promise<NativeHostStatus> {
  const { platform, launcher, list, runReg } = context(options);
  for (const location of list) {
    const manifest = manifestPath(location, platform);
    if (location.registryKey && (await registryValue(runReg, location.registryKey)) === manifest) {
      const result = await runReg(['delete', location.registryKey, '/f']);
      if (result.code !== 0) throw new TesseraError('OS_INTEGRATION_FAILED', `The browser host could not be removed from ${location.registryKey} (reg.exe exited with ${result.code}).`);
    }
    if (ownManifest(manifest, launcher)) {
      try {
        rmSync(manifest, { force: true });
      } catch (error) {
        throw osError('removed from', location.dir, error);
      }
    }
  }
  rmSync(launcher, { force: true });
  const launcherDir = join(options.dataDir, LAUNCHER_DIR);
  try {
    if (existsSync(launcherDir) && readdirSync(launcherDir).length === 0) rmdirSync(launcherDir);
  } catch {
    // someone else's file in it: leave the folder
  }
  return nativeHostStatus(options);
}
