// The content script, in every frame: tells the background which login steps this frame shows
// (again whenever that changes), fills what the background sends (only after checking that
// this frame still has the origin the background approved), notices a person submitting a
// login or change-password form and passes the values to the background, and shows the
// save/update offer. Classic script (IIFE): no imports at run time beyond its own bundle.

import { chooseSubmitButton, type SubmitPurpose } from '../../automation/forms/submit-button-scoring';
import { browserApi } from '../common/browser-api';
import type { BackgroundToContent, FillCommand, FillOutcome, FormSummary, SubmitReport } from '../common/messages';
import { fillCode, isUsable, setFieldValue, wasFilledByTessera, watchTyping, type FillableField } from './field-fill';
import { type ClassifiedForm, groupElement, inputByHandle, pickLoginForm, pickOtpForm, scanForms, summarize } from './form-scan';
import { hideOfferBar, showOfferBar } from './offer-bar';

const api = browserApi();
const loadId = crypto.randomUUID();
const isTop = window === window.top;
let lastSummary = '';
let forms: ClassifiedForm[] = [];

function send(message: unknown): Promise<unknown> {
  return api.runtime.sendMessage(message).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------
// Reporting forms

function scan(): ClassifiedForm[] {
  try {
    forms = scanForms();
  } catch {
    forms = [];
  }
  watchForms(forms);
  return forms;
}

function report(initial: boolean): void {
  const summary: FormSummary = summarize(scan());
  const text = JSON.stringify(summary);
  if (!initial && text === lastSummary) return;
  lastSummary = text;
  void send({ type: 'forms', loadId, startedAt: performance.timeOrigin, initial, summary });
}

let scanTimer: ReturnType<typeof setTimeout> | null = null;
let lastScan = 0;
function scheduleReport(): void {
  if (scanTimer) return;
  // At most about one scan a second on a busy page.
  const wait = Math.max(300, 1000 - (Date.now() - lastScan));
  scanTimer = setTimeout(() => {
    scanTimer = null;
    lastScan = Date.now();
    report(false);
  }, wait);
}

// ---------------------------------------------------------------------------------------
// Filling

function fieldOf(handle: string | undefined): FillableField | null {
  const field = inputByHandle(handle);
  return field && isUsable(field) ? field : null;
}

function fill(command: FillCommand): FillOutcome {
  const none: FillOutcome = { ok: false, filled: [], usernameFirst: false };
  // The background approved this origin; a frame that navigated since gets nothing.
  if (globalThis.origin !== command.expectOrigin) return { ...none, message: 'The page changed before the fill: try again.' };
  const current = scan();
  const filled: FillOutcome['filled'] = [];
  let last: FillableField | null = null;

  if (command.step !== 'code') {
    const form = pickLoginForm(current);
    if (form) {
      const username = fieldOf(form.fields.username?.handle);
      const password = fieldOf(form.fields.currentPassword?.handle);
      if (username && command.username !== undefined && (command.step !== 'password' || username.value === '')) {
        setFieldValue(username, command.username);
        filled.push('username');
        last = username;
      }
      if (password && command.password !== undefined) {
        setFieldValue(password, command.password);
        filled.push('password');
        last = password;
      }
      if (command.code && (form.fields.otp || form.fields.otpSegments.length > 0)) {
        const segments = form.fields.otpSegments.map((d) => fieldOf(d.handle)).filter((f): f is FillableField => f !== null);
        if (fillCode(command.code, fieldOf(form.fields.otp?.handle), segments)) filled.push('code');
      }
      last?.focus({ preventScroll: true });
      if (filled.length > 0) return { ok: true, filled, usernameFirst: form.kind === 'username-first' };
    }
  }
  if (command.code) {
    const form = pickOtpForm(current);
    if (form) {
      const segments = form.fields.otpSegments.map((d) => fieldOf(d.handle)).filter((f): f is FillableField => f !== null);
      if (fillCode(command.code, fieldOf(form.fields.otp?.handle), segments)) return { ok: true, filled: ['code'], usernameFirst: false };
      return { ...none, message: 'The code does not fit the code boxes on this page.' };
    }
  }
  return { ...none, message: 'No login form to fill in this frame.' };
}

// ---------------------------------------------------------------------------------------
// Noticing a submit by hand

const PURPOSE: Partial<Record<ClassifiedForm['kind'], SubmitPurpose>> = {
  login: 'login',
  'password-step': 'login',
  'username-first': 'next',
  'change-password': 'change',
};
const watchedForms = new WeakSet<Element>();
const lastSent = new Map<string, number>();

function watchForms(current: readonly ClassifiedForm[]): void {
  for (const form of current) {
    if (form.group.kind !== 'form' || !PURPOSE[form.kind]) continue;
    const element = groupElement(form);
    if (!element || watchedForms.has(element)) continue;
    watchedForms.add(element);
    // A form inside a shadow root: its submit event never reaches the document.
    element.addEventListener('submit', () => submitted(form.group.id), true);
  }
}

function valueOf(handle: string | undefined): string {
  return inputByHandle(handle)?.value ?? '';
}

function submitted(groupId: string): void {
  const form = forms.find((f) => f.group.id === groupId);
  if (!form || !PURPOSE[form.kind]) return;
  const now = Date.now();
  // A click on the button and the submit it causes are one submit.
  if ((lastSent.get(groupId) ?? 0) + 1500 > now) return;
  lastSent.set(groupId, now);
  const f = form.fields;
  let message: SubmitReport | null = null;
  if (form.kind === 'username-first') {
    const username = valueOf(f.username?.handle);
    if (username) message = { type: 'submitted', kind: 'username', username, password: '', filledByTessera: wasFilledByTessera(inputByHandle(f.username?.handle)) };
  } else if (form.kind === 'change-password') {
    const newPassword = valueOf(f.newPassword?.handle);
    if (newPassword) {
      message = { type: 'submitted', kind: 'change', username: valueOf(f.username?.handle), password: valueOf(f.currentPassword?.handle), newPassword, filledByTessera: false };
    }
  } else {
    const passwordField = inputByHandle(f.currentPassword?.handle);
    const password = passwordField?.value ?? '';
    if (password) {
      const usernameField = inputByHandle(f.username?.handle);
      const byTessera = wasFilledByTessera(passwordField) && (usernameField === null || usernameField.value === '' || wasFilledByTessera(usernameField) || form.kind === 'password-step');
      message = { type: 'submitted', kind: 'login', username: usernameField?.value ?? '', password, filledByTessera: byTessera };
    }
  }
  if (message) void send(message);
}

/** The classified form that holds `element` (a field or a button), if any. */
function formHolding(element: Element): ClassifiedForm | undefined {
  const handle = element.getAttribute('data-tessera-handle');
  if (!handle) return undefined;
  return forms.find((form) => form.group.fields.some((field) => field.handle === handle) || form.group.buttons.some((button) => button.handle === handle));
}

function onClick(event: MouseEvent): void {
  if (!event.isTrusted) return;
  for (const node of event.composedPath()) {
    if (!(node instanceof Element)) continue;
    const form = formHolding(node);
    if (!form) continue;
    const purpose = PURPOSE[form.kind];
    if (!purpose) return;
    const handle = node.getAttribute('data-tessera-handle');
    const isButton = form.group.buttons.some((button) => button.handle === handle);
    if (!isButton) return;
    const chosen = chooseSubmitButton(form.group.buttons, purpose);
    const type = (node as HTMLButtonElement).type;
    if (chosen?.handle === handle || (form.group.kind === 'form' && type === 'submit')) submitted(form.group.id);
    return;
  }
}

function onKeydown(event: KeyboardEvent): void {
  if (!event.isTrusted || event.key !== 'Enter') return;
  const target = event.composedPath()[0];
  if (!(target instanceof HTMLInputElement)) return;
  const form = formHolding(target);
  if (form && PURPOSE[form.kind]) submitted(form.group.id);
}

// ---------------------------------------------------------------------------------------

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== api.runtime.id || sender.tab) return false;
  const command = message as BackgroundToContent;
  switch (command?.type) {
    case 'fill':
      sendResponse(fill(command));
      return false;
    case 'show-offer':
      if (!isTop) return false;
      showOfferBar({
        offer: command.offer,
        host: command.host,
        ...(command.accountName ? { accountName: command.accountName } : {}),
        onAnswer: (accept) => void send({ type: 'offer-answer', offerId: command.offerId, accept }),
      });
      sendResponse(true);
      return false;
    case 'hide-offer':
      hideOfferBar();
      return false;
    case 'ping':
      sendResponse(true);
      return false;
    default:
      return false;
  }
});

watchTyping();
addEventListener('click', onClick, true);
addEventListener('keydown', onKeydown, true);
report(true);
new MutationObserver(scheduleReport).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class', 'hidden', 'type', 'disabled'] });
// Pages that build their form after load (and shadow roots, which the observer does not see).
setTimeout(() => report(false), 1200);
