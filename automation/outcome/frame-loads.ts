// Follows the documents of the frame that held a submitted form and of the frames around it
// (its parent, up to the page): whether one of them is navigating or still parsing a new
// document, and a generation that changes whenever one starts, commits or finishes loading.
// A read of the page is evidence only if these frames were settled when it began and the
// generation did not change while it ran: a frame caught mid-navigation shows no form (its
// document is being replaced, or is still empty), which must not count as "the form is gone".

import type { Frame, Page, Request, Response } from 'playwright-core';
import { listenOnPage } from './page-listeners';

export interface FrameLoads {
  /** No watched frame is navigating or parsing a new document (a detached one is gone, so settled). */
  settled(): boolean;
  /** Changes whenever a watched frame starts a navigation, commits it or finishes parsing. */
  generation(): number;
  stop(): void;
}

/** Answers that never replace the frame's document: no content, or an attachment to download. */
function replacesNothing(response: Response): boolean {
  const status = response.status();
  if (status === 204 || status === 205) return true;
  return /^\s*attachment/i.test(response.headers()['content-disposition'] ?? '');
}

function withoutHash(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

function frameOf(request: Request): Frame | undefined {
  try {
    return request.frame();
  } catch {
    // Requests of service workers have no frame.
    return undefined;
  }
}

/** The frames to follow: `formFrame` and its ancestors, the main frame always among them. */
function frameAndAncestors(page: Page, frame: Frame): Set<Frame> {
  const frames = new Set<Frame>([page.mainFrame()]);
  for (let current: Frame | null = frame; current; current = current.parentFrame()) frames.add(current);
  return frames;
}

/** Starts following; call before the submit, like watchSubmit. */
export function followFrameLoads(page: Page, formFrame: Frame = page.mainFrame()): FrameLoads {
  const watched = frameAndAncestors(page, formFrame);
  // The navigation request of each frame that has not committed yet, and the frames that
  // committed a new document not yet parsed (each with the commit it waits for).
  const navigating = new Map<Frame, Request>();
  const answered = new Set<Request>();
  const parsing = new Map<Frame, number>();
  let generation = 0;

  const onRequest = (request: Request): void => {
    if (!request.isNavigationRequest()) return;
    const frame = frameOf(request);
    if (!frame || !watched.has(frame)) return;
    navigating.set(frame, request);
    generation++;
  };
  const endNavigation = (request: Request): void => {
    const frame = frameOf(request);
    if (!frame || navigating.get(frame) !== request) return;
    navigating.delete(frame);
    generation++;
  };
  const onResponse = (response: Response): void => {
    const request = response.request();
    if (replacesNothing(response)) endNavigation(request);
    else if (request.isNavigationRequest()) answered.add(request);
  };
  // A download answers a navigation without a document (and without naming the frame).
  const onDownload = (): void => {
    for (const request of [...navigating.values()]) if (answered.has(request)) endNavigation(request);
  };
  const onNavigated = (frame: Frame): void => {
    if (!watched.has(frame)) return;
    const pending = navigating.get(frame);
    // A same-document change (history API, hash): a new document from the network always has
    // its request first, and one on its way keeps its own URL.
    if (pending ? withoutHash(pending.url()) !== withoutHash(frame.url()) : /^https?:/i.test(frame.url())) return;
    navigating.delete(frame);
    const commit = ++generation;
    parsing.set(frame, commit);
    const parsed = (): void => {
      if (parsing.get(frame) !== commit) return;
      parsing.delete(frame);
      generation++;
    };
    // Detached or closed frames reject: they are gone, so nothing is left to wait for.
    frame.waitForLoadState('domcontentloaded').then(parsed, parsed);
  };
  const onDetached = (frame: Frame): void => {
    if (!watched.delete(frame)) return;
    navigating.delete(frame);
    parsing.delete(frame);
    generation++;
  };

  const stop = listenOnPage(page, (on) => {
    on('request', onRequest);
    on('requestfailed', endNavigation);
    on('response', onResponse);
    on('framenavigated', onNavigated);
    on('framedetached', onDetached);
    on('download', onDownload);
  });
  return {
    settled: () => navigating.size === 0 && parsing.size === 0,
    generation: () => generation,
    stop,
  };
}
