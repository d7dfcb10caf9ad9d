// Finds a Chromium-family browser to drive: a path the person configured (checked to exist
// and be executable), else Chromium, Chrome or Edge at the usual places for the OS and on
// PATH. Tessera ships no browser of its own, so a missing one is a BROWSER_NOT_FOUND error.

import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { TesseraError } from '../../main/errors';

export type BrowserKind = 'chromium' | 'chrome' | 'edge' | 'configured';

export interface BrowserInstallation {
  kind: BrowserKind;
  executablePath: string;
}

export interface DiscoveryEnvironment {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  homeDir: string;
  isExecutable(filePath: string): Promise<boolean>;
}

const LINUX_COMMANDS: [BrowserKind, string][] = [
  ['chromium', 'chromium'],
  ['chromium', 'chromium-browser'],
  ['chrome', 'google-chrome-stable'],
  ['chrome', 'google-chrome'],
  ['edge', 'microsoft-edge-stable'],
  ['edge', 'microsoft-edge'],
];

/** Every place worth looking, most likely first. Pure, so each OS can be tested anywhere. */
export function browserCandidates(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
  homeDir: string,
): { kind: BrowserKind; executablePath: string }[] {
  if (platform === 'darwin') {
    const bundles: [BrowserKind, string][] = [
      ['chrome', 'Google Chrome.app/Contents/MacOS/Google Chrome'],
      ['chromium', 'Chromium.app/Contents/MacOS/Chromium'],
      ['edge', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'],
    ];
    return ['/Applications', path.posix.join(homeDir, 'Applications')].flatMap((folder) =>
      bundles.map(([kind, bundle]) => ({ kind, executablePath: path.posix.join(folder, bundle) })),
    );
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(
      (root): root is string => !!root,
    );
    const installs: [BrowserKind, string][] = [
      ['chrome', 'Google\\Chrome\\Application\\chrome.exe'],
      ['edge', 'Microsoft\\Edge\\Application\\msedge.exe'],
      ['chromium', 'Chromium\\Application\\chrome.exe'],
    ];
    return installs.flatMap(([kind, relative]) =>
      roots.map((root) => ({ kind, executablePath: path.win32.join(root, relative) })),
    );
  }
  const fixed: { kind: BrowserKind; executablePath: string }[] = [
    { kind: 'chrome', executablePath: '/opt/google/chrome/chrome' },
    { kind: 'edge', executablePath: '/opt/microsoft/msedge/msedge' },
    { kind: 'chromium', executablePath: '/snap/bin/chromium' },
  ];
  // The `which` lookup: each command in each PATH folder, then the fixed install folders.
  const pathFolders = (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':').filter(Boolean);
  const onPath = LINUX_COMMANDS.flatMap(([kind, command]) =>
    pathFolders.map((folder) => ({ kind, executablePath: path.posix.join(folder, command) })),
  );
  return [...onPath, ...fixed];
}

async function isExecutableFile(filePath: string): Promise<boolean> {
  try {
    if (!(await stat(filePath)).isFile()) return false;
    if (process.platform !== 'win32') await access(filePath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function defaultEnvironment(): DiscoveryEnvironment {
  return { platform: process.platform, env: process.env, homeDir: homedir(), isExecutable: isExecutableFile };
}

/**
 * The browser to use. A configured path wins but must be valid: silently falling back to
 * another browser would hide a typo in the settings.
 */
export async function discoverBrowser(
  options: { configuredPath?: string | undefined; environment?: Partial<DiscoveryEnvironment> } = {},
): Promise<BrowserInstallation> {
  const environment = { ...defaultEnvironment(), ...options.environment };
  const configured = options.configuredPath?.trim();
  if (configured) {
    if (await environment.isExecutable(configured)) return { kind: 'configured', executablePath: configured };
    throw new TesseraError(
      'BROWSER_NOT_FOUND',
      `The configured browser "${configured}" does not exist or is not an executable file. ` +
        'Correct the browser path in the settings, or clear it to use an installed Chrome, Chromium or Edge.',
      { configuredPath: configured },
    );
  }
  const seen = new Set<string>();
  for (const candidate of browserCandidates(environment.platform, environment.env, environment.homeDir)) {
    if (seen.has(candidate.executablePath)) continue;
    seen.add(candidate.executablePath);
    if (await environment.isExecutable(candidate.executablePath)) return candidate;
  }
  throw new TesseraError(
    'BROWSER_NOT_FOUND',
    'No Chrome, Chromium or Edge was found on this computer. Install one of them, ' +
      'or set the path to its executable in the settings.',
    { platform: environment.platform },
  );
}
