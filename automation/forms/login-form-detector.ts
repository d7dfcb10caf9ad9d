// Finds and classifies the forms of a whole page: runs the field collector in every frame
// (same-origin and cross-origin iframes alike), hides fields of frames that are not shown,
// turns handles back into Playwright locators, and waits for a form of the wanted kind.

import { randomBytes } from 'node:crypto';
import type { Frame, Locator, Page } from 'playwright-core';
import { HANDLE_ATTRIBUTE, type FieldGroup } from './field-descriptor';
import { TOGGLE_BUTTON_WORDS } from './field-keywords';
import { type ClassifiedForm, classifyForm } from './form-classifier';
import { type CollectedFrame, type CollectorArgs, collectFieldsInPage } from './page-field-collector';

/** A classified form together with the frame that holds it. */
export interface LocatedForm extends ClassifiedForm {
  frame: Frame;
}

function framePathOf(frame: Frame): number[] {
  const path: number[] = [];
  for (let current = frame; ; ) {
    const parent = current.parentFrame();
    if (!parent) return path;
    path.unshift(parent.childFrames().indexOf(current));
    current = parent;
  }
}

/** Where a child frame sits on the page, or null when its <iframe> is not shown. */
async function frameOffset(frame: Frame): Promise<{ x: number; y: number } | null> {
  if (!frame.parentFrame()) return { x: 0, y: 0 };
  const element = await frame.frameElement();
  try {
    const box = await element.boundingBox();
    if (!box || box.width < 4 || box.height < 4 || !(await element.isVisible())) return null;
    return { x: box.x, y: box.y };
  } finally {
    await element.dispose();
  }
}

function placeGroup(group: FieldGroup, framePath: number[], offset: { x: number; y: number } | null): FieldGroup {
  const place = <T extends { box: { x: number; y: number; width: number; height: number }; visible: boolean }>(item: T): T => ({
    ...item,
    visible: item.visible && offset !== null,
    box: { ...item.box, x: item.box.x + (offset?.x ?? 0), y: item.box.y + (offset?.y ?? 0) },
  });
  return {
    ...group,
    framePath,
    fields: group.fields.map((field) => ({ ...place(field), framePath })),
    buttons: group.buttons.map(place),
  };
}

async function collectFrame(frame: Frame): Promise<FieldGroup[]> {
  const args: CollectorArgs = {
    attribute: HANDLE_ATTRIBUTE,
    prefix: randomBytes(4).toString('hex'),
    toggleWords: TOGGLE_BUTTON_WORDS,
  };
  try {
    const collected: CollectedFrame = await frame.evaluate(collectFieldsInPage, args);
    const offset = await frameOffset(frame);
    const framePath = framePathOf(frame);
    return collected.groups.map((group) => placeGroup(group, framePath, offset));
  } catch {
    // A frame that navigates or detaches while we look holds nothing usable right now.
    return [];
  }
}

/** Every form on the page, in every frame, classified. */
export async function scanPageForms(page: Page): Promise<LocatedForm[]> {
  const frames = page.frames();
  const perFrame = await Promise.all(frames.map(async (frame) => ({ frame, groups: await collectFrame(frame) })));
  return perFrame.flatMap(({ frame, groups }) => groups.map((group) => ({ ...classifyForm(group), frame })));
}

/** The element behind a handle the collector set, in the form's frame (shadow roots pierced). */
export function locateHandle(form: LocatedForm, handle: string): Locator {
  return form.frame.locator(`[${HANDLE_ATTRIBUTE}="${handle}"]`);
}

export interface WaitForFormOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  pollMs?: number;
}

/**
 * Scans until `pick` returns a form or the time is up (pages render forms late, SPAs and
 * iframes later still). Returns the last scan too, so callers can explain what they saw.
 */
export async function waitForForm(
  page: Page,
  pick: (forms: LocatedForm[]) => LocatedForm | undefined,
  { timeoutMs, signal, pollMs = 200 }: WaitForFormOptions,
): Promise<{ form: LocatedForm | undefined; forms: LocatedForm[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const forms = await scanPageForms(page);
    const form = pick(forms);
    if (form || Date.now() + pollMs > deadline) return { form, forms };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
