// Fields that hold a secret after the engine typed it: the password and one-time code boxes.
// Each is tagged with SECRET_FIELD_ATTRIBUTE so screenshots can mask it, and drawn as dots
// (`-webkit-text-security`), so even a frame of the trace's screencast shows no digits.

import type { Frame, Locator, Page } from 'playwright-core';

export const SECRET_FIELD_ATTRIBUTE = 'data-tessera-secret';

/** Every field a screenshot must cover, whether or not the engine typed into it. */
export const SECRET_FIELD_SELECTOR = [
  `[${SECRET_FIELD_ATTRIBUTE}]`,
  'input[type="password" i]',
  'input[autocomplete~="one-time-code" i]',
  'input[autocomplete~="current-password" i]',
  'input[autocomplete~="new-password" i]',
].join(', ');

export async function markSecretField(field: Locator): Promise<void> {
  await field.evaluate((element, attribute) => {
    const input = element as unknown as { setAttribute(name: string, value: string): void; style: { setProperty(name: string, value: string): void } };
    input.setAttribute(attribute, '');
    input.style.setProperty('-webkit-text-security', 'disc');
  }, SECRET_FIELD_ATTRIBUTE);
}

/** Locators of every secret field in every frame of the page, for `screenshot({ mask })`. */
export function secretFieldMasks(page: Page): Locator[] {
  return page.frames().map((frame: Frame) => frame.locator(SECRET_FIELD_SELECTOR));
}
