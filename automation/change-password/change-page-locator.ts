// Finds the page where the password is changed, most trusted source first: a recipe, Apple's
// curated change-password URLs, the site's /.well-known/change-password (trusted only when
// the server answers a must-not-exist well-known address with something other than 200, so
// soft-404 servers are not believed), then links and buttons: "change password" on the
// current page (also inside closed user and avatar menus, followed by address), else on its
// security / account / settings pages, one level deep.
import type { Page } from 'playwright-core';
import { changePasswordUrlFor, wellKnownChangePasswordUrl } from '../../main/passwords';
import { type LocatedForm, waitForForm } from '../forms/login-form-detector';
import { pickChangePasswordForm, pickReauthForm } from './change-form';
import { type ChangePasswordRecipe, recipeAddress } from './change-password-recipe';
import { collectNavigationTargets, locateTarget, scoreChangePasswordTarget, type NavigationTarget } from './navigation-targets';

export const WELL_KNOWN_PROBE_PATH = '/.well-known/resource-that-should-not-exist-whose-status-code-should-not-be-200';

export type ChangePageSource = 'recipe' | 'apple' | 'well-known' | 'link';

export interface ChangePage {
  source: ChangePageSource;
  url: string;
  /** The change form, or the form asking to log in again before it. */
  form: LocatedForm;
}

export interface LocateOptions {
  /** Any page of the site (its origin is used). */
  siteUrl: string;
  recipe?: ChangePasswordRecipe;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Reports what was tried, for the step detail. */
  note?: (text: string) => void;
}

/** Pure: a well-known address can be trusted only if a must-not-exist one is not answered 200. */
export function wellKnownIsReliable(probeStatus: number): boolean {
  return probeStatus !== 200;
}

const FORM_WAIT_MS = 2_500;

async function changeOrReauthForm(page: Page, signal: AbortSignal | undefined): Promise<LocatedForm | undefined> {
  const { form } = await waitForForm(page, (forms) => pickChangePasswordForm(forms) ?? pickReauthForm(forms), { timeoutMs: FORM_WAIT_MS, ...(signal ? { signal } : {}) });
  return form;
}

async function tryAddress(page: Page, url: string, options: LocateOptions): Promise<LocatedForm | undefined> {
  const response = await page.goto(url, { waitUntil: 'load', timeout: options.timeoutMs }).catch(() => null);
  if (response && response.status() >= 400) return undefined;
  return changeOrReauthForm(page, options.signal);
}

async function statusOf(page: Page, url: string, timeoutMs: number): Promise<number> {
  try {
    const response = await page.context().request.get(url, { maxRedirects: 0, failOnStatusCode: false, timeout: timeoutMs });
    const status = response.status();
    await response.dispose();
    return status;
  } catch {
    return 0;
  }
}

async function followTarget(page: Page, target: NavigationTarget, options: LocateOptions): Promise<void> {
  if (target.href && /^https?:/.test(target.href)) {
    await page.goto(target.href, { waitUntil: 'load', timeout: options.timeoutMs });
    return;
  }
  await locateTarget(page, target).click({ timeout: options.timeoutMs });
  await page.waitForLoadState('load', { timeout: options.timeoutMs }).catch(() => undefined);
}

function sameOrigin(target: NavigationTarget, origin: string): boolean {
  if (!target.href) return true;
  try {
    return new URL(target.href).origin === origin;
  } catch {
    return false;
  }
}

/** Links on the current page worth following, best first, never leaving the site. */
async function rankedTargets(page: Page, origin: string, minScore: number, seen: Set<string>): Promise<NavigationTarget[]> {
  // Links of closed user / avatar menus count too: they are followed by address.
  const targets = await collectNavigationTargets(page, { hiddenLinks: true });
  return targets
    .map((target) => ({ target, score: scoreChangePasswordTarget(target) }))
    .filter(({ target, score }) => score >= minScore && sameOrigin(target, origin) && !seen.has(target.href || `button:${target.text}`))
    .sort((a, b) => b.score - a.score)
    .map(({ target }) => target);
}

