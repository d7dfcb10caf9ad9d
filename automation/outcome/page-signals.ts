// The function evaluated in each frame after a login attempt: texts of alerts and
// error-like regions (open shadow roots included), fields marked aria-invalid, CAPTCHA
// widgets, and the visible text for phrase matching. Self-contained: no imports at run time.

import type { PageElement, PageGlobals } from '../forms/page-dom';

export interface FrameSignals {
  /** Texts of role=alert, aria-live=assertive, error-like classes and aria-invalid messages. */
  errorTexts: string[];
  invalidFieldCount: number;
  captchaWidgetCount: number;
  /** Visible text of the frame, shadow roots included, cut to a few thousand characters. */
  visibleText: string;
}

export function readSignalsInPage(): FrameSignals {
  const page = globalThis as unknown as PageGlobals;
  const ERROR_REGION =
    '[role="alert"], [aria-live="assertive"], [class*="error" i], [id*="error" i], [class*="invalid" i], ' +
    '[class*="danger" i], [class*="alert" i], [class*="fehler" i], [class*="warning" i]';
  // A message whose class names it a success or a notice is not an error, whatever else its
  // classes say (Flask-Security marks every flashed message "fs-error-msg" beside its category).
  const SUCCESS_CLASS = /(?:^|[\s_-])(?:success|succeeded|info|notice|positive)(?:$|[\s_-])/i;
  const CAPTCHA_WIDGET =
    '.g-recaptcha, .h-captcha, .cf-turnstile, [data-sitekey], iframe[src*="captcha" i], iframe[title*="captcha" i]';
  const clean = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();
  const shown = (element: PageElement): boolean => element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });

  // The same walk as the field collector: light DOM and open shadow roots, in order.
  const elements: PageElement[] = [];
  const shadowRoots: PageElement[][] = [];
  const visit = (children: ArrayLike<PageElement>): void => {
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!child) continue;
      elements.push(child);
      if (child.shadowRoot) {
        shadowRoots.push(Array.from(child.shadowRoot.children));
        visit(child.shadowRoot.children);
      }
      visit(child.children);
    }
  };
  visit(page.document.children);

  const errorTexts = new Set<string>();
  let invalidFieldCount = 0;
  let captchaWidgetCount = 0;
  for (const element of elements) {
    if (element.matches(CAPTCHA_WIDGET)) captchaWidgetCount++;
    if (!shown(element)) continue;
    if (element.matches(ERROR_REGION) && !/^(html|body|form|main)$/i.test(element.tagName) && !SUCCESS_CLASS.test(element.getAttribute('class') ?? '')) {
      const text = clean(element.innerText ?? element.textContent);
      if (text && text.length <= 300) errorTexts.add(text);
    }
    if (element.getAttribute('aria-invalid') === 'true') {
      invalidFieldCount++;
      const root = element.getRootNode();
      const ids = `${element.getAttribute('aria-describedby') ?? ''} ${element.getAttribute('aria-errormessage') ?? ''}`;
      for (const id of ids.split(/\s+/).filter(Boolean)) {
        const text = clean(root.getElementById(id)?.textContent);
        if (text) errorTexts.add(text);
      }
    }
  }
  // Nested matches repeat their text inside the outer one's; keep the most specific.
  const texts = [...errorTexts].filter((text) => ![...errorTexts].some((other) => other !== text && text.includes(other)));

  const parts = [page.document.body?.innerText ?? ''];
  for (const children of shadowRoots) for (const child of children) parts.push(child.innerText ?? '');
  return { errorTexts: texts, invalidFieldCount, captchaWidgetCount, visibleText: parts.join('\n').slice(0, 20_000) };
}
