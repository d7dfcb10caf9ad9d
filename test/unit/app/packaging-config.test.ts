import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as {
  engines: { node: string };
  build: { asarUnpack: string[]; electronFuses: Record<string, boolean>; linux: { target: string[] }; mac: unknown; win: unknown };
};

describe('packaging configuration', () => {
  it('turns on the fuses of docs/architecture.md', () => {
    expect(pkg.build.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('unpacks native modules and targets Linux, macOS and Windows', () => {
    expect(pkg.build.asarUnpack).toContain('**/*.node');
    expect(pkg.build.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(pkg.build.mac).toBeDefined();
    expect(pkg.build.win).toBeDefined();
  });

  it('requires Node 22 or later', () => {
    expect(pkg.engines.node).toBe('>=22');
  });
});

describe('uninstalling unregisters the browser extension\'s native host', () => {
  const build = (pkg as unknown as { build: { deb?: { afterRemove?: string }; nsis?: { include?: string } } }).build;

  it('the deb package runs packaging/linux/after-remove.sh, which removes only our manifests', () => {
    expect(build.deb?.afterRemove).toBe('packaging/linux/after-remove.sh');
    const root = mkdtempSync(join(tmpdir(), 'tessera-after-remove-'));
    try {
      const home = join(root, 'home', 'ada');
      const ours = (dir: string) => {
        mkdirSync(dir, { recursive: true });
        const file = join(dir, 'app.tessera.browser.json');
        writeFileSync(file, JSON.stringify({ name: 'app.tessera.browser', path: `${home}/.config/Tessera/browser-host/tessera-browser-host`, type: 'stdio' }, null, 2));
        return file;
      };
      const chromium = ours(join(home, '.config', 'chromium', 'NativeMessagingHosts'));
      const brave = ours(join(home, '.config', 'BraveSoftware', 'Brave-Browser', 'NativeMessagingHosts'));
      const firefox = ours(join(home, '.mozilla', 'native-messaging-hosts'));
      // Another program's manifest under our name is not ours to delete.
      const otherDir = join(home, '.config', 'google-chrome', 'NativeMessagingHosts');
      mkdirSync(otherDir, { recursive: true });
      const foreign = join(otherDir, 'app.tessera.browser.json');
      writeFileSync(foreign, JSON.stringify({ name: 'app.tessera.browser', path: '/opt/other/host', type: 'stdio' }));
      const script = resolve(import.meta.dirname, '../../../packaging/linux/after-remove.sh');
      // An upgrade leaves everything in place.
      execFileSync('/bin/sh', [script, 'upgrade'], { env: { ...process.env, TESSERA_HOMES: join(root, 'home', '*') } });
      expect([chromium, brave, firefox].every((file) => existsSync(file))).toBe(true);
      execFileSync('/bin/sh', [script, 'remove'], { env: { ...process.env, TESSERA_HOMES: join(root, 'home', '*') } });
      expect([chromium, brave, firefox].some((file) => existsSync(file))).toBe(false);
      expect(existsSync(foreign)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the Windows uninstaller deletes the HKCU keys the app registered', () => {
    expect(build.nsis?.include).toBe('packaging/windows/uninstall.nsh');
    const nsh = readFileSync(resolve(import.meta.dirname, '../../../packaging/windows/uninstall.nsh'), 'utf8');
    expect(nsh).toContain('!macro customUnInstall');
    for (const vendor of ['Google\\Chrome', 'Chromium', 'Microsoft\\Edge', 'Mozilla']) {
      expect(nsh).toContain(`DeleteRegKey HKCU "Software\\${vendor}\\NativeMessagingHosts\\app.tessera.browser"`);
    }
  });
});
