// A PNG of the viewport with every password and code field painted over, taken in few round
// trips: one script per frame covers each secret field (open shadow roots included) with an
// opaque box, Chromium captures the viewport (encoding tuned for speed), the boxes go away.
// Playwright's own `mask` option paints the same boxes in several passes over every frame;
// with the animations stopped as before, it cost about twice as much (bench/RESULTS.md,
// "Login automation"). Without a Chrome DevTools session (another browser) it falls back to
// that option. When a frame cannot be painted, no screenshot is taken at all.

import type { CDPSession, Page } from 'playwright-core';
import type { PageElement, PageGlobals } from '../forms/page-dom';
import { SECRET_FIELD_SELECTOR, secretFieldMasks } from '../login/secret-fields';

export const MASK_COLOR = '#6d28d9';
const MASK_ATTRIBUTE = 'data-tessera-mask';
const TIMEOUT_MS = 5_000;

interface MaskArgs {
  selector: string;
  color: string;
  attribute: string;
}

interface MaskElement extends PageElement {
  style: { cssText: string };
  appendChild(child: PageElement): void;
}

type MaskGlobals = PageGlobals & { document: { createElement(tag: string): MaskElement; documentElement: MaskElement } };

/** Runs in a frame: an opaque box over every secret field, above everything; returns how many. */
function paintMasksInPage({ selector, color, attribute }: MaskArgs): number {
  const page = globalThis as unknown as MaskGlobals;
  const fields: PageElement[] = [];
  const visit = (children: ArrayLike<PageElement>): void => {
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!child) continue;
      if (child.matches(selector)) fields.push(child);
      if (child.shadowRoot) visit(child.shadowRoot.children);
      visit(child.children);
    }
  };
  visit(page.document.children);
  for (const field of fields) {
    const box = field.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const mask = page.document.createElement('div');
    mask.setAttribute(attribute, '');
    mask.style.cssText =
      `all:initial;position:fixed;left:${box.x}px;top:${box.y}px;width:${box.width}px;height:${box.height}px;` +
      `background:${color};z-index:2147483647;pointer-events:none;display:block`;
    page.document.documentElement.appendChild(mask);
  }
  return fields.length;
}

function removeMasksInPage(attribute: string): void {
  const page = globalThis as unknown as PageGlobals;
  const masks = page.document.querySelectorAll(`[${attribute}]`);
  for (let i = 0; i < masks.length; i++) masks[i]?.remove();
}

/** Rejects when `work` takes longer than TIMEOUT_MS (a frame that never answers). */
async function inTime<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the screenshot took too long')), TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function removeMasks(page: Page): Promise<void> {
  await inTime(Promise.all(page.frames().map((frame) => frame.evaluate(removeMasksInPage, MASK_ATTRIBUTE).catch(() => undefined)))).catch(() => undefined);
}

/** Playwright's masked screenshot: the fallback where no DevTools session can be opened. */
function playwrightMaskedScreenshot(page: Page): Promise<Buffer> {
  return page.screenshot({ type: 'png', mask: secretFieldMasks(page), maskColor: MASK_COLOR, timeout: TIMEOUT_MS, caret: 'initial' });
}

/** One DevTools session per page, opened at its first screenshot; it ends with the page. */
const sessions = new WeakMap<Page, Promise<CDPSession | undefined>>();

function sessionOf(page: Page): Promise<CDPSession | undefined> {
  let session = sessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page).catch(() => undefined);
    sessions.set(page, session);
  }
  return session;
}

/** The masked PNG, or null when the page is gone or any frame could not be painted over. */
export async function maskedScreenshot(page: Page): Promise<Buffer | null> {
  if (page.isClosed()) return null;
  const session = await sessionOf(page);
  if (!session) return playwrightMaskedScreenshot(page).catch(() => null);
  const args: MaskArgs = { selector: SECRET_FIELD_SELECTOR, color: MASK_COLOR, attribute: MASK_ATTRIBUTE };
  try {
    return await inTime((async () => {
      // Every frame must be painted: one that failed may show a secret.
      await Promise.all(page.frames().map((frame) => frame.evaluate(paintMasksInPage, args)));
      const { data } = await session.send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: true });
      return Buffer.from(data, 'base64');
    })());
  } catch {
    // A frame that navigated away, a page that closed or crashed: nothing safe to show. The
    // next screenshot opens a new session, in case this one was what broke.
    sessions.delete(page);
    return null;
  } finally {
    await removeMasks(page);
  }
}
