// The extension's manifests: least privilege, a strict CSP without remote code, the Chromium
// `key` that really yields CHROMIUM_EXTENSION_ID, and the Firefox ID the native host allows.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../../../protocol/browser-channel';
import { CHROMIUM_MANIFEST_KEY, buildManifest } from '../../../extension/manifest';

/** Chromium's ID of an unpacked extension: sha256 of the key's DER, first 32 hex digits mapped 0-f → a-p. */
function chromiumIdOf(keyBase64: string): string {
  const hex = createHash('sha256').update(Buffer.from(keyBase64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode('a'.charCodeAt(0) + parseInt(digit, 16))).join('');
}

/** The manifest fields the tests read. */
interface ManifestView {
  [field: string]: unknown;
  key?: string;
  browser_specific_settings?: { gecko: Record<string, unknown> };
}

describe('extension manifests', () => {
  const chromium = buildManifest('chromium', '1.2.3') as ManifestView;
  const firefox = buildManifest('firefox', '1.2.3') as ManifestView;

  it('derive the fixed Chromium ID from the key', () => {
    expect(chromium.key).toBe(CHROMIUM_MANIFEST_KEY);
    expect(chromiumIdOf(CHROMIUM_MANIFEST_KEY)).toBe(CHROMIUM_EXTENSION_ID);
    expect(chromiumIdOf(CHROMIUM_MANIFEST_KEY.replace('A', 'B'))).not.toBe(CHROMIUM_EXTENSION_ID);
  });

  it('ask for native messaging and storage only, and no host permissions', () => {
    for (const manifest of [chromium, firefox]) {
      expect(manifest.manifest_version).toBe(3);
      expect(manifest.permissions).toEqual(['nativeMessaging', 'storage']);
      expect(manifest.host_permissions).toBeUndefined();
      expect(manifest.optional_permissions).toBeUndefined();
      expect(manifest.web_accessible_resources).toBeUndefined();
      expect(manifest.externally_connectable).toBeUndefined();
      expect(manifest.version).toBe('1.2.3');
    }
  });

  it('allow only the extension’s own scripts', () => {
    for (const manifest of [chromium, firefox]) {
      expect(manifest.content_security_policy).toEqual({ extension_pages: "script-src 'self'; object-src 'none'" });
      expect(JSON.stringify(manifest)).not.toMatch(/https?:\/\//);
    }
  });

  it('run the content script in every frame, about:blank ones included, once the page is idle', () => {
    for (const manifest of [chromium, firefox]) {
      expect(manifest.content_scripts).toEqual([
        { matches: ['<all_urls>'], js: ['content.js'], all_frames: true, match_about_blank: true, run_at: 'document_idle' },
      ]);
    }
  });

  it('use a service worker in Chromium and background scripts with the gecko ID in Firefox', () => {
    expect(chromium.background).toEqual({ service_worker: 'background.js' });
    expect(chromium.browser_specific_settings).toBeUndefined();
    expect(firefox.background).toEqual({ scripts: ['background.js'] });
    expect(firefox.key).toBeUndefined();
    expect(firefox.browser_specific_settings?.gecko).toMatchObject({ id: FIREFOX_EXTENSION_ID, strict_min_version: '140.0' });
  });
});
