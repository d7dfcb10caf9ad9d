// The toolbar popup (and its popped-out window, popup.html?tab=<id>, which keeps targeting
// that tab): the connection's state (not running, not paired, pairing code, locked), then the
// accounts — those of the current site first, a search over the rest — with Fill, Copy TOTP
// and Open in Tessera. No password ever reaches the popup: fills go background → page frame.

import type { BrowserAccount } from '../../protocol/browser-requests';
import { browserApi } from '../common/browser-api';
import type { AccountsView, ConnectionState, FillReply, Reply } from '../common/messages';

const api = browserApi();
const params = new URLSearchParams(location.search);
const tabParam = params.get('tab');
const pinnedTab = tabParam !== null && /^\d+$/.test(tabParam) ? Number(tabParam) : null;
const poppedOut = pinnedTab !== null;

const view = document.getElementById('view') as HTMLElement;
const statusLine = document.getElementById('status') as HTMLElement;
const popOutButton = document.getElementById('pop-out') as HTMLButtonElement;

const COLLABORATOR_NOTE = 'You can fill this password but not see or copy it (shared with you as Collaborator)';

let pollTimer: ReturnType<typeof setTimeout> | null = null;

function ask<T>(message: unknown): Promise<Reply<T>> {
  return api.runtime.sendMessage(message).then(
    (answer) => (answer ?? { ok: false, code: 'FAILED', message: 'The extension did not answer.' }) as Reply<T>,
    (error: unknown) => ({ ok: false, code: 'FAILED', message: error instanceof Error ? error.message : 'The extension did not answer.' }),
  );
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const element = Object.assign(document.createElement(tag), props);
  element.append(...children);
  return element;
}

function button(text: string, onClick: () => void, options: { primary?: boolean; label?: string } = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', textContent: text, className: options.primary ? 'primary' : '' });
  if (options.label) b.setAttribute('aria-label', options.label);
  b.addEventListener('click', onClick);
  return b;
}

function say(text: string, isError = false): void {
  statusLine.textContent = text;
  statusLine.classList.toggle('error', isError);
}

async function currentTabId(): Promise<number | null> {
  if (pinnedTab !== null) return pinnedTab;
  try {
    const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.id ?? null;
  } catch {
    return null;
  }
}

function schedule(fn: () => void, ms: number): void {
  if (pollTimer) clearTimeout(pollTimer);
  pollTimer = setTimeout(fn, ms);
}

// ---------------------------------------------------------------------------------------
// Connection states

function showState(state: ConnectionState): void {
  if (pollTimer) clearTimeout(pollTimer);
  pollTimer = null;
  view.replaceChildren();
  switch (state.status) {
    case 'app-unavailable':
      view.append(
        el('h2', { textContent: 'Tessera is not running' }),
        el('p', { textContent: state.message ?? 'Start the Tessera desktop app on this computer, then try again.' }),
        button('Try again', () => void refresh(true), { primary: true }),
      );
      return;
    case 'unpaired':
      view.append(
        el('h2', { textContent: 'Not paired' }),
        el('p', { textContent: 'Pair this browser with the Tessera app to fill logins from your vault.' }),
        ...(state.message ? [el('p', { textContent: state.message, className: 'note' })] : []),
        button('Pair with Tessera', () => void pair(), { primary: true }),
      );
      return;
    case 'pairing': {
      const code = state.code ?? '';
      const shown = `${code.slice(0, 3)} ${code.slice(3)}`;
      const codeBox = el('div', { className: 'code', textContent: shown });
      codeBox.setAttribute('aria-label', `Pairing code ${code.split('').join(' ')}`);
      codeBox.setAttribute('data-code', code);
      view.append(
        el('h2', { textContent: 'Pairing' }),
        el('p', { textContent: 'Confirm this code in Tessera' }),
        codeBox,
        el('p', { className: 'note', textContent: 'Tessera shows the same six digits. Confirm there only if they match.' }),
      );
      schedule(() => void refresh(false), 1000);
      return;
    }
    case 'locked':
      view.append(
        el('h2', { textContent: 'Tessera is locked' }),
        el('p', { textContent: 'Unlock your vault in the Tessera app to fill logins.' }),
        button('Unlock in Tessera', () => void unlock(), { primary: true }),
      );
      schedule(() => void refresh(true), 3000);
      return;
    case 'error':
      view.append(
        el('h2', { textContent: 'Could not connect to Tessera' }),
        el('p', { textContent: state.message ?? 'The connection failed.' }),
        button('Try again', () => void refresh(true), { primary: true }),
      );
      return;
    case 'ready':
      void showAccounts('');
      return;
  }
}

async function refresh(force: boolean): Promise<void> {
  const answer = await ask<ConnectionState>({ type: 'state', refresh: force });
  if (!answer.ok) {
    showState({ status: 'error', message: answer.message });
    return;
  }
  // A list on screen stays while the connection stays ready.
  if (answer.value.status === 'ready' && view.querySelector('#search')) return;
  showState(answer.value);
}

