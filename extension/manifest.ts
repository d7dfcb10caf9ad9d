// The extension's two manifests (Manifest V3): Chromium (a service worker, and the public
// `key` that fixes the unpacked extension's ID to CHROMIUM_EXTENSION_ID, which the native
// host's manifest allows) and Firefox (background scripts, the gecko ID the host allows).
// Least privilege: native messaging and storage only — no host permissions, no tabs, no
// scripting; the content script runs in every frame to find login forms. No remote code:
// the pages' CSP allows only the extension's own scripts.

import { FIREFOX_EXTENSION_ID } from '../protocol/browser-channel';

/** The public half (DER, base64) of the key that gives the Chromium build its fixed ID. */
export const CHROMIUM_MANIFEST_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApLXEdG5Copkn4iCMBopMHkt1EHY87EgRSY+bPI6aHDbUgbQTb7lMCNUwCt1PKU9QsxAekgqJxbrE8zp/NLeVsCrC3DZlrB8zLFyjSs0BVJEKcK11p67cINU22jTTRu+uEgupGjPJeQtLN1a1xPDFU9MMB4qzRQn5c4JJ70Oa5Z/FDLYbRpsB6xmxUPp8uIoLZ/JifROdUkBSgF/neTF921BZO2wCr/YQI5p2QBTgOLusbQPzI69BIfGsPfkHS6xDMvkHB2KG2yCjkSI4MaunEvxS+7pVyQWWxSQOYG6DvBePBz3aB29DAaBo5rkWcmRuCGD7ZxtIIEwL1XI5AgoqmwIDAQAB';

export const EXTENSION_CSP = "script-src 'self'; object-src 'none'";
export const EXTENSION_PERMISSIONS = ['nativeMessaging', 'storage'] as const;
export const FIREFOX_MIN_VERSION = '140.0';
export const ICON_SIZES = [16, 32, 48, 128] as const;

export type ExtensionTarget = 'chromium' | 'firefox';

/** File names the build writes next to the manifest. */
export const EXTENSION_FILES = {
  background: 'background.js',
  content: 'content.js',
  popup: 'popup.html',
  icon: (size: number) => `icons/icon-${size}.png`,
} as const;

export function buildManifest(target: ExtensionTarget, version: string): Record<string, unknown> {
  const icons = Object.fromEntries(ICON_SIZES.map((size) => [String(size), EXTENSION_FILES.icon(size)]));
  const common = {
    manifest_version: 3,
    name: 'Tessera',
    short_name: 'Tessera',
    description: 'Fill and save logins from your Tessera vault (needs the Tessera desktop app).',
    version,
    icons,
    action: { default_title: 'Tessera', default_popup: EXTENSION_FILES.popup, default_icon: icons },
    permissions: [...EXTENSION_PERMISSIONS],
    content_security_policy: { extension_pages: EXTENSION_CSP },
    content_scripts: [
      {
        matches: ['<all_urls>'],
        js: [EXTENSION_FILES.content],
        all_frames: true,
        match_about_blank: true,
        run_at: 'document_idle',
      },
    ],
  };
  if (target === 'chromium') {
    return {
      ...common,
      key: CHROMIUM_MANIFEST_KEY,
      minimum_chrome_version: '116',
      background: { service_worker: EXTENSION_FILES.background },
    };
  }
  return {
    ...common,
    background: { scripts: [EXTENSION_FILES.background] },
    browser_specific_settings: {
      gecko: {
        id: FIREFOX_EXTENSION_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ['none'] },
      },
      // Firefox for Android reads data_collection_permissions from 142 on.
      gecko_android: { strict_min_version: '142.0' },
    },
  };
}
