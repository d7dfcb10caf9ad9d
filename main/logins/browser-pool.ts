// The one headless browser of a process, shared by automated logins, rotations and MFA
// enrolment (each works in its own browser context, so no session is ever shared): found
// (or the configured path) and launched on first use, closed after a quiet minute with no
// context open, and by its owner at close. One pool per composition root means at most one
// headless Chromium per process, however many features run.
import type { Browser } from 'playwright-core';
import { discoverBrowser } from '../../automation/browser/browser-discovery';
import { launchHeadless } from '../../automation/browser/browser-launcher';

export const BROWSER_IDLE_MS = 60_000;

export interface BrowserPool {
  /** The running browser, launched if none runs; open a context on it and close that after use. */
  get(): Promise<Browser>;
  close(): Promise<void>;
}

export interface BrowserPoolOptions {
  /** The configured browser path, if any (settings); asked at each launch. */
  browserPath?: () => string | null | undefined;
  /** Where Playwright keeps a trace while it records (a private folder of the owner's). */
  tracesDir?: () => string;
  /** Quiet time (no `get`, no open context) after which the browser closes. */
  idleMs?: number;
}

export function createBrowserPool(options: BrowserPoolOptions = {}): BrowserPool {
  const idleMs = options.idleMs ?? BROWSER_IDLE_MS;
  let launching: Promise<Browser> | undefined;
  let idleTimer: NodeJS.Timeout | undefined;

  const closeCurrent = async (): Promise<void> => {
    clearTimeout(idleTimer);
    const current = launching;
    launching = undefined;
    await (await current?.catch(() => undefined))?.close().catch(() => undefined);
  };

  // Re-armed by every `get`; a browser with an open context (a login, a rotation) is never idle.
  const armIdle = (browser: Browser): void => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (browser.contexts().length > 0) armIdle(browser);
      else if (launching) void closeCurrent();
    }, idleMs);
    idleTimer.unref();
  };

  const launch = (): Promise<Browser> => {
    const path = options.browserPath?.() ?? undefined;
    const tracesDir = options.tracesDir?.();
    const started: Promise<Browser> = (async () => {
      const installation = await discoverBrowser(path ? { configuredPath: path } : {});
      const browser = await launchHeadless(installation, tracesDir ? { tracesDir } : {});
      browser.on('disconnected', () => {
        if (launching === started) launching = undefined;
      });
      return browser;
    })();
    started.catch(() => {
      if (launching === started) launching = undefined;
    });
    return started;
  };

  return {
    async get() {
      launching ??= launch();
      const browser = await launching;
      armIdle(browser);
      return browser;
    },
    close: closeCurrent,
  };
}
