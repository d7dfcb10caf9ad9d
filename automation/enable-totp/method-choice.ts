// Choosing the authenticator-app method in a form: on pages such as Flask-Security's
// /tf-setup the method is a radio button and nothing happens until the form is submitted
// ("Submit" says nothing about two-factor, so the word scores never pick it). When a click
// left a radio button or checkbox checked inside a form, this finds that form's submit control.
import type { Locator } from 'playwright-core';

const SUBMIT = 'button[type="submit" i], button:not([type]), input[type="submit" i], input[type="image" i]';

/** The submit control of the form whose radio button or checkbox `target` (or the label it is) left checked; null otherwise. */
export async function submitOfCheckedChoice(target: Locator): Promise<Locator | null> {
  const checkedInForm = await target
    .evaluate((element) => {
      type Input = { tagName: string; type: string; checked: boolean; form: unknown };
      const node = element as unknown as Input & { control?: Input | null };
      const input = node.tagName === 'INPUT' ? node : node.tagName === 'LABEL' ? node.control ?? null : null;
      return input !== null && input.tagName === 'INPUT' && (input.type === 'radio' || input.type === 'checkbox') && input.checked && input.form !== null;
    })
    .catch(() => false);
  if (!checkedInForm) return null;
  const submit = target.locator('xpath=ancestor::form[1]').locator(SUBMIT).first();
  return (await submit.isVisible().catch(() => false)) ? submit : null;
}
