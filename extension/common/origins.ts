// Origins as the extension decides them: always from what the browser reports about a frame
// (`sender.origin`, `sender.url`, `sender.tab.url`), never from the page. Only http(s) frames
// with a real origin may be filled (an opaque, sandboxed or about: frame gets nothing), and an
// http:// page to another machine needs the person's confirmation first — the same loopback
// rule as the app's (main/passwords/web-origin.ts).

import type { FillTarget } from '../../protocol/browser-requests';
import { isInsecureWebUrl, webOriginOf } from '../../main/passwords/web-origin';

/** What the browser says about a message's sender frame. */
export interface SenderInfo {
  origin?: string;
  url?: string;
  tab?: { url?: string };
}

/**
 * The frame's origin: `sender.origin` (the document's real origin: an about:blank or srcdoc
 * frame inherits its parent's, a sandboxed one is "null"), else the origin of `sender.url`.
 */
export function senderFrameOrigin(sender: SenderInfo): string | null {
  if (sender.origin !== undefined) return webOriginOf(sender.origin);
  return webOriginOf(sender.url);
}

/** The origin of the tab's top document: `sender.tab.url`, else what the top frame reported. */
export function senderTopOrigin(sender: SenderInfo, reportedTopOrigin: string | null): string | null {
  return webOriginOf(sender.tab?.url) ?? reportedTopOrigin;
}

/** The origin the app must approve for a fill into `frameOrigin` of a page at `topOrigin`. */
export function fillTarget(topOrigin: string | null, frameOrigin: string | null): FillTarget | null {
  if (!topOrigin || !frameOrigin) return null;
  return { topOrigin, frameOrigin };
}

/**
 * The http:// origin the person must confirm before a fill (the frame's or the page's), or
 * null when both are https:// or on this machine.
 */
export function insecureOriginOf(target: FillTarget): string | null {
  if (isInsecureWebUrl(target.frameOrigin)) return target.frameOrigin;
  if (isInsecureWebUrl(target.topOrigin)) return target.topOrigin;
  return null;
}
