// End-to-end harness: one real Chromium per test file, and per test a fresh data directory,
// a fresh web test host and a fresh browser context. Screenshots go to test-results/screens/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, expect } from 'vitest';
import { startWebTestHost, type WebTestHost } from '../web-host/server';
import { launchChromium } from '../support/chromium';
import type { CreateVaultOptions } from '../../main/vault';

export const SCREENS_DIR = resolve(import.meta.dirname, '../../test-results/screens');

export type AppSession = {
  page: Page;
  host: WebTestHost;
  context: BrowserContext;
  dataDir: string;
  /** Collected console errors and uncaught page errors (CSP violations show up here). */
  pageErrors: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
};

let browser: Browser | null = null;

export async function sharedBrowser(): Promise<Browser> {
  browser ??= await launchChromium();
  return browser;
}

export async function closeSharedBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
}

export type OpenAppOptions = {
  colorScheme?: 'light' | 'dark';
  dataDir?: string;
  /** KDF cost and test mode for the vault the test creates (the bench lowers the KDF cost). */
  vaultOptions?: CreateVaultOptions;
  /** Runs against the host's services before the page loads (e.g. to seed a vault). */
  beforeLoad?: (host: WebTestHost) => Promise<void>;
};

export async function openApp(options: OpenAppOptions = {}): Promise<AppSession> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tessera-e2e-')));
  const host = await startWebTestHost({ dataDir, ...(options.vaultOptions ? { vaultOptions: options.vaultOptions } : {}) });
  await options.beforeLoad?.(host);
  const context = await (await sharedBrowser()).newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 1200, height: 800 },
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(host.url);
  return {
    page,
    host,
    context,
    dataDir,
    pageErrors,
    async screenshot(name) {
      await mkdir(SCREENS_DIR, { recursive: true });
      const path = join(SCREENS_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close();
      await host.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * For files whose tests each open their own app: `open()` starts one; after each test it is
 * closed (first checking that the page logged no errors, unless `allowPageErrors`), and the
 * shared browser after the file.
 */
export function useAppSessions({ allowPageErrors = false }: { allowPageErrors?: boolean } = {}): { open(options?: OpenAppOptions): Promise<AppSession> } {
  const open: AppSession[] = [];
  afterEach(async () => {
    const sessions = open.splice(0);
    try {
      if (!allowPageErrors) for (const session of sessions) expect(session.pageErrors).toEqual([]);
    } finally {
      await Promise.all(sessions.map((session) => session.close()));
    }
  });
  afterAll(closeSharedBrowser);
  return {
    async open(options) {
      const session = await openApp(options);
      open.push(session);
      return session;
    },
  };
}
