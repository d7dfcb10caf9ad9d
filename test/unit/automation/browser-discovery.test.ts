import { describe, expect, it } from 'vitest';
import { browserCandidates, discoverBrowser } from '../../../automation/browser/browser-discovery';

function environment(platform: NodeJS.Platform, installed: string[], env: Record<string, string> = {}) {
  return { platform, env, homeDir: '/home/ada', isExecutable: async (filePath: string) => installed.includes(filePath) };
}

describe('browserCandidates', () => {
  it('looks in every PATH folder on Linux, then the fixed install folders', () => {
    const paths = browserCandidates('linux', { PATH: '/usr/local/bin:/usr/bin' }, '/home/ada').map((c) => c.executablePath);
    expect(paths).toContain('/usr/bin/chromium');
    expect(paths).toContain('/usr/local/bin/google-chrome-stable');
    expect(paths).toContain('/usr/bin/microsoft-edge');
    expect(paths).toContain('/opt/google/chrome/chrome');
    expect(paths.indexOf('/usr/bin/chromium')).toBeLessThan(paths.indexOf('/opt/google/chrome/chrome'));
  });

  it('looks in /Applications and ~/Applications on macOS', () => {
    const paths = browserCandidates('darwin', {}, '/Users/ada').map((c) => c.executablePath);
    expect(paths).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(paths).toContain('/Users/ada/Applications/Chromium.app/Contents/MacOS/Chromium');
    expect(paths).toContain('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge');
  });

  it('looks in Program Files and LocalAppData on Windows', () => {
    const env = { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' };
    const paths = browserCandidates('win32', env, 'C:\\Users\\ada').map((c) => c.executablePath);
    expect(paths).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(paths).toContain('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(paths).toContain('C:\\Users\\ada\\AppData\\Local\\Chromium\\Application\\chrome.exe');
  });
});

describe('discoverBrowser', () => {
  it('finds an installed browser', async () => {
    const found = await discoverBrowser({ environment: environment('linux', ['/usr/bin/google-chrome'], { PATH: '/usr/bin' }) });
    expect(found).toEqual({ kind: 'chrome', executablePath: '/usr/bin/google-chrome' });
  });

  it('finds Edge on Windows', async () => {
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    const found = await discoverBrowser({ environment: environment('win32', [edge], { 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' }) });
    expect(found).toEqual({ kind: 'edge', executablePath: edge });
  });

  it('uses a configured path that exists', async () => {
    const found = await discoverBrowser({ configuredPath: '/opt/my/chrome', environment: environment('linux', ['/opt/my/chrome', '/usr/bin/chromium']) });
    expect(found).toEqual({ kind: 'configured', executablePath: '/opt/my/chrome' });
  });

  it('refuses a configured path that does not exist, rather than silently using another browser', async () => {
    await expect(
      discoverBrowser({ configuredPath: '/opt/typo/chrome', environment: environment('linux', ['/usr/bin/chromium'], { PATH: '/usr/bin' }) }),
    ).rejects.toMatchObject({ code: 'BROWSER_NOT_FOUND', message: expect.stringContaining('/opt/typo/chrome') });
  });

  it('tells the person to install a browser or set its path when none is found', async () => {
    await expect(discoverBrowser({ environment: environment('darwin', []) })).rejects.toMatchObject({
      code: 'BROWSER_NOT_FOUND',
      message: expect.stringMatching(/Install one of them, or set the path/),
    });
  });

  it('checks the real file system by default', async () => {
    await expect(discoverBrowser({ configuredPath: '/definitely/not/here' })).rejects.toMatchObject({ code: 'BROWSER_NOT_FOUND' });
  });
});
