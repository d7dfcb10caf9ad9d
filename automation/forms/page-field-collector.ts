// The function evaluated inside each frame (`frame.evaluate(collectFieldsInPage, args)`):
// walks the DOM and open shadow roots, describes every field and button, tags each with a
// `data-tessera-handle` so Node can locate it again, and groups them by <form> or, without
// one, by the nearest container holding an action button. Self-contained: no imports at run time.

import type { ButtonDescriptor, FieldDescriptor, FieldGroup, FieldLabels } from './field-descriptor';
import type { PageElement, PageGlobals, PageNode, PageRoot } from './page-dom';

export interface CollectorArgs {
  /** Attribute that carries handles (HANDLE_ATTRIBUTE). */
  attribute: string;
  /** Fresh per call, so new handles never collide with those from an earlier call. */
  prefix: string;
  /** Lower-case words of buttons that toggle or clear a field rather than submit. */
  toggleWords: readonly string[];
}

export interface CollectedFrame {
  url: string;
  /** Groups with framePath [] — the caller knows which frame it asked. */
  groups: FieldGroup[];
}

export function collectFieldsInPage(args: CollectorArgs): CollectedFrame {
  const page = globalThis as unknown as PageGlobals;
  const ELEMENT_NODE = 1;
  const TEXT_NODE = 3;
  const SKIPPED_INPUT_TYPES = ['hidden', 'submit', 'button', 'image', 'reset', 'checkbox', 'radio', 'file', 'range', 'color'];
  let counter = 0;

  const clean = (text: string | null | undefined, limit = 120): string =>
    (text ?? '').replace(/\s+/g, ' ').trim().slice(0, limit);

  const handleOf = (element: PageElement): string => {
    const existing = element.getAttribute(args.attribute);
    if (existing) return existing;
    const handle = `${args.prefix}-${counter++}`;
    element.setAttribute(args.attribute, handle);
    return handle;
  };

  // Parent across shadow boundaries: a shadow root's parent is its host.
  const composedParent = (element: PageElement): PageElement | null => {
    if (element.parentElement) return element.parentElement;
    const root = element.getRootNode();
    return root.host ?? null;
  };

  const elements: PageElement[] = [];
  const visit = (children: ArrayLike<PageElement>): void => {
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!child) continue;
      elements.push(child);
      if (child.shadowRoot) visit(child.shadowRoot.children);
      visit(child.children);
    }
  };
  visit(page.document.children);
  const orderOf = new Map<PageElement, number>(elements.map((element, index) => [element, index]));

  const isVisible = (element: PageElement): boolean => {
    if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const rect = element.getBoundingClientRect();
    // Honeypots are often a pixel wide or pushed off-screen to the left or top.
    if (rect.width < 4 || rect.height < 4) return false;
    if (rect.x + rect.width <= 0 || rect.y + rect.height <= 0) return false;
    for (let node: PageElement | null = element; node; node = composedParent(node)) {
      if (node.getAttribute('aria-hidden') === 'true' || node.hasAttribute('inert')) return false;
    }
    return true;
  };

  const boxOf = (element: PageElement) => {
    const rect = element.getBoundingClientRect();
    return { x: Math.round(rect.x), y: Math.round(rect.y), width: Math.round(rect.width), height: Math.round(rect.height) };
  };

  const shadowPathOf = (element: PageElement): string[] => {
    const path: string[] = [];
    for (let root: PageRoot = element.getRootNode(); root.host; root = root.host.getRootNode()) {
      const host = root.host;
      path.unshift(host.tagName.toLowerCase() + (host.id ? `#${host.id}` : ''));
    }
    return path;
  };

  // Text of a label without the text of controls inside it (a wrapped <select> lists options).
  const labelText = (label: PageElement): string => {
    const copy = label.cloneNode(true);
    const controls = copy.querySelectorAll('input, select, textarea, button');
    for (let i = 0; i < controls.length; i++) controls[i]?.remove();
    return clean(copy.textContent);
  };

  const textOfIds = (element: PageElement, ids: string): string => {
    const root = element.getRootNode();
    return clean(
      ids
        .split(/\s+/)
        .map((id) => (id ? root.getElementById(id)?.textContent ?? '' : ''))
        .join(' '),
    );
  };

  const CONTROL_SELECTOR = 'input, select, textarea';
  const hasControl = (node: PageNode): boolean => {
    if (node.nodeType !== ELEMENT_NODE) return false;
    const element = node as PageElement;
    return /^(input|select|textarea)$/i.test(element.tagName) || element.querySelector(CONTROL_SELECTOR) !== null;
  };

  // A short caption just before the field: "Email" in <div>Email</div><input>.
  const nearbyTextOf = (element: PageElement): string => {
    let node: PageElement | null = element;
    for (let level = 0; level < 3 && node; level++) {
      for (let sibling = node.previousSibling; sibling; sibling = sibling.previousSibling) {
        if (sibling.nodeType !== TEXT_NODE && sibling.nodeType !== ELEMENT_NODE) continue;
        if (hasControl(sibling)) return '';
        const text = clean(sibling.textContent, 200);
        if (text.length > 80) return '';
        if (text) return text;
      }
      node = node.parentElement;
    }
    return '';
  };

  const labelsOf = (element: PageElement): FieldLabels => {
    const wrapping = element.closest('label');
    const forLabels: string[] = [];
    const associated = element.labels;
    if (associated) {
      for (let i = 0; i < associated.length; i++) {
        const label = associated[i];
        if (label && label !== wrapping) forLabels.push(labelText(label));
      }
    }
    return {
      forLabel: clean(forLabels.join(' ')),
      wrappingLabel: wrapping ? labelText(wrapping) : '',
      ariaLabel: clean(element.getAttribute('aria-label')),
      ariaLabelledBy: textOfIds(element, element.getAttribute('aria-labelledby') ?? ''),
      placeholder: clean(element.getAttribute('placeholder')),
      nearbyText: nearbyTextOf(element),
    };
  };

  const isField = (element: PageElement): boolean => {
    const tag = element.tagName.toLowerCase();
    if (tag === 'select' || tag === 'textarea') return true;
    return tag === 'input' && !SKIPPED_INPUT_TYPES.includes((element.type ?? 'text').toLowerCase());
  };

  const isButton = (element: PageElement): boolean => {
    const tag = element.tagName.toLowerCase();
    if (tag === 'button') return true;
    if (tag === 'input') return ['submit', 'button', 'image'].includes((element.type ?? '').toLowerCase());
    return element.getAttribute('role') === 'button';
  };

  const buttonText = (element: PageElement): string =>
    clean(
      element.getAttribute('aria-label') ||
        element.innerText ||
        element.textContent ||
        element.value ||
        element.getAttribute('title') ||
        element.getAttribute('alt'),
    );

  const formOf = (element: PageElement): PageElement | null => element.form ?? element.closest('form');

  const fieldElements = elements.filter(isField);
  const buttonElements = elements.filter(isButton);
  const isActionButton = (element: PageElement): boolean => {
    const text = buttonText(element).toLowerCase();
    return text !== '' && !args.toggleWords.some((word) => text.includes(word)) && isVisible(element);
  };

  // Formless fields belong to the nearest ancestor that also holds an action button.
  const holdsFormlessButton = new Set<PageElement>();
  for (const element of buttonElements) {
    if (formOf(element) || !isActionButton(element)) continue;
    for (let node = composedParent(element); node; node = composedParent(node)) holdsFormlessButton.add(node);
  }
  const fallbackContainer = page.document.body ?? page.document.documentElement;
  const containerOf = (element: PageElement): PageElement => {
    for (let node = composedParent(element); node; node = composedParent(node)) {
      if (holdsFormlessButton.has(node)) return node;
    }
    return fallbackContainer;
  };
  const headingOf = (container: PageElement): string => {
    const inside = container.querySelector('h1, h2, h3, h4, legend, [role="heading"]');
    if (inside) return clean(inside.textContent);
    let node: PageElement | null = container;
    for (let level = 0; level < 3 && node; level++) {
      for (let sibling = node.previousSibling; sibling; sibling = sibling.previousSibling) {
        if (sibling.nodeType !== ELEMENT_NODE) continue;
        const element = sibling as PageElement;
        if (/^h[1-4]$/i.test(element.tagName) || element.getAttribute('role') === 'heading') return clean(element.textContent);
        const nested = element.querySelector('h1, h2, h3, h4, [role="heading"]');
        if (nested) return clean(nested.textContent);
      }
      node = node.parentElement;
    }
    return '';
  };

  const attributeTextOf = (element: PageElement): string => {
    const className = typeof element.className === 'string' ? element.className : '';
    return clean([element.id, element.getAttribute('name') ?? '', className, element.getAttribute('action') ?? ''].join(' '), 300);
  };

  const groups = new Map<PageElement, FieldGroup>();
  const groupFor = (container: PageElement, kind: 'form' | 'formless'): FieldGroup => {
    let group = groups.get(container);
    if (!group) {
      const handle = handleOf(container);
      group = {
        id: kind === 'form' ? handle : `formless:${handle}`,
        kind,
        attributeText: attributeTextOf(container),
        headingText: headingOf(container),
        framePath: [],
        fields: [],
        buttons: [],
      };
      groups.set(container, group);
    }
    return group;
  };

  for (const element of fieldElements) {
    const form = formOf(element);
    const group = form ? groupFor(form, 'form') : groupFor(containerOf(element), 'formless');
    const tag = element.tagName.toLowerCase() as FieldDescriptor['tag'];
    const maxLength = element.maxLength ?? -1;
    group.fields.push({
      handle: handleOf(element),
      tag,
      type: tag === 'input' ? (element.type ?? 'text').toLowerCase() : tag === 'select' ? 'select-one' : 'textarea',
      autocomplete: (element.getAttribute('autocomplete') ?? '').toLowerCase().split(/\s+/).filter(Boolean),
      name: element.getAttribute('name') ?? '',
      id: element.id,
      labels: labelsOf(element),
      maxLength: maxLength > 0 ? maxLength : null,
      inputMode: (element.getAttribute('inputmode') ?? '').toLowerCase(),
      pattern: element.getAttribute('pattern') ?? '',
      visible: isVisible(element),
      disabled: !!element.disabled,
      readOnly: !!element.readOnly,
      hasValue: (element.value ?? '') !== '',
      box: boxOf(element),
      framePath: [],
      shadowPath: shadowPathOf(element),
      groupId: group.id,
      order: orderOf.get(element) ?? 0,
    });
  }

  const describeButton = (element: PageElement): ButtonDescriptor => ({
    handle: handleOf(element),
    text: buttonText(element),
    type: element.tagName.toLowerCase() === 'button' || element.tagName.toLowerCase() === 'input' ? (element.type ?? 'submit').toLowerCase() : '',
    visible: isVisible(element),
    disabled: !!element.disabled || element.getAttribute('aria-disabled') === 'true',
    box: boxOf(element),
    order: orderOf.get(element) ?? 0,
  });

  const outside: PageElement[] = [];
  for (const element of buttonElements) {
    const form = formOf(element);
    let group = form ? groups.get(form) : undefined;
    // A formless button joins the innermost formless group around it.
    for (let node = form ? null : composedParent(element); node && !group; node = composedParent(node)) {
      const candidate = groups.get(node);
      if (candidate?.kind === 'formless') group = candidate;
    }
    if (group) group.buttons.push(describeButton(element));
    else if (!form) outside.push(element);
  }

  // A <form> with no button of its own whose action button sits just outside it, in a footer of
  // the same panel (Roundcube's settings, many dialogs): a real <button> or input button joins
  // the form when they share a container at most FOOTER_LEVELS above the form and that
  // container holds no other form with fields. Links and menus further out never join.
  const FOOTER_LEVELS = 3;
  const buttonless = [...groups.entries()].filter(([, group]) => group.kind === 'form' && group.buttons.length === 0);
  for (const element of outside) {
    if (!['button', 'input'].includes(element.tagName.toLowerCase())) continue;
    let owner: FieldGroup | undefined;
    for (const [form, group] of buttonless) {
      let container: PageElement | null = form;
      for (let level = 0; level < FOOTER_LEVELS && container && !container.contains(element); level++) container = composedParent(container);
      if (!container?.contains(element)) continue;
      const forms = [...groups.entries()].filter(([other, candidate]) => candidate.kind === 'form' && container.contains(other));
      if (forms.length === 1) owner = group;
    }
    owner?.buttons.push(describeButton(element));
  }

  return { url: page.location.href, groups: [...groups.values()] };
}
