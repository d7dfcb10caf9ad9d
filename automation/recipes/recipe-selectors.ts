// Turns a recipe's selector into a Playwright locator (role, label, text, placeholder or CSS,
// optionally inside an <iframe>), and checks a recipe's conditions against the page. The
// first match is used: a recipe names one element, and pages often repeat hidden copies.

import type { FrameLocator, Locator, Page } from 'playwright-core';
import { globMatches } from './recipe-matching';
import type { RecipeCondition, RecipeSelector } from './recipe-schema';

type AriaRole = Parameters<Page['getByRole']>[0];

function inRoot(root: Page | FrameLocator, selector: RecipeSelector): Locator {
  const exact = 'exact' in selector && selector.exact !== undefined ? { exact: selector.exact } : {};
  if ('role' in selector) {
    return root.getByRole(selector.role as AriaRole, selector.name === undefined ? exact : { name: selector.name, ...exact });
  }
  if ('label' in selector) return root.getByLabel(selector.label, exact);
  if ('text' in selector) return root.getByText(selector.text, exact);
  if ('placeholder' in selector) return root.getByPlaceholder(selector.placeholder, exact);
  return root.locator(selector.css);
}

/** Every element the selector matches (the boxes of a segmented code). */
export function locateAll(page: Page, selector: RecipeSelector): Locator {
  return inRoot(selector.frame ? page.frameLocator(selector.frame) : page, selector);
}

export function locate(page: Page, selector: RecipeSelector): Locator {
  return locateAll(page, selector).first();
}

export function describeSelector(selector: RecipeSelector): string {
  const where = selector.frame ? ` in frame ${selector.frame}` : '';
  if ('role' in selector) return `${selector.role}${selector.name ? ` "${selector.name}"` : ''}${where}`;
  if ('label' in selector) return `label "${selector.label}"${where}`;
  if ('text' in selector) return `text "${selector.text}"${where}`;
  if ('placeholder' in selector) return `placeholder "${selector.placeholder}"${where}`;
  return `css ${selector.css}${where}`;
}

export function describeCondition(condition: RecipeCondition): string {
  if ('urlPath' in condition) return `URL path ${condition.urlPath}`;
  if ('visible' in condition) return `${describeSelector(condition.visible)} visible`;
  if ('hidden' in condition) return `${describeSelector(condition.hidden)} hidden`;
  if ('pageText' in condition) return `page says "${condition.pageText}"`;
  return `cookie ${condition.cookie}`;
}

async function pageText(page: Page): Promise<string> {
  const texts = await Promise.all(page.frames().map((frame) => frame.locator('body').innerText({ timeout: 1_000 }).catch(() => '')));
  return texts.join('\n');
}

export async function conditionHolds(page: Page, condition: RecipeCondition): Promise<boolean> {
  if ('urlPath' in condition) return globMatches(condition.urlPath, new URL(page.url()).pathname);
  if ('visible' in condition) return locate(page, condition.visible).isVisible().catch(() => false);
  if ('hidden' in condition) return !(await locate(page, condition.hidden).isVisible().catch(() => false));
  if ('pageText' in condition) return (await pageText(page)).toLowerCase().includes(condition.pageText.toLowerCase());
  const cookies = await page.context().cookies(page.url());
  return cookies.some((cookie) => cookie.name === condition.cookie);
}
