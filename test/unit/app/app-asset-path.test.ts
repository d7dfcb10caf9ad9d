import { describe, expect, it } from 'vitest';
import { resolveAppAsset } from '../../../main/app/app-asset-path';
import { contentSecurityPolicy } from '../../../main/app/content-security-policy';

const root = '/opt/tessera/renderer';

describe('app:// asset resolution', () => {
  it.each([
    ['app://tessera/', '/opt/tessera/renderer/index.html'],
    ['app://tessera/index.html', '/opt/tessera/renderer/index.html'],
    ['app://tessera/assets/index-abc.js', '/opt/tessera/renderer/assets/index-abc.js'],
  ])('serves %s', (url, expected) => {
    expect(resolveAppAsset(root, url)).toBe(expected);
  });

  it.each([
    'app://tessera/../secrets.txt',
    'app://tessera/%2e%2e/%2e%2e/etc/passwd',
    'app://tessera/assets/..%2f..%2f..%2fetc/passwd',
    'app://tessera/a/..%2f..%2f..%2f..%2fetc/passwd',
  ])('never leaves the renderer folder for %s', (url) => {
    const resolved = resolveAppAsset(root, url);
    if (resolved !== null) expect(resolved.startsWith(root + '/')).toBe(true);
  });

  it.each([
    'app://tessera/a/..%2f..%2f..%2f..%2fetc/passwd',
    'app://tessera/a%5c..%5c..%5cwin.ini',
    'app://tessera/a%00.js',
    'app://other/index.html',
    'https://tessera/index.html',
    'app://tessera/%E0%A4%A',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(root, url)).toBeNull();
  });
});

describe('content security policy', () => {
  it('allows only the app itself and never eval or remote origins', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).not.toMatch(/https?:/);
  });
});