async function pair(): Promise<void> {
  say('Asking Tessera to pair…');
  const answer = await ask<ConnectionState>({ type: 'pair' });
  say('');
  showState(answer.ok ? answer.value : { status: 'error', message: answer.message });
}

async function unlock(): Promise<void> {
  const answer = await ask<void>({ type: 'show-unlock' });
  say(answer.ok ? 'Tessera shows its unlock screen.' : answer.message, !answer.ok);
  schedule(() => void refresh(true), 2000);
}

// ---------------------------------------------------------------------------------------
// Accounts

let tabId: number | null = null;
let items: BrowserAccount[] = [];
let active = 0;
let searchSeq = 0;

function accountItem(account: BrowserAccount, index: number): HTMLLIElement {
  const item = el('li', { className: 'account' });
  item.dataset.index = String(index);
  item.setAttribute('aria-label', `${account.name}${account.username ? `, ${account.username}` : ''}`);
  item.append(el('div', { className: 'name', textContent: account.name }));
  if (account.username) item.append(el('div', { className: 'user', textContent: account.username }));
  const actions = el('div', { className: 'actions' });
  const fillButton = button('Fill', () => void fill(account), { primary: true, label: `Fill ${account.name}` });
  fillButton.classList.add('fill');
  actions.append(fillButton);
  if (account.hasTotp) actions.append(button('Copy TOTP', () => void copyTotp(account), { label: `Copy TOTP of ${account.name}` }));
  actions.append(button('Open in Tessera', () => void open(account), { label: `Open ${account.name} in Tessera` }));
  item.append(actions);
  if (account.role === 'collaborator') item.append(el('p', { className: 'note', textContent: COLLABORATOR_NOTE }));
  return item;
}

function renderLists(data: AccountsView, query: string): void {
  const site = view.querySelector('#site-accounts') as HTMLElement;
  const results = view.querySelector('#results') as HTMLElement;
  const offerBox = view.querySelector('#offer') as HTMLElement;
  const siteAccounts = data.accounts.filter((a) => a.matchesPage);
  const others = data.accounts.filter((a) => !a.matchesPage);
  items = [...siteAccounts, ...others];
  active = Math.min(active, Math.max(items.length - 1, 0));

  offerBox.replaceChildren();
  if (data.offer && tabId !== null) {
    const offer = data.offer;
    const text = offer.offer === 'update' ? `Update the password of ${offer.accountName ?? offer.host} in Tessera?` : `Save the login you just used on ${offer.host} in Tessera?`;
    offerBox.append(
      el('p', { textContent: text }),
      el(
        'div',
        { className: 'actions' },
        button(offer.offer === 'update' ? 'Update' : 'Save', () => void answerOffer(offer.offerId, true), { primary: true }),
        button('Not now', () => void answerOffer(offer.offerId, false)),
      ),
    );
  }
  offerBox.hidden = !data.offer;

  site.replaceChildren();
  if (siteAccounts.length > 0) {
    const list = el('ul');
    list.setAttribute('aria-label', 'Accounts for this site');
    siteAccounts.forEach((account, i) => list.append(accountItem(account, i)));
    site.append(el('h3', { textContent: `For ${data.pageOrigin ? new URL(data.pageOrigin).host : 'this site'}` }), list);
  } else if (data.pageOrigin) {
    site.append(el('p', { className: 'empty', textContent: `No account for ${new URL(data.pageOrigin).host}.` }));
  }

  results.replaceChildren();
  if (others.length > 0) {
    const list = el('ul');
    list.setAttribute('aria-label', query ? 'Search results' : 'Other accounts');
    others.forEach((account, i) => list.append(accountItem(account, siteAccounts.length + i)));
    results.append(el('h3', { textContent: query ? 'Search results' : 'Other accounts' }), list);
  } else if (query) {
    results.append(el('p', { className: 'empty', textContent: `No account matches “${query}”.` }));
  }
  markActive(false);
}

function markActive(focus: boolean): void {
  for (const item of view.querySelectorAll<HTMLLIElement>('li.account')) {
    const isActive = Number(item.dataset.index) === active;
    item.classList.toggle('active', isActive);
    if (isActive && focus) item.querySelector<HTMLButtonElement>('button.fill')?.focus();
  }
}

async function loadAccounts(query: string): Promise<void> {
  const seq = ++searchSeq;
  const answer = await ask<AccountsView>({ type: 'accounts', tabId, query });
  if (seq !== searchSeq) return;
  if (!answer.ok) {
    if (answer.code === 'VAULT_LOCKED' || answer.code === 'APP_UNAVAILABLE' || answer.code === 'NOT_PAIRED') {
      await refresh(true);
      return;
    }
    say(answer.message, true);
    return;
  }
  renderLists(answer.value, query);
}

