// The unlocked vault: a searchable, keyboard-navigable account list and the account pane.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { AccountList, AccountListItem, AccountView, SecretFieldName } from '../../../main/ipc/contract/accounts';
import { messageOf, tessera, unwrap } from '../api';
import { AccountFormDialog } from '../components/AccountFormDialog';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { TotpCode } from '../components/TotpCode';

type Notice = { kind: 'info' | 'error'; text: string } | null;

export function AccountsScreen() {
  const [query, setQuery] = useState('');
  const [showTrash, setShowTrash] = useState(false);
  const [list, setList] = useState<AccountList>({ accounts: [], corrupt: [] });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<AccountView | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  // Bumped after every save so the open account pane reloads what was just written.
  const [revision, setRevision] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);

  const refresh = useCallback(async () => {
    try {
      setList(await unwrap(tessera().accounts.list({ query, deleted: showTrash ? 'only' : 'exclude' })));
    } catch (e) {
      setNotice({ kind: 'error', text: messageOf(e) });
    }
  }, [query, showTrash]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const visible = useMemo(
    () => list.accounts.filter((a) => (showTrash ? a.deletedAt !== null : a.deletedAt === null)),
    [list, showTrash],
  );

  useEffect(() => {
    if (selectedId && !visible.some((a) => a.id === selectedId)) setSelectedId(visible[0]?.id ?? null);
    if (!selectedId && visible[0]) setSelectedId(visible[0].id);
  }, [visible, selectedId]);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA');
      if (event.key === '/' && !typing) {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  function onListKey(event: KeyboardEvent) {
    const index = visible.findIndex((a) => a.id === selectedId);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = visible[Math.min(visible.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))];
      if (next) {
        setSelectedId(next.id);
        document.getElementById(`account-${next.id}`)?.focus();
      }
    }
  }

  return (
    <div className="accounts">
      <aside className="account-list-pane" aria-label="Accounts">
        <div className="list-toolbar">
          <input ref={searchRef} type="search" aria-label="Search accounts" placeholder="Search  ( / )" value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' && visible[0]) {
                e.preventDefault();
                setSelectedId(visible[0].id);
                document.getElementById(`account-${visible[0].id}`)?.focus();
              }
            }} />
          <button type="button" className="primary" onClick={() => { setEditing(null); setFormOpen(true); }}>New account</button>
        </div>
        <div className="list-filters" role="group" aria-label="Show">
          <button type="button" aria-pressed={!showTrash} onClick={() => setShowTrash(false)}>Accounts</button>
          <button type="button" aria-pressed={showTrash} onClick={() => setShowTrash(true)}>Recently deleted</button>
        </div>
        {list.corrupt.length > 0 && (
          <p className="form-error" role="alert">
            {list.corrupt.length} damaged item{list.corrupt.length > 1 ? 's' : ''} could not be read
            ({list.corrupt.map((c) => c.id).join(', ')}). Everything else is intact; restore them from a backup.
          </p>
        )}
        <ul className="account-list" role="listbox" aria-label="Account list" onKeyDown={onListKey}>
          {visible.map((account) => (
            <AccountRow key={account.id} account={account} selected={account.id === selectedId} onSelect={() => setSelectedId(account.id)} />
          ))}
          {visible.length === 0 && (
            <li className="empty muted">
              {query ? 'No account matches this search.' : showTrash ? 'Nothing was deleted in the last 30 days.' : 'No accounts yet. Add the first one with “New account”.'}
            </li>
          )}
        </ul>
      </aside>
      <section className="account-pane" aria-label="Account details">
        {notice && <p className={notice.kind === 'error' ? 'form-error' : 'notice'} role="status">{notice.text}</p>}
        {selectedId ? (
          <AccountDetails key={`${selectedId}:${revision}`} id={selectedId} onChanged={refresh} onNotice={setNotice}
            onEdit={(view) => { setEditing(view); setFormOpen(true); }} />
        ) : (
          <p className="muted">Select an account to see its details.</p>
        )}
      </section>
      <AccountFormDialog open={formOpen} onOpenChange={setFormOpen} editing={editing}
        onSaved={async (id, duplicates) => {
          await refresh();
          setSelectedId(id);
          setRevision((r) => r + 1);
          setNotice(duplicates.length > 0
            ? { kind: 'info', text: 'Saved. Another account already uses this username on the same site — check whether it is a duplicate.' }
            : { kind: 'info', text: 'Saved.' });
        }} />
    </div>
  );
}

function AccountRow({ account, selected, onSelect }: { account: AccountListItem; selected: boolean; onSelect: () => void }) {
  return (
    <li id={`account-${account.id}`} role="option" aria-selected={selected} tabIndex={selected ? 0 : -1}
      className={selected ? 'account-row selected' : 'account-row'} onClick={onSelect}
      onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') onSelect(); }}>
      <span className="account-name">{account.name}</span>
      <span className="account-sub muted">{account.username || account.hosts[0] || '—'}</span>
    </li>
  );
}

