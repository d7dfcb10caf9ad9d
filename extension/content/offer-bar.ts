// The small "save / update this login?" bar, in a closed shadow root so the page can neither
// read nor restyle it. It carries the site's host and the account's name, never a password.
// Keyboard: the first button takes focus, Tab moves between the buttons, Escape says "Not now".

export interface OfferBarOptions {
  offer: 'save' | 'update';
  host: string;
  accountName?: string;
  onAnswer(accept: boolean): void;
}

const STYLE = `
:host { all: initial; }
.bar { position: fixed; top: 12px; right: 12px; z-index: 2147483647; max-width: 380px;
  display: flex; flex-direction: column; gap: 10px; padding: 14px 16px; border-radius: 10px;
  background: #1f2430; color: #f5f6f8; font: 14px/1.4 system-ui, sans-serif;
  box-shadow: 0 6px 24px rgba(0,0,0,.35); }
.title { font-weight: 600; }
.actions { display: flex; gap: 8px; justify-content: flex-end; }
button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid #6b7385; background: transparent; color: inherit; cursor: pointer; }
button.primary { background: #3b6ef5; border-color: #3b6ef5; color: #fff; }
button:focus-visible { outline: 3px solid #9db7ff; outline-offset: 2px; }
`;

let current: { host: HTMLElement; close(): void } | null = null;

export function hideOfferBar(): void {
  current?.close();
}

export function showOfferBar(options: OfferBarOptions): void {
  hideOfferBar();
  const host = document.createElement('tessera-offer');
  const root = host.attachShadow({ mode: 'closed' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    root.adoptedStyleSheets = [sheet];
  } catch {
    // Firefox content scripts may not adopt sheets made in their own compartment.
    const style = document.createElement('style');
    style.textContent = STYLE;
    root.append(style);
  }

  const bar = document.createElement('div');
  bar.className = 'bar';
  bar.setAttribute('role', 'dialog');
  bar.setAttribute('aria-label', 'Tessera');
  const title = document.createElement('div');
  title.className = 'title';
  title.id = 'title';
  title.textContent =
    options.offer === 'update'
      ? `Update the password of ${options.accountName ?? options.host} in Tessera?`
      : `Save this login for ${options.host} in Tessera?`;
  bar.setAttribute('aria-labelledby', 'title');
  const actions = document.createElement('div');
  actions.className = 'actions';
  const later = document.createElement('button');
  later.type = 'button';
  later.textContent = 'Not now';
  const accept = document.createElement('button');
  accept.type = 'button';
  accept.className = 'primary';
  accept.textContent = options.offer === 'update' ? 'Update' : 'Save';
  actions.append(later, accept);
  bar.append(title, actions);
  root.append(bar);

  let answered = false;
  const answer = (value: boolean) => {
    if (answered) return;
    answered = true;
    close();
    options.onAnswer(value);
  };
  accept.addEventListener('click', () => answer(true));
  later.addEventListener('click', () => answer(false));
  bar.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') answer(false);
  });
  const close = () => {
    host.remove();
    if (current?.host === host) current = null;
  };
  current = { host, close };
  document.documentElement.append(host);
  accept.focus({ preventScroll: true });
}
