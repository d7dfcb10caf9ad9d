// What must never reach a person on screen (issue 21): schema paths and zod wording, step ids,
// rotation states, exception classes, browser API names. Only rendered text counts
// (innerText), so steps inside a closed "Details" do not.
import type { Page } from 'playwright-core';
import { LOGIN_STEPS, RECIPE_STEPS, RUN_STEPS, ENABLE_TOTP_STEPS } from '../../automation/login/step-runner';
import { CHANGE_STEPS } from '../../automation/change-password/change-password-flow';

const STEP_IDS = [...new Set([...LOGIN_STEPS, ...RECIPE_STEPS, ...RUN_STEPS, ...ENABLE_TOTP_STEPS, ...CHANGE_STEPS])]
  // Plain words ("login") are fine in a sentence; ids with a hyphen are not.
  .filter((id) => id.includes('-'));

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const DEVELOPER_PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ['zod path', /\bat "[\w.[\]]+"/],
  ['zod wording', /Too (small|big):|expected (number|string|boolean)|Invalid input/],
  ['step id', new RegExp(`(^|[^\\w-])(${STEP_IDS.map(escape).join('|')})([^\\w-]|$)`)],
  ['rotation state', /\b(LOGIN_OLD|VERIFY_NEW|VERIFY_OLD|IN_DOUBT|ROLLED_BACK|COMMITTED|RECONCILE)\b/],
  ['exception class', /\b[A-Z][A-Za-z]*(Error|Exception)\b/],
  ['browser API', /net::|\bpage\.\w+:|npx |playwright/i],
  ['accelerator', /CommandOrControl|CmdOrCtrl/],
];

/** Every developer word found in what the page shows, as "kind: match". */
export async function developerWordsIn(page: Page): Promise<string[]> {
  // Read-only fields are the app's own words too (a shortcut, a generated value's label).
  const text = await page.evaluate(() => [document.body.innerText, ...[...document.querySelectorAll<HTMLInputElement>('input[readonly]')].map((i) => i.value)].join('\n'));
  return DEVELOPER_PATTERNS.flatMap(([kind, pattern]) => {
    const match = pattern.exec(text);
    return match ? [`${kind}: ${match[0].trim()}`] : [];
  });
}

/** Elements that scroll sideways (and the page itself), as selectors with their overflow. */
export async function horizontalScrollers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) found.push(`page: ${root.scrollWidth} > ${root.clientWidth}`);
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const style = getComputedStyle(el);
      if (!['auto', 'scroll'].includes(style.overflowX)) continue;
      if (el.scrollWidth > el.clientWidth + 1) found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return found;
  });
}