// An offer that arrives while the list is open (the page after a hand-typed login loads a
// moment after the popup opened) shows without reopening the popup. The message names the
// tab only; the offer itself is read through the background like any list.
api.runtime.onMessage.addListener((message) => {
  const changed = message as { type?: unknown; tabId?: unknown } | null;
  if (changed?.type !== 'offer-changed' || changed.tabId !== tabId) return;
  const search = view.querySelector<HTMLInputElement>('#search');
  if (search) void loadAccounts(search.value.trim());
});

async function showAccounts(query: string): Promise<void> {
  tabId = await currentTabId();
  const search = el('input', { type: 'search', id: 'search', placeholder: 'Search all accounts', value: query, autocomplete: 'off' });
  search.setAttribute('aria-label', 'Search accounts');
  let timer: ReturnType<typeof setTimeout> | null = null;
  search.addEventListener('input', () => {
    if (timer) clearTimeout(timer);
    active = 0;
    timer = setTimeout(() => void loadAccounts(search.value.trim()), 150);
  });
  const offer = el('section', { id: 'offer', className: 'offer', hidden: true });
  offer.setAttribute('aria-label', 'Save login');
  view.replaceChildren(offer, el('section', { id: 'site-accounts' }), search, el('section', { id: 'results' }));
  view.onkeydown = (event) => {
    if (items.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      active = (active + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      markActive(true);
    } else if (event.key === 'Enter' && event.target === search) {
      event.preventDefault();
      const account = items[active];
      if (account) void fill(account);
    }
  };
  await loadAccounts(query);
  if (document.activeElement === document.body || !document.activeElement) search.focus();
}

async function fill(account: BrowserAccount, confirmedInsecure = false): Promise<void> {
  if (tabId === null) {
    say('No tab to fill: open the login page first.', true);
    return;
  }
  say('Filling…');
  const answer = await ask<never>({ type: 'fill', tabId, accountId: account.id, hasTotp: account.hasTotp, confirmedInsecure }) as unknown as FillReply;
  if (answer.ok) {
    const what = answer.filled.length > 0 ? answer.filled.join(' and ') : 'nothing';
    say(answer.usernameFirst ? `Filled the ${what}. Tessera fills the password on the next step.` : `Filled the ${what}.`);
    if (!poppedOut) setTimeout(() => window.close(), 800);
    return;
  }
  if ('confirmInsecure' in answer) {
    confirmInsecure(account, answer.confirmInsecure);
    return;
  }
  say(answer.message, true);
}

function confirmInsecure(account: BrowserAccount, origin: string): void {
  say('');
  view.querySelector('.confirm')?.remove();
  const box = el('section', { className: 'confirm' });
  box.setAttribute('role', 'alertdialog');
  box.setAttribute('aria-label', 'Fill on an unencrypted page?');
  const cancel = button('Cancel', () => box.remove());
  box.append(
    el('p', { textContent: `This page is not encrypted (${origin}). What Tessera fills here can be read on the network. Fill anyway?` }),
    el('div', { className: 'actions' }, button('Fill anyway', () => {
      box.remove();
      void fill(account, true);
    }, { primary: true }), cancel),
  );
  view.prepend(box);
  cancel.focus();
}

async function copyTotp(account: BrowserAccount): Promise<void> {
  const answer = await ask<{ code: string }>({ type: 'copy-totp', accountId: account.id });
  if (!answer.ok) {
    say(answer.message, true);
    return;
  }
  try {
    await navigator.clipboard.writeText(answer.value.code);
    say(`TOTP code of ${account.name} copied.`);
  } catch {
    say('The code could not be copied to the clipboard.', true);
  }
}

async function open(account: BrowserAccount): Promise<void> {
  const answer = await ask<void>({ type: 'open', accountId: account.id });
  say(answer.ok ? `${account.name} is shown in Tessera.` : answer.message, !answer.ok);
}

async function answerOffer(offerId: string, accept: boolean): Promise<void> {
  if (tabId === null) return;
  const answer = await ask<{ accountId: string | null }>({ type: 'offer-answer', tabId, offerId, accept });
  if (!answer.ok) say(answer.message, true);
  else say(accept ? 'Saved in Tessera.' : 'Not saved.');
  await loadAccounts((view.querySelector('#search') as HTMLInputElement | null)?.value.trim() ?? '');
}

// ---------------------------------------------------------------------------------------

if (poppedOut) {
  document.body.classList.add('window');
  popOutButton.hidden = true;
}
popOutButton.addEventListener('click', () => {
  void (async () => {
    const id = await currentTabId();
    if (id === null) return;
    await api.windows.create({ url: api.runtime.getURL(`popup.html?tab=${id}`), type: 'popup', width: 400, height: 600, focused: true });
    window.close();
  })();
});
view.replaceChildren(el('p', { textContent: 'Connecting to Tessera…' }));
void refresh(false);
