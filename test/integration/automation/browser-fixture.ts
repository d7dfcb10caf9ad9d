// One headless Chromium per test file: launched in beforeAll, closed in afterAll; each test
// opens its own context so cookies never leak between tests. Fixture sites a test starts
// through `useFixtureSites()` are closed after that test.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { discoverBrowser } from '../../../automation/browser/browser-discovery';
import { launchHeadless } from '../../../automation/browser/browser-launcher';
import type { RunningSite } from '../../fixtures/sites/kit/site-server';

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

/**
 * Returns `started(startSite())`: awaits a fixture site and closes it after the test, or after
 * the file with `closeAfter: 'file'` (for concurrent tests, whose hooks would close each
 * other's sites).
 */
export function useFixtureSites({ closeAfter = 'test' }: { closeAfter?: 'test' | 'file' } = {}): <S>(site: Promise<RunningSite<S>>) => Promise<RunningSite<S>> {
  const running: RunningSite<unknown>[] = [];
  (closeAfter === 'test' ? afterEach : afterAll)(async () => {
    await Promise.all(running.splice(0).map((site) => site.close()));
  });
  return async (site) => {
    const value = await site;
    running.push(value);
    return value;
  };
}
