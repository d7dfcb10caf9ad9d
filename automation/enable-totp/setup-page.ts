// What the enrolment flow reads and does on a page: the clickable links, buttons and switches
// (every frame), the text a setup key may be in (visible text, otpauth links, read-only fields), the
// images that may be the QR code (as PNG bytes for the caller's decoder), and hiding whatever
// showed a secret so later screenshots and trace frames cannot show it.

import type { Frame, Locator, Page } from 'playwright-core';
import { SECRET_FIELD_ATTRIBUTE } from '../login/secret-fields';
import type { Clickable } from './enrollment-words';

export interface FoundClickable extends Clickable {
  locator: Locator;
}

// Checkboxes and switches too: some apps turn 2FA on with a ticked box in their preferences (SOGo).
const CLICKABLE = 'a[href], button, [role="button"], [role="link"], [role="tab"], [role="menuitem"], [role="radio"], [role="checkbox"], [role="switch"], input[type="submit"], input[type="button"], input[type="radio"], input[type="checkbox"], label';
const MAX_CLICKABLES_PER_FRAME = 300;
const MAX_QR_CANDIDATES = 8;
const MIN_QR_SIDE = 64;

/**
 * Visible links and buttons with their text (or aria-label / value) and href. One evaluation
 * per frame, not a round trip per element: a settings page has hundreds of links, and on a
 * busy machine element-by-element reading took longer than a whole step may.
 */
export async function readClickables(page: Page): Promise<FoundClickable[]> {
  const found: FoundClickable[] = [];
  for (const frame of page.frames()) {
    const described = await frame
      .locator(CLICKABLE)
      .evaluateAll((elements, max) =>
        elements.slice(0, max).map((element) => {
          const node = element as unknown as {
            innerText?: string; value?: string; tagName: string; type?: string; checked?: boolean; getAttribute(name: string): string | null;
            labels?: ArrayLike<{ innerText: string }> | null;
            checkVisibility(options: Record<string, boolean>): boolean; getClientRects(): ArrayLike<unknown>;
          };
          const visible = node.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && node.getClientRects().length > 0;
          const box = node.tagName === 'INPUT' && node.type === 'checkbox';
          const label = box && node.labels?.length ? node.labels[0]!.innerText : '';
          const text = [node.innerText, label, node.getAttribute('aria-label'), node.getAttribute('title'), node.tagName === 'INPUT' && !box ? node.value : '']
            .filter(Boolean).join(' ').replace(/\s+/g, ' ').trim().slice(0, 200);
          const role = node.getAttribute('role');
          const switchedOn = box ? node.checked === true : role === 'checkbox' || role === 'switch' ? node.getAttribute('aria-checked') === 'true' : undefined;
          const disabled = node.getAttribute('disabled') !== null || node.getAttribute('aria-disabled') === 'true';
          return { visible, text, href: node.getAttribute('href') ?? '', switchedOn, disabled };
        }), MAX_CLICKABLES_PER_FRAME)
      .catch(() => []);
    described.forEach((item, index) => {
      if (!item.visible) return;
      found.push({
        text: item.text,
        href: item.href,
        locator: frame.locator(CLICKABLE).nth(index),
        ...(item.switchedOn !== undefined ? { switchedOn: item.switchedOn } : {}),
        ...(item.disabled ? { disabled: true } : {}),
      });
    });
  }
  return found;
}

/** Every place a setup key may be written: visible text, otpauth links (or attributes: a QR element's title), read-only inputs. */
/**
 * A frame's visible text, read now rather than through a locator's wait: on a loaded machine a
 * 2 s wait for the body timed out and a setup key was missed. No body (or a frame navigating
 * away) gives ''.
 */
function bodyText(frame: Frame): Promise<string> {
  return frame.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } | null } }).document.body?.innerText ?? '').catch(() => '');
}

export async function readSecretText(page: Page): Promise<string> {
  const parts: string[] = [];
  for (const frame of page.frames()) {
    parts.push(await bodyText(frame));
    parts.push(...(await frame.locator('body *').evaluateAll((elements) => {
      const uris: string[] = [];
      for (const element of elements) {
        const node = element as unknown as { tagName: string; attributes: ArrayLike<{ value: string }>; checkVisibility(options: Record<string, boolean>): boolean };
        const found = Array.from(node.attributes, (a) => a.value).filter((value) => /^otpauth:\/\//i.test(value));
        // An otpauth link counts as before; another element's attribute (a QR's title) only when it shows:
        // an app may keep its setup block in the page while its switch is off (SOGo).
        if (found.length && (node.tagName === 'A' || node.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }))) uris.push(...found);
      }
      return uris;
    }).catch(() => [])));
    parts.push(...(await frame.locator('input[readonly], textarea[readonly], input[type="hidden"][name*="secret" i]').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value)).catch(() => [])));
  }
  return parts.join('\n');
}

