// The built extension in real Chromium (unpacked, --load-extension): its service worker starts
// at the fixed ID, its popup says Tessera is not running when no native host is installed, and
// its content script finds and fills the login forms of the fixture sites (classic form,
// cross-origin iframe, shadow DOM, username-first, TOTP and six-box code steps), refusing a
// frame whose origin is not the one the background approved. Fills are sent from the service
// worker exactly as the background sends them after the app answers. Runs headed under
// `xvfb-run -a` when DISPLAY is set, else in Chromium's new headless mode.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateSync } from 'otplib';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_EXTENSION_ID } from '../../../protocol/browser-channel';
import { FIXTURE_PASSWORD, FIXTURE_TOTP_SECRET, FIXTURE_USERNAME, type RunningSite } from '../../fixtures/sites/kit/site-server';
import { start as classicForm } from '../../fixtures/sites/classic-form/server';
import { start as iframeLogin } from '../../fixtures/sites/iframe-login/server';
import { start as shadowDom } from '../../fixtures/sites/shadow-dom/server';
import { start as usernameFirst } from '../../fixtures/sites/username-first/server';
import { start as totpStep } from '../../fixtures/sites/totp-step/server';
import { start as segmentedOtp } from '../../fixtures/sites/segmented-otp/server';
import { CHROMIUM_ARGS, chromiumPath } from '../../support/chromium';

const root = resolve(import.meta.dirname, '../../..');
const extensionDir = join(root, 'out', 'extension', 'chromium');

interface FrameInfo {
  frameId: number;
  origin: string | null;
  summary: { login: boolean; usernameFirst: boolean; passwordStep: boolean; otp: boolean; change: boolean };
}

let context: BrowserContext;
let worker: Worker;
let userDataDir: string;