function AccountDetails({ id, onChanged, onNotice, onEdit }: {
  id: string;
  onChanged: () => Promise<void>;
  onNotice: (notice: Notice) => void;
  onEdit: (view: AccountView) => void;
}) {
  const [view, setView] = useState<AccountView | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [history, setHistory] = useState<Array<{ index: number; changedAt: number; reason: string }>>([]);

  const load = useCallback(async () => {
    try {
      setView(await unwrap(tessera().accounts.get({ id })));
      setHistory(await unwrap(tessera().accounts.history({ id })));
    } catch (e) {
      onNotice({ kind: 'error', text: messageOf(e) });
    }
  }, [id, onNotice]);

  useEffect(() => {
    void load();
  }, [load]);

  async function copy(field: SecretFieldName | 'username' | 'totpCode', what: string) {
    try {
      const { clearsInSeconds } = await unwrap(tessera().accounts.copy({ id, field }));
      onNotice({ kind: 'info', text: `${what} copied. The clipboard clears in ${clearsInSeconds} s.` });
    } catch (e) {
      onNotice({ kind: 'error', text: messageOf(e) });
    }
  }

  async function toggleReveal() {
    if (revealed !== null) return setRevealed(null);
    try {
      setRevealed((await unwrap(tessera().accounts.reveal({ id, field: 'password' }))).value);
    } catch (e) {
      onNotice({ kind: 'error', text: messageOf(e) });
    }
  }

  if (!view) return <p className="muted">Loading…</p>;
  const deleted = view.deletedAt !== null;

  return (
    <article className="account-details">
      <header className="details-header">
        <h1>{view.name}</h1>
        <div className="details-actions">
          {deleted ? (
            <button type="button" className="primary" onClick={async () => {
              try {
                await unwrap(tessera().accounts.restore({ id }));
                onNotice({ kind: 'info', text: `${view.name} was restored.` });
                await onChanged();
              } catch (e) {
                onNotice({ kind: 'error', text: messageOf(e) });
              }
            }}>Restore</button>
          ) : (
            <>
              <button type="button" onClick={() => onEdit(view)}>Edit</button>
              <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>Delete</button>
            </>
          )}
        </div>
      </header>
      {deleted && <p className="notice">Deleted. It can be restored for 30 days after deletion.</p>}
      <dl className="details-grid">
        <dt>Website</dt>
        <dd>{view.urls.length ? view.urls.map((u) => <div key={u}>{u}</div>) : <span className="muted">—</span>}</dd>
        <dt>Username</dt>
        <dd>
          <span data-testid="username">{view.username || <span className="muted">—</span>}</span>
          {view.username && <button type="button" onClick={() => copy('username', 'Username')}>Copy</button>}
        </dd>
        <dt>Password</dt>
        <dd>
          {view.hasPassword ? (
            <>
              <span className="secret" data-testid="password-value">{revealed ?? '••••••••••••'}</span>
              <button type="button" onClick={toggleReveal} aria-pressed={revealed !== null}>{revealed !== null ? 'Hide' : 'Reveal'}</button>
              <button type="button" onClick={() => copy('password', 'Password')}>Copy</button>
            </>
          ) : <span className="muted">No password stored</span>}
        </dd>
        <dt>One-time code</dt>
        <dd>{view.totp ? <TotpCode accountId={id} onCopy={() => copy('totpCode', 'Code')} /> : <span className="muted">No TOTP set up</span>}</dd>
        <dt>Managed email</dt>
        <dd>{view.managedEmail || <span className="muted">Not managed</span>}</dd>
        <dt>Tags</dt>
        <dd>{view.tags.length ? view.tags.map((t) => <span className="tag" key={t}>{t}</span>) : <span className="muted">—</span>}</dd>
        {view.notes && (<><dt>Notes</dt><dd className="notes">{view.notes}</dd></>)}
      </dl>
      <h2>Password history</h2>
      {history.length === 0 ? <p className="muted">The password has not changed since the account was added.</p> : (
        <ul className="history">
          {history.map((h) => (
            <li key={h.index}>{new Date(h.changedAt).toLocaleString()} — {h.reason}</li>
          ))}
        </ul>
      )}
      <ConfirmDialog open={confirmDelete} onOpenChange={setConfirmDelete} title={`Delete ${view.name}?`} confirmLabel="Delete" danger
        onConfirm={async () => {
          setConfirmDelete(false);
          try {
            await unwrap(tessera().accounts.delete({ id }));
            onNotice({ kind: 'info', text: `${view.name} moved to Recently deleted. You can restore it for 30 days.` });
            await onChanged();
          } catch (e) {
            onNotice({ kind: 'error', text: messageOf(e) });
          }
        }}>
        <p>It moves to “Recently deleted” and can be restored for 30 days.</p>
      </ConfirmDialog>
    </article>
  );
}
