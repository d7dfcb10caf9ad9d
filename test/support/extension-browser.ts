// Real Chromium with Tessera's unpacked extension loaded and its native messaging host
// installed into the profile (Chromium reads `<user-data-dir>/NativeMessagingHosts/` when
// launched with a user data dir), so tests drive the extension → host process → app socket
// chain with nothing faked. The extension is the build in out/extension/chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';
import { installNativeHost } from '../../main/browser-bridge/native-host-install';
import { CHROMIUM_EXTENSION_ID } from '../../protocol/browser-channel';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(ROOT, 'out/extension/chromium');
export const HOST_SCRIPT = join(ROOT, 'out/main/browser-host.js');

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  userDataDir: string;
  /** The popup, popped out for `page`'s tab (popup.html?tab=ID, the extension's "Pop out"). */
  openPopup(page: Page): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Launches Chromium with the extension, its native host pointing at the app socket of
 * `appDataDir` (the app must be running there for anything but "not running").
 */
export async function launchExtensionBrowser(appDataDir: string, options: { installHost?: boolean } = {}): Promise<ExtensionBrowser> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json')) || !existsSync(HOST_SCRIPT)) {
    throw new Error('Build first (npm run build): out/extension/chromium and out/main/browser-host.js are missing.');
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'tessera-ext-profile-'));
  if (options.installHost !== false) {
    await installNativeHost({
      dataDir: appDataDir,
      command: { execPath: process.execPath, args: [HOST_SCRIPT] },
      targets: [{ dir: join(userDataDir, 'NativeMessagingHosts'), kind: 'chromium' }],
    });
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: process.env['HEADED'] !== '1',
    viewport: { width: 1100, height: 760 },
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`],
  });
  const worker = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${CHROMIUM_EXTENSION_ID}/`)) ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    userDataDir,
    async openPopup(page) {
      // The extension asks for no `tabs` permission, so tabs.query shows no URLs; the tab is
      // found in what the background recorded from the page's content script (its `sender`).
      const url = page.url();
      let tabId: number | null = null;
      for (const deadline = Date.now() + 20_000; tabId === null && Date.now() < deadline; ) {
        tabId = await worker.evaluate(async (wanted) => {
          const api = (globalThis as unknown as { chrome: { storage: { session: { get(keys: null): Promise<Record<string, unknown>> } } } }).chrome;
          const all = await api.storage.session.get(null);
          const hit = Object.entries(all).find(([key, value]) => key.startsWith('tab:') && (value as { topUrl?: string } | null)?.topUrl === wanted);
          return hit ? Number(hit[0].slice(4)) : null;
        }, url);
        if (tabId === null) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (tabId === null) throw new Error(`The extension recorded no tab showing ${url}`);
      const popup = await context.newPage();
      await popup.setViewportSize({ width: 380, height: 600 });
      await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
      return popup;
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
