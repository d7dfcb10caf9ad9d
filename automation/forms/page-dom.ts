// The slice of the DOM that code evaluated inside a page uses, typed here because the Node
// project compiles without the DOM library. Only what the page-side functions touch is
// declared; they reach it through `globalThis as unknown as PageGlobals`.

export interface PageRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PageNode {
  nodeType: number;
  textContent: string | null;
  previousSibling: PageNode | null;
  parentNode: PageNode | null;
}

export interface PageElement extends PageNode {
  tagName: string;
  id: string;
  className: unknown;
  children: ArrayLike<PageElement>;
  parentElement: PageElement | null;
  shadowRoot: PageRoot | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  hasAttribute(name: string): boolean;
  getRootNode(): PageRoot;
  closest(selector: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  contains(other: PageNode): boolean;
  matches(selector: string): boolean;
  getBoundingClientRect(): PageRect;
  checkVisibility(options: { checkOpacity: boolean; checkVisibilityCSS: boolean }): boolean;
  cloneNode(deep: boolean): PageElement;
  remove(): void;
  innerText?: string;
  // Form-control properties, present on inputs, buttons, selects and textareas.
  type?: string;
  name?: string;
  value?: string;
  form?: PageElement | null;
  labels?: ArrayLike<PageElement> | null;
  htmlFor?: string;
  maxLength?: number;
  disabled?: boolean;
  readOnly?: boolean;
  placeholder?: string;
  action?: string;
}

/** A Document or an open ShadowRoot. */
export interface PageRoot extends PageNode {
  host?: PageElement;
  children: ArrayLike<PageElement>;
  getElementById(id: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

export interface PageGlobals {
  document: PageRoot & { body: PageElement | null; documentElement: PageElement; title: string };
  location: { href: string };
  getComputedStyle(element: PageElement): { display: string; visibility: string; opacity: string };
  innerWidth: number;
  innerHeight: number;
}
