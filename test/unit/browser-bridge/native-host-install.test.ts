import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID, NATIVE_HOST_NAME } from '../../../protocol/browser-channel';
import {
  installNativeHost,
  launcherScript,
  nativeHostStatus,
  type NativeHostInstallOptions,
  type RegRunner,
  uninstallNativeHost,
} from '../../../main/browser-bridge/native-host-install';
import { bridgeSocketPath } from '../../../main/browser-bridge/socket-path';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sandbox() {
  const root = mkdtempSync(join(tmpdir(), 'tessera-nmh-'));
  made.push(root);
  const home = join(root, 'home');
  const dataDir = join(root, "data dir's"); // a space and a quote the launcher must quote
  mkdirSync(home, { recursive: true });
  return { root, home, dataDir };
}

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('native messaging host registration (real files in a temp home)', () => {
  it('Linux: writes manifests only for installed browsers, a 0700 launcher, and removes them again', async () => {
    const { home, dataDir } = sandbox();
    mkdirSync(join(home, '.config', 'chromium'), { recursive: true });
    mkdirSync(join(home, '.config', 'BraveSoftware', 'Brave-Browser'), { recursive: true });
    mkdirSync(join(home, '.mozilla'), { recursive: true });
    const options: NativeHostInstallOptions = {
      dataDir,
      // The packaged app runs the host itself (its fuses forbid ELECTRON_RUN_AS_NODE).
      command: { execPath: '/opt/Tessera/tessera', args: ['--tessera-browser-host'] },
      platform: 'linux',
      home,
    };
    const status = await installNativeHost(options);

    const chromium = join(home, '.config', 'chromium', 'NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`);
    const brave = join(home, '.config', 'BraveSoftware', 'Brave-Browser', 'NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`);
    const firefox = join(home, '.mozilla', 'native-messaging-hosts', `${NATIVE_HOST_NAME}.json`);
    const launcher = join(dataDir, 'browser-host', 'tessera-browser-host');
    expect(status.launcher).toBe(launcher);
    expect(status.launcherPresent).toBe(true);
    expect(json(chromium)).toEqual({
      name: NATIVE_HOST_NAME,
      description: expect.any(String),
      path: launcher,
      type: 'stdio',
      allowed_origins: [`chrome-extension://${CHROMIUM_EXTENSION_ID}/`],
    });
    expect(json(brave)).toEqual(json(chromium));
    expect(json(firefox)).toEqual({ name: NATIVE_HOST_NAME, description: expect.any(String), path: launcher, type: 'stdio', allowed_extensions: [FIREFOX_EXTENSION_ID] });
    // Browsers that are not installed get nothing (not even their folder).
    expect(existsSync(join(home, '.config', 'google-chrome'))).toBe(false);
    expect(existsSync(join(home, '.config', 'vivaldi'))).toBe(false);
    expect(status.locations.filter((l) => l.installed).map((l) => l.browser).sort()).toEqual(['brave', 'chromium', 'firefox']);
    expect(status.locations.find((l) => l.browser === 'google-chrome')).toMatchObject({ browserPresent: false, installed: false });

    // The launcher: private, executable, exec's the app in host mode with the socket.
    expect(statSync(launcher).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'browser-host')).mode & 0o777).toBe(0o700);
    const script = readFileSync(launcher, 'utf8');
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).not.toContain('ELECTRON_RUN_AS_NODE');
    const socket = bridgeSocketPath(dataDir, { platform: 'linux' });
    expect(script).toContain(`exec '/opt/Tessera/tessera' '--tessera-browser-host' --socket '${socket.replace("'", "'\\''")}' "$@"\n`);

    // Idempotent.
    const again = await installNativeHost(options);
    expect(again).toEqual(status);

    // Uninstall removes only what it wrote: a manifest of another data folder stays.
    const chromeDir = join(home, '.config', 'google-chrome', 'NativeMessagingHosts');
    mkdirSync(chromeDir, { recursive: true });
    const foreign = join(chromeDir, `${NATIVE_HOST_NAME}.json`);
    writeFileSync(foreign, JSON.stringify({ name: NATIVE_HOST_NAME, path: '/home/other/launcher', type: 'stdio' }));
    const after = await uninstallNativeHost(options);
    for (const path of [chromium, brave, firefox, launcher]) expect(existsSync(path)).toBe(false);
    expect(existsSync(join(dataDir, 'browser-host'))).toBe(false);
    expect(existsSync(foreign)).toBe(true);
    expect(after.launcherPresent).toBe(false);
    expect(after.locations.some((l) => l.installed)).toBe(false);
    // Uninstalling twice is fine.
    await uninstallNativeHost(options);
  });

  it('the Linux launcher really starts the runtime with the host, the socket and the browser\'s arguments', async () => {
    const { home, dataDir, root } = sandbox();
    // A stand-in runtime that prints what it got, so the shell quoting is checked by /bin/sh itself.
    const runtime = join(root, "fake node's");
    writeFileSync(runtime, '#!/bin/sh\nprintf "%s\\n" "$@"\n', { mode: 0o700 });
    const hostScript = join(root, 'out $main', 'browser-host.js');
    const status = await installNativeHost({ dataDir, command: { execPath: runtime, args: [hostScript] }, platform: 'linux', home, targets: [] });
    const out = execFileSync(status.launcher, ['chrome-extension://abc/', '--parent-window=0'], { encoding: 'utf8' });
    expect(out.split('\n')).toEqual([hostScript, '--socket', bridgeSocketPath(dataDir, { platform: 'linux' }), 'chrome-extension://abc/', '--parent-window=0', '']);
  });

  it('macOS: writes into Application Support for the installed browsers (Firefox by its Mozilla or Firefox folder)', async () => {
    const { home, dataDir } = sandbox();
    const support = join(home, 'Library', 'Application Support');
    mkdirSync(join(support, 'Google', 'Chrome'), { recursive: true });
    mkdirSync(join(support, 'Microsoft Edge'), { recursive: true });
    mkdirSync(join(support, 'Firefox'), { recursive: true });
    const options: NativeHostInstallOptions = {
      dataDir,
      command: { execPath: '/usr/local/bin/node', args: ['/Applications/Tessera.app/Contents/Resources/app/out/main/browser-host.js'] },
      platform: 'darwin',
      home,
    };
    const status = await installNativeHost(options);
    const chrome = join(support, 'Google', 'Chrome', 'NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`);
    const edge = join(support, 'Microsoft Edge', 'NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`);
    const firefox = join(support, 'Mozilla', 'NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`);
    expect(json(chrome)['allowed_origins']).toEqual([`chrome-extension://${CHROMIUM_EXTENSION_ID}/`]);
    expect(json(edge)['path']).toBe(status.launcher);
    expect(json(firefox)['allowed_extensions']).toEqual([FIREFOX_EXTENSION_ID]);
    expect(existsSync(join(support, 'Chromium'))).toBe(false);
    expect(existsSync(join(support, 'BraveSoftware'))).toBe(false);
    expect(readFileSync(status.launcher, 'utf8')).toContain(`exec '/usr/local/bin/node' '/Applications/Tessera.app/Contents/Resources/app/out/main/browser-host.js' --socket`);
    await uninstallNativeHost(options);
    for (const path of [chrome, edge, firefox, status.launcher]) expect(existsSync(path)).toBe(false);
  });

  it('explicit targets (a Chromium --user-data-dir) are written even when the folder does not exist yet', async () => {
    const { root, dataDir } = sandbox();
    const chromiumTarget = join(root, 'profile', 'NativeMessagingHosts');
    const firefoxTarget = join(root, 'ff', 'native-messaging-hosts');
    const options: NativeHostInstallOptions = {
      dataDir,
      command: { execPath: '/usr/bin/node', args: ['/x/browser-host.js'] },
      platform: 'linux',
      targets: [chromiumTarget, firefoxTarget, { dir: join(root, 'other'), kind: 'firefox' }],
    };
    const status = await installNativeHost(options);
    expect(status.locations.map((l) => [l.kind, l.installed])).toEqual([
      ['chromium', true],
      ['firefox', true],
      ['firefox', true],
    ]);
    expect(json(join(chromiumTarget, `${NATIVE_HOST_NAME}.json`))['allowed_origins']).toBeDefined();
    expect(json(join(firefoxTarget, `${NATIVE_HOST_NAME}.json`))['allowed_extensions']).toEqual([FIREFOX_EXTENSION_ID]);
    expect((await nativeHostStatus(options)).locations.every((l) => l.installed)).toBe(true);
    await uninstallNativeHost(options);
    expect(existsSync(join(chromiumTarget, `${NATIVE_HOST_NAME}.json`))).toBe(false);
  });

  it('Windows (fake reg.exe): writes the manifests and a .cmd launcher in the data folder and sets HKCU keys with reg add/delete', async () => {
    const { home, dataDir } = sandbox();
    const registry = new Map<string, string>();
    const calls: string[][] = [];
    const runReg: RegRunner = async (args) => {
      calls.push([...args]);
      const [verb, key] = args;
      if (verb === 'add') {
        registry.set(key!, args[args.indexOf('/d') + 1]!);
        return { code: 0, stdout: 'The operation completed successfully.\r\n' };
      }
      if (verb === 'query') {
        const value = registry.get(key!);
        return value === undefined ? { code: 1, stdout: '' } : { code: 0, stdout: `\r\n${key}\r\n    (Default)    REG_SZ    ${value}\r\n\r\n` };
      }
      if (verb === 'delete') return { code: registry.delete(key!) ? 0 : 1, stdout: '' };
      return { code: 1, stdout: '' };
    };
    const options: NativeHostInstallOptions = {
      dataDir,
      command: { execPath: 'C:\\Program Files\\Tessera\\Tessera.exe', args: ['--tessera-browser-host'] },
      platform: 'win32',
      home,
      runReg,
    };
    const status = await installNativeHost(options);
    const key = (vendor: string) => `HKCU\\Software\\${vendor}\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`;
    const chromiumManifest = join(dataDir, 'browser-host', `${NATIVE_HOST_NAME}.chromium.json`);
    const firefoxManifest = join(dataDir, 'browser-host', `${NATIVE_HOST_NAME}.firefox.json`);
    expect(calls.filter((c) => c[0] === 'add')).toEqual([
      ['add', key('Google\\Chrome'), '/ve', '/t', 'REG_SZ', '/d', chromiumManifest, '/f'],
      ['add', key('Chromium'), '/ve', '/t', 'REG_SZ', '/d', chromiumManifest, '/f'],
      ['add', key('Microsoft\\Edge'), '/ve', '/t', 'REG_SZ', '/d', chromiumManifest, '/f'],
      ['add', key('Mozilla'), '/ve', '/t', 'REG_SZ', '/d', firefoxManifest, '/f'],
    ]);
    expect(json(chromiumManifest)['allowed_origins']).toEqual([`chrome-extension://${CHROMIUM_EXTENSION_ID}/`]);
    expect(json(firefoxManifest)['allowed_extensions']).toEqual([FIREFOX_EXTENSION_ID]);
    expect(status.launcher).toBe(join(dataDir, 'browser-host', 'tessera-browser-host.cmd'));
    expect(json(chromiumManifest)['path']).toBe(status.launcher);
    expect(readFileSync(status.launcher, 'utf8')).toBe(
      [
        '@echo off',
        'rem Tessera browser host launcher (written by Tessera; do not edit).',
        `"C:\\Program Files\\Tessera\\Tessera.exe" "--tessera-browser-host" --socket "${bridgeSocketPath(dataDir, { platform: 'win32' })}" %*`,
        '',
      ].join('\r\n'),
    );
    expect(bridgeSocketPath(dataDir, { platform: 'win32' })).toMatch(/^\\\\\.\\pipe\\tessera-browser-[0-9a-f]{16}$/);
    expect(status.locations.every((l) => l.installed)).toBe(true);

    // A key another install owns (another data folder's manifest) is left alone on uninstall.
    registry.set(key('Chromium'), 'D:\\elsewhere\\app.tessera.browser.chromium.json');
    calls.length = 0;
    const after = await uninstallNativeHost(options);
    expect(calls.filter((c) => c[0] === 'delete')).toEqual([
      ['delete', key('Google\\Chrome'), '/f'],
      ['delete', key('Microsoft\\Edge'), '/f'],
      ['delete', key('Mozilla'), '/f'],
    ]);
    expect([...registry.keys()]).toEqual([key('Chromium')]);
    expect(existsSync(chromiumManifest) || existsSync(firefoxManifest) || existsSync(status.launcher)).toBe(false);
    expect(after.locations.some((l) => l.installed)).toBe(false);
  });

  it('a .cmd launcher refuses a path it cannot quote, and doubles %', () => {
    expect(() => launcherScript('win32', { execPath: 'C:\\a"b.exe', args: ['h.js'], socketPath: 'p' })).toThrow(/double quote/);
    expect(launcherScript('win32', { execPath: 'C:\\100%\\n.exe', args: ['h.js'], socketPath: 'p' })).toContain('"C:\\100%%\\n.exe"');
  });
});
