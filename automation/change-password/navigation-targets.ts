// Links and buttons of a page as plain data (text, href, frame), collected in every frame and
// open shadow root, and the pure scoring that picks where to go next: a "change password"
// link first, then pages that usually hold it (security, account, settings). Also used by
// logout-everywhere with its own words.
import type { Frame, Locator, Page } from 'playwright-core';
import type { PageElement, PageGlobals } from '../forms/page-dom';
import { CHANGE_PASSWORD_WORDS, PASSWORD_WORDS, compactText, findKeyword } from '../forms/field-keywords';

export interface NavigationTarget {
  /** Visible text, aria-label or title, whitespace collapsed. */
  text: string;
  /** Absolute URL of a link; '' for buttons. */
  href: string;
  tag: string;
  /** Position among the frame's candidates, to find it again. */
  index: number;
  framePath: number[];
  /** A link inside a closed menu (avatar, user dropdown): followed by its address, never clicked. */
  hidden?: boolean;
}

export interface CollectOptions {
  /** Also links that are not shown (closed dropdown and avatar menus), when they have an http(s) address. */
  hiddenLinks?: boolean;
}

export const TARGET_SELECTOR = 'a[href], button, [role="button"], [role="link"], [role="tab"], [role="menuitem"], input[type="submit"], input[type="button"]';

/** Evaluated in the page: self-contained. */
export function collectTargetsInPage(selector: string): (Omit<NavigationTarget, 'framePath' | 'hidden'> & { visible: boolean })[] {
  const page = globalThis as unknown as PageGlobals;
  const found: PageElement[] = [];
  const visit = (root: { querySelectorAll(s: string): ArrayLike<PageElement> }): void => {
    const all = root.querySelectorAll('*');
    for (let i = 0; i < all.length; i++) {
      const element = all[i]!;
      if (element.matches(selector)) found.push(element);
      if (element.shadowRoot) visit(element.shadowRoot);
    }
  };
  visit(page.document);
  return found.map((element, index) => {
    const visible = element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const text = ((element.innerText ?? element.textContent ?? '') || element.getAttribute('aria-label') || element.getAttribute('title') || element.value || '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 120);
    const href = element.tagName === 'A' ? ((element as unknown as { href: string }).href ?? '') : '';
    return { text, visible, href, tag: element.tagName.toLowerCase(), index };
  });
}

function framePathOf(frame: Frame): number[] {
  const path: number[] = [];
  for (let current = frame; ; ) {
    const parent = current.parentFrame();
    if (!parent) return path;
    path.unshift(parent.childFrames().indexOf(current));
    current = parent;
  }
}

export async function collectNavigationTargets(page: Page, options: CollectOptions = {}): Promise<NavigationTarget[]> {
  const perFrame = await Promise.all(
    page.frames().map(async (frame) => {
      try {
        const targets = await frame.evaluate(collectTargetsInPage, TARGET_SELECTOR);
        const framePath = framePathOf(frame);
        return targets
          .filter((t) => t.text !== '' && (t.visible || (options.hiddenLinks === true && /^https?:/.test(t.href))))
          .map(({ visible, ...t }) => ({ ...t, framePath, ...(visible ? {} : { hidden: true }) }));
      } catch {
        return [];
      }
    }),
  );
  return perFrame.flat();
}

/** The element behind a target (the n-th candidate of its frame; shadow roots pierced by CSS). */
export function locateTarget(page: Page, target: NavigationTarget): Locator {
  let frame = page.mainFrame();
  for (const index of target.framePath) frame = frame.childFrames()[index] ?? frame;
  return frame.locator(TARGET_SELECTOR).nth(target.index);
}

const SETTINGS_WORDS = ['security', 'settings', 'account', 'profile', 'preferences', 'privacy', 'sicherheit', 'einstellungen', 'konto', 'seguridad', 'configuración', 'cuenta', 'sécurité', 'paramètres', 'compte', 'セキュリティ', '設定', 'アカウント'] as const;
const AVOID_WORDS = ['log out', 'logout', 'sign out', 'signout', 'disconnect', 'abmelden', 'cerrar sesión', 'déconnexion', 'delete', 'löschen', 'eliminar', 'supprimer', 'forgot', 'reset', 'vergessen', 'olvid', 'oublié', 'cancel', 'billing'] as const;

/**
 * How promising a link or button is on the way to the change-password page: 100 for a
 * "change password" link, 60 for any "password" link, 20 for security/account/settings pages,
 * below 0 for logout, delete and forgot-password links (never followed).
 */
export function scoreChangePasswordTarget(target: Pick<NavigationTarget, 'text' | 'href'>): number {
  const text = target.text;
  const href = target.href.toLowerCase();
  if (findKeyword(text, AVOID_WORDS) || /logout|signout|sign-out|log-out|delete|forgot|reset/.test(href)) return -100;
  if (findKeyword(text, CHANGE_PASSWORD_WORDS) || /change[-_]?password|password[-_]?change|update[-_]?password/.test(href)) return 100;
  const compact = compactText(text);
  if (findKeyword(text, PASSWORD_WORDS) || /password|passwd|credential/.test(href)) return compact.length <= 40 ? 60 : 40;
  if (findKeyword(text, SETTINGS_WORDS) || /security|settings|account|profile/.test(href)) return 20;
  return 0;
}
