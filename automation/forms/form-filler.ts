// Types into the page the way a person would, so the site's own input listeners run:
// Playwright's fill first, checked; if the value did not stick, key-by-key typing and a
// blur. Also fills segmented code boxes and submits by the best button or by Enter.
// Errors name the field, never the value. Every typing action first checks that the field's
// frame is on an origin allowed to receive the account's secrets (origin-guard).

import type { Locator } from 'playwright-core';
import { TesseraError } from '../../main/errors';
import { chooseSubmitButton, type SubmitPurpose } from './submit-button-scoring';
import { type LocatedForm, locateHandle } from './login-form-detector';
import { assertFieldOrigin, type OriginPolicy } from '../login/origin-guard';

export interface FillOptions {
  timeoutMs: number;
}

export interface SecretFillOptions extends FillOptions {
  /** Where the account's secrets may be typed; checked before every typing action. */
  origins: OriginPolicy;
}

function failure(what: string, error: unknown, secret: string): TesseraError {
  if (error instanceof TesseraError) return error;
  const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const safe = secret ? firstLine.replaceAll(secret, '•••') : firstLine;
  return new TesseraError('AUTOMATION_FAILED', `Could not fill the ${what} field (${safe}). Try again, or log in in assisted mode.`);
}

/** Fills one field and checks the page kept the value. `what` names it in errors ("password"). */
export async function fillField(field: Locator, value: string, what: string, { timeoutMs, origins }: SecretFillOptions): Promise<void> {
  try {
    await assertFieldOrigin(field, origins, what, timeoutMs);
    await field.fill(value, { timeout: timeoutMs });
    if ((await field.inputValue({ timeout: timeoutMs })) === value) return;
    // Some sites (masked inputs, key listeners) reset a value set in one go.
    await field.fill('', { timeout: timeoutMs });
    await assertFieldOrigin(field, origins, what, timeoutMs);
    await field.pressSequentially(value, { delay: 20, timeout: timeoutMs });
    await field.blur({ timeout: timeoutMs });
    if ((await field.inputValue({ timeout: timeoutMs })) === value) return;
  } catch (error) {
    throw failure(what, error, value);
  }
  throw new TesseraError('AUTOMATION_FAILED', `The site did not keep what was typed into the ${what} field. Log in in assisted mode.`);
}

async function segmentsHold(boxes: readonly Locator[], code: string, timeoutMs: number): Promise<boolean> {
  const values = await Promise.all(boxes.map((box) => box.inputValue({ timeout: timeoutMs })));
  return values.join('') === code;
}

/**
 * Fills a segmented code one digit per box; sites that move focus themselves get the code
 * typed from the first box, and those that only listen to paste get it pasted there.
 */
export async function fillOtpSegments(boxes: readonly Locator[], code: string, { timeoutMs, origins }: SecretFillOptions): Promise<void> {
  const [first] = boxes;
  if (!first || boxes.length < code.length) {
    throw new TesseraError('AUTOMATION_FAILED', `The code has ${code.length} digits but the page shows ${boxes.length} boxes.`);
  }
  const checkOrigins = async (): Promise<void> => {
    for (const box of boxes) await assertFieldOrigin(box, origins, 'code', timeoutMs);
  };
  try {
    await checkOrigins();
    for (const [index, box] of boxes.entries()) await box.fill(code[index] ?? '', { timeout: timeoutMs });
    if (await segmentsHold(boxes, code, timeoutMs)) return;

    for (const box of boxes) await box.fill('', { timeout: timeoutMs });
    await checkOrigins();
    await first.click({ timeout: timeoutMs });
    await first.page().keyboard.type(code, { delay: 30 });
    if (await segmentsHold(boxes, code, timeoutMs)) return;

    for (const box of boxes) await box.fill('', { timeout: timeoutMs });
    await checkOrigins();
    await first.evaluate((element, text) => {
      const page = globalThis as unknown as {
        DataTransfer: new () => { setData(type: string, value: string): void };
        ClipboardEvent: new (type: string, init: object) => object;
      };
      const data = new page.DataTransfer();
      data.setData('text/plain', text);
      (element as unknown as { dispatchEvent(event: object): void }).dispatchEvent(
        new page.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, code);
    if (await segmentsHold(boxes, code, timeoutMs)) return;
  } catch (error) {
    throw failure('code', error, code);
  }
  throw new TesseraError('AUTOMATION_FAILED', 'The site did not accept the code in its boxes. Log in in assisted mode.');
}

/** Submits by the best button of the form, or by Enter in the last field filled. */
export async function submitForm(
  form: LocatedForm,
  purpose: SubmitPurpose,
  lastField: Locator,
  { timeoutMs }: FillOptions,
): Promise<string> {
  const button = chooseSubmitButton(form.group.buttons, purpose);
  if (button) {
    await locateHandle(form, button.handle).click({ timeout: timeoutMs });
    return `clicked "${button.text || button.type}"`;
  }
  await lastField.press('Enter', { timeout: timeoutMs });
  return 'pressed Enter';
}