/** The page's visible text (all frames), for "already on" and backup-code reading. */
export async function readVisibleText(page: Page): Promise<string> {
  const texts = await Promise.all(page.frames().map(bodyText));
  return texts.join('\n');
}

/**
 * Pictures that may be the QR code: visible, roughly square, at least 64 px a side; images
 * that say "qr" in alt, src, class or label first. Each as PNG bytes of the element alone.
 */
export async function screenshotQrCandidates(page: Page): Promise<{ png: Buffer; locator: Locator }[]> {
  const candidates: { locator: Locator; hinted: boolean; area: number }[] = [];
  for (const frame of page.frames()) {
    for (const locator of await frame.locator('img, canvas, svg, [role="img"], object').all().catch(() => [] as Locator[])) {
      const box = await locator.boundingBox().catch(() => null);
      if (!box || box.width < MIN_QR_SIDE || box.height < MIN_QR_SIDE) continue;
      if (Math.max(box.width, box.height) / Math.min(box.width, box.height) > 1.3) continue;
      const hinted = await locator
        .evaluate((element) => {
          const node = element as unknown as { getAttribute(n: string): string | null; className?: unknown };
          return /qr/i.test([node.getAttribute('alt'), node.getAttribute('src')?.slice(0, 200), node.getAttribute('aria-label'), node.getAttribute('class'), node.getAttribute('id')].join(' '));
        })
        .catch(() => false);
      candidates.push({ locator, hinted, area: box.width * box.height });
    }
  }
  candidates.sort((a, b) => Number(b.hinted) - Number(a.hinted) || b.area - a.area);
  const shots: { png: Buffer; locator: Locator }[] = [];
  for (const { locator } of candidates.slice(0, MAX_QR_CANDIDATES)) {
    const png = await locator.screenshot({ type: 'png', animations: 'disabled', timeout: 5_000 }).catch(() => undefined);
    if (png) shots.push({ png, locator });
  }
  return shots;
}

/** Marks an element as secret (masked in screenshots) and hides it from later frames. */
export async function hideSecretElement(locator: Locator): Promise<void> {
  await locator
    .evaluate((element, attribute) => {
      const node = element as unknown as { setAttribute(n: string, v: string): void; style: { setProperty(n: string, v: string): void } };
      node.setAttribute(attribute, '');
      node.style.setProperty('filter', 'blur(24px)');
      node.style.setProperty('-webkit-text-security', 'disc');
    }, SECRET_FIELD_ATTRIBUTE)
    .catch(() => undefined);
}

/**
 * Hides every element whose own text holds one of `secrets` (compared without spaces or
 * dashes, case-insensitively), in every frame: the setup key, the backup codes.
 */
export async function hideTextSecrets(page: Page, secrets: readonly string[]): Promise<void> {
  const wanted = secrets.map((secret) => secret.replace(/[\s-]/g, '').toUpperCase()).filter((secret) => secret.length >= 6);
  if (wanted.length === 0) return;
  await Promise.all(page.frames().map((frame: Frame) =>
    frame
      .evaluate(({ wanted: keys, attribute }) => {
        type Node = { nodeType: number; textContent: string | null; parentElement: Element | null; childNodes: ArrayLike<Node> };
        type Element = Node & { setAttribute(n: string, v: string): void; style: { setProperty(n: string, v: string): void }; value?: string; tagName: string };
        const doc = (globalThis as unknown as { document: { body: Node | null; querySelectorAll(s: string): ArrayLike<Element> } }).document;
        const compact = (text: string) => text.replace(/[\s-]/g, '').toUpperCase();
        const hide = (element: Element | null) => {
          if (!element) return;
          element.setAttribute(attribute, '');
          element.style.setProperty('filter', 'blur(24px)');
          element.style.setProperty('-webkit-text-security', 'disc');
        };
        const walk = (node: Node) => {
          if (node.nodeType === 3 && keys.some((key) => compact(node.textContent ?? '').includes(key))) hide(node.parentElement);
          for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]!);
        };
        if (doc.body) walk(doc.body);
        const inputs = doc.querySelectorAll('input, textarea');
        for (let i = 0; i < inputs.length; i++) {
          const input = inputs[i]!;
          if (keys.some((key) => compact(input.value ?? '').includes(key))) hide(input);
        }
      }, { wanted, attribute: SECRET_FIELD_ATTRIBUTE })
      .catch(() => undefined)));
}
