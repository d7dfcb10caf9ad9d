// One real Chromium per test file for the rotation suites, with a fresh context per use.
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../support/chromium';

export interface RotationBrowser {
  browser(): Browser;
  /** A page in a new context; the context closes when `use` returns. */
  withPage<T>(use: (page: Page) => Promise<T>): Promise<T>;
}

export function useRotationBrowser(): RotationBrowser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const get = (): Browser => {
    if (!browser) throw new Error('the browser did not start');
    return browser;
  };
  return {
    browser: get,
    async withPage(use) {
      const context = await get().newContext();
      try {
        return await use(await context.newPage());
      } finally {
        await context.close().catch(() => undefined);
      }
    },
  };
}
