import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bridgeSocketPath, ensureSocketDirectory, isFallbackSocketPath, MAX_SOCKET_PATH_BYTES } from '../../../main/browser-bridge/socket-path';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sock-'));
  made.push(dir);
  return dir;
}

describe('the bridge socket path of a data folder', () => {
  it('is browser-bridge.sock in the data folder when it fits a socket address', () => {
    expect(bridgeSocketPath('/home/ada/.config/Tessera', { platform: 'linux' })).toBe('/home/ada/.config/Tessera/browser-bridge.sock');
    expect(bridgeSocketPath('/Users/ada/Library/Application Support/Tessera', { platform: 'darwin' })).toBe('/Users/ada/Library/Application Support/Tessera/browser-bridge.sock');
  });

  it('falls back to a folder of its own under the temp folder, per user and data folder, when the path is too long', () => {
    const long = `/home/ada/${'deep/'.repeat(20)}Tessera`;
    const a = bridgeSocketPath(long, { platform: 'linux', tmp: '/tmp', uid: 1000 });
    expect(a).toMatch(/^\/tmp\/tessera-browser-1000-[0-9a-f]{16}\/bridge\.sock$/);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
    expect(isFallbackSocketPath(a)).toBe(true);
    expect(isFallbackSocketPath('/home/ada/.config/Tessera/browser-bridge.sock')).toBe(false);
    // Stable for one data folder; different for another data folder or another user.
    expect(bridgeSocketPath(long, { platform: 'linux', tmp: '/tmp', uid: 1000 })).toBe(a);
    expect(bridgeSocketPath(`${long}2`, { platform: 'linux', tmp: '/tmp', uid: 1000 })).not.toBe(a);
    expect(bridgeSocketPath(long, { platform: 'linux', tmp: '/tmp', uid: 1001 })).not.toBe(a);
    // A temp folder that is itself too long falls back to /tmp.
    expect(bridgeSocketPath(long, { platform: 'darwin', tmp: `/var/${'x'.repeat(90)}`, uid: 501 })).toMatch(/^\/tmp\/tessera-browser-501-/);
    // Exactly at the limit still uses the data folder.
    const fits = `/${'a'.repeat(MAX_SOCKET_PATH_BYTES - '/browser-bridge.sock'.length - 1)}`;
    expect(bridgeSocketPath(fits, { platform: 'linux' })).toBe(`${fits}/browser-bridge.sock`);
    expect(bridgeSocketPath(`${fits}b`, { platform: 'linux', tmp: '/tmp', uid: 1 })).toMatch(/^\/tmp\/tessera-browser-1-/);
  });

  it('is a named pipe on Windows, from the first 16 hex of sha256(dataDir)', () => {
    const path = bridgeSocketPath('C:\\Users\\ada\\AppData\\Roaming\\Tessera', { platform: 'win32' });
    expect(path).toMatch(/^\\\\\.\\pipe\\tessera-browser-[0-9a-f]{16}$/);
    expect(path.slice(-16)).toBe(createHash('sha256').update('C:\\Users\\ada\\AppData\\Roaming\\Tessera').digest('hex').slice(0, 16));
  });

  it('makes the fallback folder 0700 and refuses one that is a link', () => {
    const tmp = temp();
    const path = bridgeSocketPath(`/x/${'y'.repeat(120)}`, { platform: 'linux', tmp });
    expect(dirname(path).startsWith(tmp)).toBe(true);
    ensureSocketDirectory(path);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    chmodSync(dirname(path), 0o755);
    ensureSocketDirectory(path);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);

    const other = bridgeSocketPath(`/z/${'y'.repeat(120)}`, { platform: 'linux', tmp });
    const planted = join(tmp, 'planted');
    mkdirSync(planted);
    symlinkSync(planted, dirname(other));
    expect(() => ensureSocketDirectory(other)).toThrow(expect.objectContaining({ code: 'OS_INTEGRATION_FAILED' }));
  });

  it('creates a missing data folder 0700', () => {
    const dataDir = join(temp(), 'new', 'Tessera');
    ensureSocketDirectory(bridgeSocketPath(dataDir, { platform: 'linux' }));
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });
});
