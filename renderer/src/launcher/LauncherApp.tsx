// The launcher window (route #/launcher): type to find an account, Enter opens its site
// logged in (a real browser window, through automation.open), Shift+Enter shows it in the
// main window, Ctrl/Cmd+C copies the username, Ctrl/Cmd+Shift+C the one-time code, Esc hides.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AccountListItem } from '../../../main/ipc/contract/accounts';
import { ActionError, messageOf, tessera, unwrap } from '../api';
import { launcherCommand } from './launcher-keys';
import { isMac } from '../platform';
import { followSettingsTheme } from '../theme';

const MAX_RESULTS = 8;

type Status = { kind: 'info' | 'error'; text: string } | null;

export function LauncherApp() {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<AccountListItem[]>([]);
  const [active, setActive] = useState(0);
  const [locked, setLocked] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const seq = useRef(0);
  const mac = isMac();
  const mod = mac ? '⌘' : 'Ctrl';

  useEffect(() => {
    const offTheme = followSettingsTheme();
    const offHide = tessera().on('launcher.hide', () => {
      setQuery('');
      setStatus(null);
    });
    const offLock = tessera().on('vault.locked', () => setLocked(true));
    // Shown again by the shortcut: ready to type over the last search.
    const onFocus = () => {
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    window.addEventListener('focus', onFocus);
    return () => {
      offTheme();
      offHide();
      offLock();
      window.removeEventListener('focus', onFocus);
    };
  }, []);

  useEffect(() => {
    const mine = ++seq.current;
    const q = query.trim();
    if (q === '') {
      setResults([]);
      setActive(0);
      return;
    }
    void tessera().accounts.list({ query: q }).then((result) => {
      if (mine !== seq.current) return;
      if (result.ok) {
        setLocked(false);
        setResults(result.value.accounts.slice(0, MAX_RESULTS));
        setActive(0);
      } else if (result.error.code === 'VAULT_LOCKED') {
        setLocked(true);
        setResults([]);
      } else setStatus({ kind: 'error', text: result.error.message });
    });
  }, [query]);

  const current = results[active] ?? null;

  async function run(action: () => Promise<string>) {
    try {
      setStatus({ kind: 'info', text: await action() });
    } catch (e) {
      if (e instanceof ActionError && e.code === 'VAULT_LOCKED') setLocked(true);
      setStatus({ kind: 'error', text: messageOf(e) });
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const command = launcherCommand(event, mac);
    if (command === null) return;
    event.preventDefault();
    switch (command) {
      case 'next':
        setActive((i) => Math.min(results.length - 1, i + 1));
        break;
      case 'previous':
        setActive((i) => Math.max(0, i - 1));
        break;
      case 'hide':
        void tessera().launcher.hide();
        break;
      case 'open-logged-in':
      case 'show-in-main':
        if (locked) void run(async () => (await unwrap(tessera().launcher.showInMain({})), 'Unlock Tessera in the main window.'));
        else if (current && command === 'show-in-main') void run(async () => (await unwrap(tessera().launcher.showInMain({ accountId: current.id })), `Showing ${current.name} in Tessera.`));
        else if (current) {
          setStatus({ kind: 'info', text: `Opening ${current.name} logged in…` });
          void run(async () => (await unwrap(tessera().automation.open({ id: current.id })), `${current.name} is open in its own browser window.`));
        }
        break;
      case 'copy-username':
        if (current) void run(async () => `Username copied. The clipboard clears in ${(await unwrap(tessera().accounts.copy({ id: current.id, field: 'username' }))).clearsInSeconds} s.`);
        break;
      case 'copy-code':
        if (current) void run(async () => `Code copied. The clipboard clears in ${(await unwrap(tessera().accounts.copy({ id: current.id, field: 'totpCode' }))).clearsInSeconds} s.`);
        break;
    }
  }

  return (
    <main className="launcher" aria-label="Tessera launcher">
      <input ref={inputRef} className="launcher-input" type="search" autoFocus value={query} placeholder="Find an account…"
        aria-label="Find an account" role="combobox" aria-expanded={results.length > 0} aria-controls="launcher-results"
        aria-activedescendant={current ? `launcher-${current.id}` : undefined} aria-autocomplete="list"
        onChange={(e) => setQuery(e.target.value)} onKeyDown={onKeyDown} />
      {locked ? (
        <p className="launcher-empty" role="status">Tessera is locked. Press Enter to unlock it in the main window.</p>
      ) : (
        <ul id="launcher-results" className="launcher-results" role="listbox" aria-label="Matching accounts">
          {results.map((a, i) => (
            <li key={a.id} id={`launcher-${a.id}`} role="option" aria-selected={i === active}
              className={i === active ? 'launcher-row active' : 'launcher-row'}
              onMouseMove={() => setActive(i)}
              onClick={() => void run(async () => (await unwrap(tessera().launcher.showInMain({ accountId: a.id })), `Showing ${a.name} in Tessera.`))}>
              <span className="account-name">{a.name}</span>
              <span className="account-sub muted">{a.username || a.hosts[0] || '—'}{a.hasTotp ? ' · TOTP' : ''}</span>
            </li>
          ))}
          {query.trim() !== '' && results.length === 0 && <li className="launcher-empty muted" role="presentation">No account matches.</li>}
        </ul>
      )}
      {status && <p className={status.kind === 'error' ? 'form-error launcher-status' : 'launcher-status'} role="status">{status.text}</p>}
      <footer className="launcher-help muted">
        <kbd>Enter</kbd> open logged in · <kbd>Shift+Enter</kbd> show in Tessera · <kbd>{mod}+C</kbd> copy username ·
        {' '}<kbd>{mod}+Shift+C</kbd> copy code · <kbd>Esc</kbd> close
      </footer>
    </main>
  );
}
