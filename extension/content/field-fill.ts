// Typing a value the way a framework sees it: the native value setter (so React's and Vue's
// trackers notice the change), then input and change events, focusing each field in turn so
// the page's focus and blur handlers run. The value goes into the field and nowhere else: no
// attribute, no event data, no log.

import { splitCode } from '../common/otp';

export type FillableField = HTMLInputElement | HTMLTextAreaElement;

/** Fields Tessera filled that the person has not typed into since. */
const filledByTessera = new WeakSet<FillableField>();

export function wasFilledByTessera(field: FillableField | null): boolean {
  return field !== null && filledByTessera.has(field);
}

/** A person typing into a field makes it theirs again. */
export function watchTyping(): void {
  const forget = (event: Event) => {
    if (!event.isTrusted) return;
    const target = event.composedPath()[0];
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) filledByTessera.delete(target);
  };
  addEventListener('input', forget, true);
  addEventListener('paste', forget, true);
}

export function isUsable(field: FillableField): boolean {
  return !field.disabled && !field.readOnly;
}

export function setFieldValue(field: FillableField, value: string): void {
  field.focus({ preventScroll: true });
  const prototype = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(prototype, 'value')?.set;
  if (setter) setter.call(field, value);
  else field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText' }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
  filledByTessera.add(field);
}

/**
 * A one-time code into one field, or one character per box of a segmented code. False when
 * the boxes do not fit the code (a 6-digit code never goes into 4 boxes).
 */
export function fillCode(code: string, single: FillableField | null, segments: FillableField[]): boolean {
  if (segments.length > 1) {
    const characters = splitCode(code, segments.length);
    if (!characters) return false;
    segments.forEach((box, index) => setFieldValue(box, characters[index] ?? ''));
    return true;
  }
  if (!single) return false;
  setFieldValue(single, code.replace(/[\s-]/g, ''));
  return true;
}