/** How long a page may take to draw its menus after 'load' (single-page apps render them later). */
const MENU_RENDER_MS = 5_000;

/** Waits until the page shows any link worth following (or gives up quietly): SPAs draw their navigation after 'load'. */
async function waitForMenus(page: Page, origin: string, seen: Set<string>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + Math.min(timeoutMs, MENU_RENDER_MS);
  while ((await rankedTargets(page, origin, 20, seen)).length === 0 && Date.now() < deadline) await page.waitForTimeout(250);
}

async function searchByLinks(page: Page, origin: string, options: LocateOptions): Promise<ChangePage | undefined> {
  const start = page.url();
  const seen = new Set<string>([start]);
  await waitForMenus(page, origin, seen, options.timeoutMs);
  const visit = async (target: NavigationTarget, from: string): Promise<ChangePage | undefined> => {
    seen.add(target.href || `button:${target.text}`);
    options.note?.(`followed "${target.text}"`);
    await followTarget(page, target, options);
    const form = await changeOrReauthForm(page, options.signal);
    if (form) return { source: 'link', url: page.url(), form };
    if (page.url() !== from) await page.goto(from, { waitUntil: 'load', timeout: options.timeoutMs });
    return undefined;
  };
  // Level 1: a password link on the page we are on.
  for (const target of await rankedTargets(page, origin, 40, seen)) {
    const found = await visit(target, start);
    if (found) return found;
  }
  // Level 2: a password link on its security / account / settings pages (at most three).
  for (const settings of (await rankedTargets(page, origin, 20, seen)).slice(0, 3)) {
    seen.add(settings.href || `button:${settings.text}`);
    options.note?.(`looked in "${settings.text}"`);
    await followTarget(page, settings, options);
    await waitForMenus(page, origin, seen, options.timeoutMs);
    const settingsUrl = page.url();
    const direct = await changeOrReauthForm(page, options.signal);
    if (direct) return { source: 'link', url: settingsUrl, form: direct };
    for (const target of (await rankedTargets(page, origin, 40, seen)).slice(0, 3)) {
      const found = await visit(target, settingsUrl);
      if (found) return found;
    }
    await page.goto(start, { waitUntil: 'load', timeout: options.timeoutMs });
  }
  return undefined;
}

/** Navigates `page` (logged in) to the change-password page; undefined when none was found. */
export async function findChangePasswordPage(page: Page, options: LocateOptions): Promise<ChangePage | undefined> {
  const origin = new URL(options.siteUrl).origin;
  const host = new URL(options.siteUrl).hostname;
  const landing = page.url();
  const recipeUrl = options.recipe?.changePassword?.url;
  const direct: { source: ChangePageSource; url: string | undefined }[] = [
    { source: 'recipe', url: recipeUrl && recipeAddress(recipeUrl, options.siteUrl) },
    { source: 'apple', url: changePasswordUrlFor(host) },
  ];
  for (const { source, url } of direct) {
    if (!url) continue;
    options.note?.(`tried ${source} address`);
    const form = await tryAddress(page, url, options);
    if (form) return { source, url: page.url(), form };
  }

  const probe = await statusOf(page, `${origin}${WELL_KNOWN_PROBE_PATH}`, options.timeoutMs);
  if (wellKnownIsReliable(probe)) {
    const wellKnown = wellKnownChangePasswordUrl(origin);
    options.note?.('tried /.well-known/change-password');
    const form = await tryAddress(page, wellKnown, options);
    if (form) return { source: 'well-known', url: page.url(), form };
  } else {
    options.note?.('ignored /.well-known/change-password: the server answers 200 to addresses that do not exist');
  }

  if (page.url() !== landing) await page.goto(landing, { waitUntil: 'load', timeout: options.timeoutMs });
  return searchByLinks(page, origin, options);
}
