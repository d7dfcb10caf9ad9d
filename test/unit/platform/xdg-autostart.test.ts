import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopEntry, quoteExecArgument, xdgAutostart, xdgConfigHome } from '../../../main/platform/xdg-autostart';

describe('start at login on Linux (XDG autostart entry, real files)', () => {
  const configHome = () => mkdtempSync(join(tmpdir(), 'tessera-xdg-'));

  it('writes an entry that starts Tessera in the background, and removes it again', () => {
    const home = configHome();
    const autostart = xdgAutostart({ configHome: home, command: ['/opt/Tessera/tessera'] });
    expect(autostart.enabled()).toBe(false);
    autostart.apply(true);
    expect(autostart.path).toBe(join(home, 'autostart', 'tessera.desktop'));
    const text = readFileSync(autostart.path, 'utf8');
    expect(text).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Tessera\n/);
    expect(text).toContain('\nExec=/opt/Tessera/tessera --background\n');
    expect(statSync(autostart.path).mode & 0o777).toBe(0o644);
    expect(autostart.enabled()).toBe(true);
    autostart.apply(true); // idempotent
    expect(autostart.enabled()).toBe(true);
    autostart.apply(false);
    expect(existsSync(autostart.path)).toBe(false);
    autostart.apply(false); // nothing to remove is fine
    expect(autostart.enabled()).toBe(false);
  });

  it('counts an entry the desktop switched off (Hidden=true) as off', () => {
    const autostart = xdgAutostart({ configHome: configHome(), command: ['/usr/bin/tessera'] });
    autostart.apply(true);
    writeFileSync(autostart.path, readFileSync(autostart.path, 'utf8') + 'Hidden=true\n');
    expect(autostart.enabled()).toBe(false);
  });

  it('quotes program paths as the Desktop Entry spec asks', () => {
    expect(quoteExecArgument('/usr/bin/tessera')).toBe('/usr/bin/tessera');
    expect(quoteExecArgument('/home/ada/My Apps/Tessera.AppImage')).toBe('"/home/ada/My Apps/Tessera.AppImage"');
    expect(quoteExecArgument('/opt/a"b$c`d\\e')).toBe('"/opt/a\\"b\\$c\\`d\\\\e"');
    expect(quoteExecArgument('/opt/100%/tessera')).toBe('/opt/100%%/tessera');
    expect(() => quoteExecArgument('/opt/a\nExec=evil')).toThrow(/line break/);
    expect(desktopEntry(['/opt/x y/electron', '/opt/app', '--background'])).toContain('Exec="/opt/x y/electron" /opt/app --background\n');
  });

  it('uses XDG_CONFIG_HOME only when it is an absolute path', () => {
    expect(xdgConfigHome({ XDG_CONFIG_HOME: '/tmp/cfg' })).toBe('/tmp/cfg');
    expect(xdgConfigHome({ XDG_CONFIG_HOME: 'relative/cfg' })).toMatch(/\/\.config$/);
    expect(xdgConfigHome({})).toMatch(/\/\.config$/);
  });
});