beforeAll(async () => {
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-extension.mjs')], { cwd: root, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
  userDataDir = await mkdtemp(join(tmpdir(), 'tessera-extension-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: !process.env['DISPLAY'],
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
  });
  worker = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${CHROMIUM_EXTENSION_ID}/`)) ?? (await context.waitForEvent('serviceworker'));
});

afterAll(async () => {
  await context?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

/** The tab (and its frames with login forms) whose top page is `url`, as the background recorded them. */
async function framesOf(url: string): Promise<{ tabId: number; frames: FrameInfo[] }> {
  let found: { tabId: number; frames: FrameInfo[] } | null = null;
  await expect
    .poll(async () => {
      found = await worker.evaluate(async (topUrl) => {
        const chromeApi = (globalThis as unknown as { chrome: { storage: { session: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome;
        const all = await chromeApi.storage.session.get(null);
        for (const [key, value] of Object.entries(all)) {
          const tab = value as { topUrl: string | null; frames: Record<string, FrameInfo> };
          if (key.startsWith('tab:') && tab.topUrl === topUrl) return { tabId: Number(key.slice(4)), frames: Object.values(tab.frames) };
        }
        return null;
      }, url);
      return found;
    })
    .not.toBeNull();
  return found as unknown as { tabId: number; frames: FrameInfo[] };
}

async function frameWith(url: string, want: keyof FrameInfo['summary']): Promise<{ tabId: number; frame: FrameInfo }> {
  let hit: { tabId: number; frame: FrameInfo } | null = null;
  await expect
    .poll(async () => {
      const { tabId, frames } = await framesOf(url);
      const frame = frames.find((f) => f.summary[want]);
      hit = frame ? { tabId, frame } : null;
      return hit !== null;
    })
    .toBe(true);
  return hit as unknown as { tabId: number; frame: FrameInfo };
}

/** Sends a fill to one frame, as the background does once the app has answered. */
function sendFill(tabId: number, frameId: number, command: Record<string, unknown>): Promise<{ ok: boolean; filled: string[]; usernameFirst: boolean; message?: string }> {
  return worker.evaluate(
    ({ tabId, frameId, command }) => {
      const chromeApi = (globalThis as unknown as { chrome: { tabs: { sendMessage(t: number, m: unknown, o: unknown): Promise<unknown> } } }).chrome;
      return chromeApi.tabs.sendMessage(tabId, { type: 'fill', ...command }, { frameId }) as Promise<{ ok: boolean; filled: string[]; usernameFirst: boolean }>;
    },
    { tabId, frameId, command },
  );
}

/** Starts a fixture site, opens it in a tab, runs `body`, then closes both (whatever happened). */
async function onSite(start: () => Promise<RunningSite<unknown>>, body: (opened: { site: RunningSite<{ successes: number }>; page: Page }) => Promise<void>): Promise<void> {
  const site = (await start()) as RunningSite<{ successes: number }>;
  const page = await context.newPage();
  try {
    await page.goto(site.url);
    await body({ site, page });
  } finally {
    await page.close();
    await site.close();
  }
}

describe('the built extension', () => {
  it('writes both manifests and loads at the fixed Chromium ID', async () => {
    expect(worker.url()).toBe(`chrome-extension://${CHROMIUM_EXTENSION_ID}/background.js`);
    const chromiumManifest = JSON.parse(await readFile(join(extensionDir, 'manifest.json'), 'utf8')) as { permissions: string[] };
    const firefoxManifest = JSON.parse(await readFile(join(root, 'out', 'extension', 'firefox', 'manifest.json'), 'utf8')) as { background: unknown };
    expect(chromiumManifest.permissions).toEqual(['nativeMessaging', 'storage']);
    expect(firefoxManifest.background).toEqual({ scripts: ['background.js'] });
  });

  it('says Tessera is not running when no native host is installed, and how to fix it', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`chrome-extension://${CHROMIUM_EXTENSION_ID}/popup.html?tab=1`);
      await expect.poll(() => page.getByRole('heading', { name: 'Tessera is not running' }).isVisible()).toBe(true);
      await expect.poll(() => page.getByText('Start the Tessera desktop app').isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
      // The popped-out window has no second pop-out button.
      expect(await page.getByRole('button', { name: 'Pop out into a window' }).isVisible()).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('fills the classic form (React-style: native setter and input events) and the login succeeds', async () => {
    await onSite(classicForm, async ({ site, page }) => {
      const { tabId, frame } = await frameWith(site.url, 'login');
      expect(frame.frameId).toBe(0);
      expect(frame.origin).toBe(new URL(site.url).origin);
      const events: string[] = [];
      await page.exposeFunction('recordEvent', (name: string) => events.push(name));
      await page.evaluate(() => {
        for (const type of ['input', 'change']) {
          document.getElementById('password')?.addEventListener(type, () => (window as unknown as { recordEvent(n: string): void }).recordEvent(type));
        }
      });
      const outcome = await sendFill(tabId, 0, { expectOrigin: frame.origin, username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD, step: 'any' });
      expect(outcome).toMatchObject({ ok: true, filled: ['username', 'password'], usernameFirst: false });
      expect(await page.locator('#email').inputValue()).toBe(FIXTURE_USERNAME);
      expect(events).toEqual(['input', 'change']);
      // Nothing but the value: no attribute carries the secret.
      expect(await page.locator('#password').evaluate((el) => [...el.attributes].some((a) => a.value.includes('horse')))).toBe(false);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(/\/dashboard$/);
      expect(site.state.successes).toBe(1);
    });
  });

  it('refuses a fill whose approved origin is not the frame’s', async () => {
    await onSite(classicForm, async ({ site, page }) => {
      const { tabId } = await frameWith(site.url, 'login');
      const outcome = await sendFill(tabId, 0, { expectOrigin: 'https://lookalike.example', username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD, step: 'any' });
      expect(outcome.ok).toBe(false);
      expect(await page.locator('#password').inputValue()).toBe('');
      expect(await page.locator('#email').inputValue()).toBe('');
    });
  });

  it('fills a login inside a cross-origin iframe, in that frame only', async () => {
    await onSite(iframeLogin, async ({ site, page }) => {
      const frameOrigin = (site.state as unknown as { frameOrigin: string }).frameOrigin;
      const { tabId, frame } = await frameWith(site.url, 'login');
      expect(frame.frameId).not.toBe(0);
      expect(frame.origin).toBe(frameOrigin);
      const outcome = await sendFill(tabId, frame.frameId, { expectOrigin: frameOrigin, username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD, step: 'any' });
      expect(outcome.ok).toBe(true);
      await page.frameLocator('iframe').getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/dashboard$/);
      expect(site.state.successes).toBe(1);
    });
  });

  it('fills a form inside an open shadow root', async () => {
    await onSite(shadowDom, async ({ site, page }) => {
      const { tabId, frame } = await frameWith(site.url, 'login');
      const outcome = await sendFill(tabId, 0, { expectOrigin: frame.origin, username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD, step: 'any' });
      expect(outcome.ok).toBe(true);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(/\/dashboard$/);
      expect(site.state.successes).toBe(1);
    });
  });

  it('fills a username-first login step by step', async () => {
    await onSite(usernameFirst, async ({ site, page }) => {
      const first = await frameWith(site.url, 'usernameFirst');
      const step1 = await sendFill(first.tabId, 0, { expectOrigin: first.frame.origin, username: FIXTURE_USERNAME, step: 'any' });
      expect(step1).toMatchObject({ ok: true, filled: ['username'], usernameFirst: true });
      await page.getByRole('button', { name: 'Next' }).click();
      await page.waitForURL(/\/login\/password$/);
      const second = await frameWith(page.url(), 'passwordStep');
      const step2 = await sendFill(second.tabId, 0, { expectOrigin: second.frame.origin, username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD, step: 'password' });
      expect(step2).toMatchObject({ ok: true, filled: ['password'] });
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/dashboard$/);
      expect(site.state.successes).toBe(1);
    });
  });

  for (const [name, start] of [
    ['a one-field TOTP step', totpStep],
    ['six single-digit boxes', segmentedOtp],
  ] as const) {
    it(`fills the code into ${name}`, async () => {
      await onSite(start, async ({ site, page }) => {
        const login = await frameWith(site.url, 'login');
        expect((await sendFill(login.tabId, 0, { expectOrigin: login.frame.origin, username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD, step: 'any' })).ok).toBe(true);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL(/\/login\/otp$/);
        const codeStep = await frameWith(page.url(), 'otp');
        const outcome = await sendFill(codeStep.tabId, 0, { expectOrigin: codeStep.frame.origin, code: generateSync({ secret: FIXTURE_TOTP_SECRET }), step: 'code' });
        expect(outcome).toMatchObject({ ok: true, filled: ['code'] });
        await page.getByRole('button', { name: 'Verify' }).click();
        await page.waitForURL(/\/dashboard$/);
        expect(site.state.successes).toBe(1);
      });
    });
  }
});
