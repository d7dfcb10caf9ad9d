// One headless browser shared by the rotations of a process: discovered (or the configured
// path) and launched on first use, closed by the owner of the service.
import type { Browser } from 'playwright-core';
import { discoverBrowser } from '../../automation/browser/browser-discovery';
import { launchHeadless } from '../../automation/browser/browser-launcher';

export interface SharedBrowser {
  get(): Promise<Browser>;
  close(): Promise<void>;
}

export function sharedHeadlessBrowser(configuredPath: () => string | null | undefined = () => undefined): SharedBrowser {
  let launching: Promise<Browser> | undefined;
  return {
    get() {
      launching ??= (async () => {
        const path = configuredPath();
        const installation = await discoverBrowser(path ? { configuredPath: path } : {});
        const browser = await launchHeadless(installation);
        browser.on('disconnected', () => (launching = undefined));
        return browser;
      })().catch((error: unknown) => {
        launching = undefined;
        throw error;
      });
      return launching;
    },
    async close() {
      const browser = await launching?.catch(() => undefined);
      launching = undefined;
      await browser?.close();
    },
  };
}
