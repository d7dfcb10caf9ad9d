// The parts of an authenticator-app enrolment a recipe's `enrollTotp` section names: open the
// two-factor settings (goto, then clicks), choose the method (clicks), read the secret from a
// named text element or QR image, type the confirmation code into a named field, and read the
// backup codes from a named list. An element the recipe names but the page lacks stops the
// step with RecipeElementMissing, which says which recipe and which element, so a person
// can correct the recipe; enable-totp.ts turns it into that step's outcome.

import type { Locator, Page } from 'playwright-core';
import { TesseraError } from '../../main/errors';
import { fillField, type SecretFillOptions } from '../forms/form-filler';
import { markSecretField } from '../login/secret-fields';
import { gotoTarget } from '../recipes/recipe-login';
import type { LoadedRecipe } from '../recipes/recipe-matching';
import type { RecipeEnrollTotpFlow, RecipeSelector } from '../recipes/recipe-schema';
import { describeSelector, locate } from '../recipes/recipe-selectors';

export class RecipeElementMissing extends TesseraError {
  constructor(message: string) {
    super('AUTOMATION_FAILED', message);
  }
}

/** The recipe's enrolment section with what messages need to name it. */
export type EnrollmentRecipe = { name: string; loaded: LoadedRecipe; flow: RecipeEnrollTotpFlow };

export function enrollmentRecipe(loaded: LoadedRecipe | undefined): EnrollmentRecipe | undefined {
  const flow = loaded?.recipe.flows.enrollTotp;
  return loaded && flow ? { name: loaded.recipe.name, loaded, flow } : undefined;
}

/**
 * The element, once visible; else RecipeElementMissing naming the recipe and the selector.
 * Waits half the step's time, so the clear message comes before the step's own timeout.
 */
export async function visibleElement(page: Page, recipe: EnrollmentRecipe, selector: RecipeSelector, what: string, timeoutMs: number): Promise<Locator> {
  const element = locate(page, selector);
  try {
    await element.waitFor({ state: 'visible', timeout: Math.max(500, timeoutMs / 2) });
  } catch {
    throw new RecipeElementMissing(`The recipe "${recipe.name}" says ${what} is ${describeSelector(selector)}, but the page at ${new URL(page.url()).pathname} shows no such element. Correct the recipe (${recipe.loaded.file}).`);
  }
  return element;
}

/** Clicks each element in order, letting the page settle after each; returns what was clicked. */
export async function clickInOrder(page: Page, recipe: EnrollmentRecipe, selectors: readonly RecipeSelector[], what: string, timeoutMs: number): Promise<string[]> {
  const clicked: string[] = [];
  for (const selector of selectors) {
    await (await visibleElement(page, recipe, selector, what, timeoutMs)).click({ timeout: timeoutMs });
    await page.waitForLoadState('load', { timeout: timeoutMs }).catch(() => undefined);
    clicked.push(describeSelector(selector));
  }
  return clicked;
}

/** Opens the two-factor settings the recipe's way; returns the route taken. */
export async function openSettingsByRecipe(page: Page, recipe: EnrollmentRecipe, loginUrl: string, timeoutMs: number): Promise<string> {
  const settings = recipe.flow.settings!;
  const route: string[] = [];
  if (settings.goto !== undefined) {
    await page.goto(gotoTarget(recipe.loaded.recipe, loginUrl, settings.goto), { waitUntil: 'load', timeout: timeoutMs });
    route.push(new URL(page.url()).pathname);
  }
  route.push(...(await clickInOrder(page, recipe, settings.click ?? [], 'the way to the two-factor settings', timeoutMs)));
  return `by the recipe "${recipe.name}": ${route.join(' → ')}`;
}

/** What the recipe's secret elements show: the text element's text, the QR element as PNG. */
export async function readSecretByRecipe(page: Page, recipe: EnrollmentRecipe, timeoutMs: number): Promise<{ text: string | null; qr: { png: Buffer; locator: Locator } | null }> {
  const { text, qr } = recipe.flow.secret!;
  const textElement = text ? await visibleElement(page, recipe, text, 'the setup key', timeoutMs) : null;
  const qrElement = qr ? await visibleElement(page, recipe, qr, 'the QR code', timeoutMs) : null;
  return {
    text: textElement ? await textElement.innerText({ timeout: timeoutMs }) : null,
    qr: qrElement ? { png: await qrElement.screenshot({ timeout: timeoutMs }), locator: qrElement } : null,
  };
}

/** Types the code into the recipe's confirmation field; returns how to submit it. */
export async function typeConfirmationByRecipe(page: Page, recipe: EnrollmentRecipe, code: string, fill: SecretFillOptions): Promise<() => Promise<void>> {
  const { timeoutMs } = fill;
  const confirm = recipe.flow.confirm!;
  const field = await visibleElement(page, recipe, confirm.field, 'the confirmation code field', timeoutMs);
  await fillField(field, code, 'code', fill);
  await markSecretField(field);
  if (!confirm.submit) return () => field.press('Enter', { timeout: timeoutMs });
  const submit = await visibleElement(page, recipe, confirm.submit, 'the button that confirms the code', timeoutMs);
  return () => submit.click({ timeout: timeoutMs });
}

/** The text of the recipe's backup code list, and the acknowledgement to click after reading it. */
export async function readBackupCodesByRecipe(page: Page, recipe: EnrollmentRecipe, timeoutMs: number): Promise<{ text: string; acknowledge: Locator | null }> {
  const { list, acknowledge } = recipe.flow.backupCodes!;
  const text = await (await visibleElement(page, recipe, list, 'the list of backup codes', timeoutMs)).innerText({ timeout: timeoutMs });
  return { text, acknowledge: acknowledge ? await visibleElement(page, recipe, acknowledge, 'the acknowledgement of the backup codes', timeoutMs) : null };
}
