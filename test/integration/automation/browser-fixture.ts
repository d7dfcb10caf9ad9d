// One headless Chromium per test file: launched in beforeAll, closed in afterAll; each test
// opens its own context so cookies never leak between tests.
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { discoverBrowser } from '../../../automation/browser/browser-discovery';
import { launchHeadless } from '../../../automation/browser/browser-launcher';

export interface SharedBrowser {
  newPage(): Promise<Page>;
}

export function useSharedBrowser(): SharedBrowser {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    const installation = await discoverBrowser({ configuredPath: process.env.TESSERA_BROWSER });
    browser = await launchHeadless(installation);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
    await browser?.close();
  });
  return {
    async newPage() {
      if (!browser) throw new Error('the browser did not start');
      const context = await browser.newContext();
      contexts.push(context);
      return context.newPage();
    },
  };
}
