// Page event listeners added together and removed together (the submit watch, frame-loads):
// listenOnPage adds the ones `wire` names and returns what removes exactly those, by making
// the same calls with page.off, so the two lists can never drift apart.
import type { Page } from 'playwright-core';

export function listenOnPage(page: Page, wire: (on: Page['on']) => void): () => void {
  wire(page.on.bind(page));
  // page.off takes the same (event, listener) pairs as page.on.
  return () => wire(page.off.bind(page) as Page['on']);
}
