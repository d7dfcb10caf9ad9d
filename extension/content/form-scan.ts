// The automation engine's form heuristics run in this frame: collectFieldsInPage describes
// every field and button (open shadow roots included) and classifyForm tells a login from a
// username step, a code step, a change-password form or a sign-up. The summary says which
// login steps this frame shows; handles (the collector's data-tessera-handle) find elements again.

import { HANDLE_ATTRIBUTE } from '../../automation/forms/field-descriptor';
import { TOGGLE_BUTTON_WORDS } from '../../automation/forms/field-keywords';
import { classifyForm, pickLoginForm, pickOtpForm, type ClassifiedForm } from '../../automation/forms/form-classifier';
import { collectFieldsInPage } from '../../automation/forms/page-field-collector';
import { EMPTY_SUMMARY, type FormSummary } from '../common/messages';

export type { ClassifiedForm };
export { pickLoginForm, pickOtpForm };

const prefix = `t${Math.random().toString(36).slice(2, 8)}`;

/** Every field group of this frame, classified. */
export function scanForms(): ClassifiedForm[] {
  const collected = collectFieldsInPage({ attribute: HANDLE_ATTRIBUTE, prefix, toggleWords: TOGGLE_BUTTON_WORDS });
  return collected.groups.map(classifyForm);
}

export function summarize(forms: readonly ClassifiedForm[]): FormSummary {
  const summary = { ...EMPTY_SUMMARY };
  for (const form of forms) {
    if (form.kind === 'login' && form.fields.currentPassword) summary.login = true;
    else if (form.kind === 'username-first' && form.fields.username) summary.usernameFirst = true;
    else if (form.kind === 'password-step' && form.fields.currentPassword) summary.passwordStep = true;
    else if (form.kind === 'otp' && (form.fields.otp || form.fields.otpSegments.length > 0)) summary.otp = true;
    else if (form.kind === 'change-password' && form.fields.newPassword) summary.change = true;
  }
  return summary;
}

/** The element a handle names, searching open shadow roots too. */
export function elementByHandle(handle: string): Element | null {
  const selector = `[${HANDLE_ATTRIBUTE}="${CSS.escape(handle)}"]`;
  const search = (root: Document | ShadowRoot): Element | null => {
    const found = root.querySelector(selector);
    if (found) return found;
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) {
        const inner = search(element.shadowRoot);
        if (inner) return inner;
      }
    }
    return null;
  };
  return search(document);
}

/** The form element (or formless container) of a group. */
export function groupElement(form: ClassifiedForm): Element | null {
  return elementByHandle(form.group.id.replace(/^formless:/, ''));
}

export function inputByHandle(handle: string | undefined): HTMLInputElement | HTMLTextAreaElement | null {
  if (!handle) return null;
  const element = elementByHandle(handle);
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? element : null;
}
