// The unlocked vault: search, filters and sort over a virtualized account list, and the
// account page beside it. Search runs in the main process's index on every keystroke;
// answers that arrive out of order are dropped so the list always matches the search box.
// The first load asks for a first screenful alongside the whole list, so rows show while
// the whole list (megabytes at 10k accounts) is still on its way.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { AccountList as AccountListData, AccountView } from '../../../main/ipc/contract/accounts';
import type { AccountLevel } from '../../../main/ipc/contract/milestones';
import { messageOf, tessera, unwrap } from '../api';
import { AccountFormDialog, type FormFocus } from '../components/AccountFormDialog';
import { AccountList } from '../accounts/AccountList';
import { BulkRotation } from '../accounts/BulkRotation';
import { BulkShare, MAX_BULK_SHARE } from '../accounts/BulkShare';
import { CHECKING_POLL_MS } from '../accounts/checking-poll';
import { keepShown, NOTHING_CHOSEN, type BulkSelection } from '../accounts/bulk-selection';
import { hasFilters, listRows, NO_FILTERS, tagsOf, type LevelFilter, type ListFilters, type SortOrder } from '../accounts/account-list-view';
import { AccountDetails, type Notice } from './AccountDetails';
import { FirstRunGuide } from '../components/FirstRunGuide';
import { markKeystroke, markKeystrokeAnswered, markKeystrokeRendered, markListAnswered, markListComplete, markListRendered, markListRequested } from '../perf-marks';

/** The search returns the best matches only; the list says so when it hits this. */
const SEARCH_LIMIT = 200;
/** rotation.rotateMany takes at most this many accounts per call (see its contract). */
const MAX_BULK_ROTATION = 1000;
/** Rows sent ahead of the whole list on the first load: more than a tall window shows. */
const FIRST_SCREENFUL = 40;

export type FocusRequest = { accountId: string; seq: number } | null;

export function AccountsScreen({ focusRequest }: { focusRequest: FocusRequest }) {
  const [query, setQuery] = useState('');
  const [showTrash, setShowTrash] = useState(false);
  // `partial`: only the first screenful has arrived; `total` says how many are coming.
  const [list, setList] = useState<AccountListData & { seq: number; partial: boolean }>({ accounts: [], corrupt: [], total: 0, seq: 0, partial: false });
  const [loaded, setLoaded] = useState(false);
  const [levels, setLevels] = useState<ReadonlyMap<string, AccountLevel>>(new Map());
  // Passwords and TOTP keys are checked in the background; their levels are asked for again until done.
  const [checking, setChecking] = useState(false);
  const [allTags, setAllTags] = useState<string[]>([]);
  const [filters, setFilters] = useState<ListFilters>(NO_FILTERS);
  const [sort, setSort] = useState<SortOrder | 'auto'>('auto');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [bulk, setBulk] = useState<BulkSelection>(NOTHING_CHOSEN);
  const [confirmBulk, setConfirmBulk] = useState(false);
  const [sharingBulk, setSharingBulk] = useState(false);
  const [form, setForm] = useState<{ open: boolean; editing: AccountView | null; focus: FormFocus }>({ open: false, editing: null, focus: null });
  const [notice, setNotice] = useState<Notice>(null);
  // Bumped after every save so the open account pane reloads what was just written.
  const [revision, setRevision] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const requestSeq = useRef(0);
  const firstLoad = useRef(true);

  const loadList = useCallback(async (q: string, trash: boolean) => {
    const seq = ++requestSeq.current;
    markListRequested();
    if (q !== '') markKeystroke(seq);
    const deleted = trash ? 'only' : 'exclude';
    const show = (result: AccountListData, complete: boolean) => {
      markListAnswered();
      if (seq !== requestSeq.current) return;
      // A search reports no damaged items (only the plain list does): keep the last warning.
      setList((previous) => ({ ...result, corrupt: q !== '' && !trash ? previous.corrupt : result.corrupt, seq, partial: !complete }));
      setLoaded(true);
    };
    try {
      // The main process answers calls in the order they arrive and a batch of them before
      // replying to any, so the whole list is asked for only once the screenful is back.
      if (firstLoad.current && q === '' && !trash) {
        firstLoad.current = false;
        show(await unwrap(tessera().accounts.list({ deleted, limit: FIRST_SCREENFUL })), false);
      }
      const result = await unwrap(tessera().accounts.list({ query: q, deleted }));
      if (q !== '') markKeystrokeAnswered(seq);
      show(result, true);
    } catch (e) {
      setNotice({ kind: 'error', text: messageOf(e) });
    }
  }, []);

  /** Levels cover every live account, so they load on changes, not per keystroke. */
  const loadLevels = useCallback(async () => {
    try {
      const { accounts: all, checking: stillChecking } = await unwrap(tessera().milestones.levels());
      setLevels(new Map(all.map((l) => [l.id, l])));
      setChecking(stillChecking);
    } catch (e) {
      setNotice({ kind: 'error', text: messageOf(e) });
    }
  }, []);

  const refresh = useCallback(async () => {
    await Promise.all([loadList(query, showTrash), loadLevels()]);
  }, [loadList, loadLevels, query, showTrash]);

  // The tag filter offers every tag in use: taken from the list whenever it shows every live
  // account, so no second fetch of 10k accounts is needed for it.
  useEffect(() => {
    if (query.trim() === '' && !showTrash && !list.partial && list.seq === requestSeq.current) setAllTags(tagsOf(list.accounts));
  }, [list, query, showTrash]);

  useEffect(() => {
    void loadList(query, showTrash);
  }, [loadList, query, showTrash]);

  // After the first rows are on screen, so this larger call does not hold them up.
  useEffect(() => {
    if (loaded) void loadLevels();
  }, [loaded, loadLevels]);

  useEffect(() => {
    if (!checking) return;
    const timer = setTimeout(() => void loadLevels(), CHECKING_POLL_MS);
    return () => clearTimeout(timer);
  }, [checking, levels, loadLevels]);

  // Accounts shared with this person arrive (or leave) as sync applies changes.
  useEffect(() => tessera().on('sharing.accounts', () => void refresh()), [refresh]);
  // Mail at a managed address confirms it (milestone 2): levels change; messages are rare.
  useEffect(() => tessera().on('inbox.message', () => void loadLevels()), [loadLevels]);

  // Levels follow every run, wherever it started (launcher, policies, another section): after
  // a rotation result, and once the steps of a login or MFA run have gone quiet.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void loadLevels(), 1000);
    };
    const offs = [tessera().on('rotation.result', soon), tessera().on('automation.progress', soon), tessera().on('mfa.progress', soon)];
    return () => {
      clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [loadLevels]);

  const searching = query.trim() !== '';
  // Unless the person picks an order: best match while searching, else by name.
  const order: SortOrder = sort === 'auto' ? (searching ? 'relevance' : 'name') : sort;
  const rows = useMemo(() => {
    const visible = list.accounts.filter((a) => (showTrash ? a.deletedAt !== null : a.deletedAt === null));
    // Only a search of live accounts comes ranked; every other list comes in name order.
    return listRows(visible, levels, filters, order, !(searching && !showTrash));
  }, [list, levels, filters, order, showTrash, searching]);

  useLayoutEffect(() => {
    markListRendered(rows.length);
    if (!list.partial && rows.length > 0) markListComplete();
    markKeystrokeRendered(list.seq);
  }, [rows, list.seq, list.partial]);

  // Only rows on screen stay chosen: a bulk action never reaches an account a search hid.
  useEffect(() => {
    setBulk((current) => keepShown(current, rows.map((r) => r.id)));
  }, [rows]);
  const focusList = useCallback(() => listRef.current, []);
  const chosenRows = useMemo(() => rows.filter((r) => bulk.chosen.has(r.id)), [rows, bulk]);
  // Only Owners rotate or share: accounts shared with this person as a Collaborator are left out.
  const chosen = useMemo(() => chosenRows.filter((r) => r.sharedRole !== 'collaborator').map((r) => ({ id: r.id, name: r.name })), [chosenRows]);
  const collaboratorChosen = chosenRows.length - chosen.length;

  // Keep a selection that the list shows, but only once the latest list has arrived: an
  // account asked for by the launcher must survive the stale list of the previous search.
  useEffect(() => {
    if (list.seq !== requestSeq.current) return;
    if (selectedId && !rows.some((a) => a.id === selectedId)) setSelectedId(rows[0]?.id ?? null);
    if (!selectedId && rows[0]) setSelectedId(rows[0].id);
  }, [rows, selectedId, list.seq]);

  // The launcher (or another window) asked to show an account: clear what could hide it.
  useEffect(() => {
    if (!focusRequest) return;
    setQuery('');
    setShowTrash(false);
    setFilters(NO_FILTERS);
    setSelectedId(focusRequest.accountId);
    setRevision((r) => r + 1);
  }, [focusRequest]);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
      if (document.querySelector('[role="dialog"]')) return;
      if (event.key === '/' && !typing) {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        setForm({ open: true, editing: null, focus: null });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Enter on a row "opens" it: focus moves to the account page's title once it has loaded.
  const [titleFocus, setTitleFocus] = useState<string | null>(null);
  const openAccount = (id: string) => {
    setSelectedId(id);
    setTitleFocus(id);
  };

  const setLevelFilter = (value: string) =>
    setFilters((f) => ({ ...f, level: (value === 'any' || value === 'incomplete' ? value : Number(value)) as LevelFilter }));

  const shownCount = list.partial ? list.total : rows.length;
  const emptyText = !loaded ? 'Loading…'
    : searching || hasFilters(filters) ? 'No account matches this search and these filters.'
    : showTrash ? 'Nothing was deleted in the last 30 days.'
    : 'No accounts yet. Add the first one with “New account”.';

  return (
    <div className="accounts">
      <aside className="account-list-pane" aria-label="Accounts">
        <div className="list-toolbar">
          <input ref={searchRef} type="search" aria-label="Search accounts" placeholder="Search  ( / )" value={query}
            aria-keyshortcuts="/" aria-controls="account-list-body"
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if ((e.key === 'ArrowDown' || e.key === 'Enter') && rows[0]) {
                e.preventDefault();
                if (e.key === 'Enter') openAccount(selectedId ?? rows[0].id);
                else {
                  setSelectedId(selectedId ?? rows[0].id);
                  listRef.current?.focus();
                }
              } else if (e.key === 'Escape' && query !== '') {
                e.preventDefault();
                setQuery('');
              }
            }} />
          <button type="button" className="primary" aria-keyshortcuts="Control+N" onClick={() => setForm({ open: true, editing: null, focus: null })}>New account</button>
        </div>
        <div className="list-filters" role="group" aria-label="Show">
          <button type="button" aria-pressed={!showTrash} onClick={() => setShowTrash(false)}>Accounts</button>
          <button type="button" aria-pressed={showTrash} onClick={() => setShowTrash(true)}>Recently deleted</button>
        </div>
        <div className="filter-row" role="group" aria-label="Filters and sorting">
          <select aria-label="Tag" value={filters.tag ?? ''} onChange={(e) => setFilters((f) => ({ ...f, tag: e.target.value || null }))}>
            <option value="">All tags</option>
            {allTags.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
          <select aria-label="Security level" value={String(filters.level)} onChange={(e) => setLevelFilter(e.target.value)}>
            <option value="any">Any level</option>
            <option value="incomplete">Not fully configured</option>
            {[0, 1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>Level {n}</option>)}
          </select>
          <select aria-label="Sort by" value={sort} onChange={(e) => setSort(e.target.value as SortOrder | 'auto')}>
            <option value="auto">{searching ? 'Best match' : 'Name'}</option>
            {searching && <option value="name">Name</option>}
            <option value="updated">Recently changed</option>
            <option value="level">Lowest level first</option>
          </select>
          <label className="checkbox inline" title="Failed verification, pending approval or overdue rotation">
            <input type="checkbox" checked={filters.attention} onChange={(e) => setFilters((f) => ({ ...f, attention: e.target.checked }))} />
            Needs attention
          </label>
        </div>
        {list.corrupt.length > 0 && (
          <p className="form-error" role="alert">
            {list.corrupt.length} damaged item{list.corrupt.length > 1 ? 's' : ''} could not be read
            ({list.corrupt.map((c) => c.id).join(', ')}). Everything else is intact; restore them from a backup.
          </p>
        )}
        <p className="list-count muted" role="status" data-testid="list-count">
          {loaded && `${shownCount.toLocaleString()} ${shownCount === 1 ? 'account' : 'accounts'}`}
          {loaded && searching && list.accounts.length >= SEARCH_LIMIT && ` — the ${SEARCH_LIMIT} best matches; type more to narrow`}
        </p>
        {checking && <p className="hint" data-testid="levels-checking">Checking passwords… levels may still rise or fall.</p>}
        {chosenRows.length > 0 && (
          <div className="bulk-bar" role="group" aria-label="Chosen accounts" data-testid="bulk-bar">
            <span>{chosenRows.length.toLocaleString()} chosen</span>
            {collaboratorChosen > 0 && (
              <span className="hint">{collaboratorChosen.toLocaleString()} shared with you as a Collaborator {collaboratorChosen === 1 ? 'is' : 'are'} left out: only Owners rotate or share.</span>
            )}
            {!showTrash && chosen.length > 0 && chosen.length <= MAX_BULK_ROTATION && (
              <button type="button" className="primary" onClick={() => setConfirmBulk(true)}>
                Rotate {chosen.length.toLocaleString()} {chosen.length === 1 ? 'account' : 'accounts'}
              </button>
            )}
            {!showTrash && chosen.length > MAX_BULK_ROTATION && (
              <span className="hint">Choose at most {MAX_BULK_ROTATION.toLocaleString()} accounts to rotate them in one go.</span>
            )}
            {!showTrash && chosen.length > 0 && chosen.length <= MAX_BULK_SHARE && (
              <button type="button" onClick={() => setSharingBulk(true)}>
                Share {chosen.length.toLocaleString()} {chosen.length === 1 ? 'account' : 'accounts'}…
              </button>
            )}
            {!showTrash && chosen.length > MAX_BULK_SHARE && (
              <span className="hint">Choose at most {MAX_BULK_SHARE.toLocaleString()} accounts to share them in one go.</span>
            )}
            <button type="button" onClick={() => { setBulk(NOTHING_CHOSEN); listRef.current?.focus(); }}>Clear</button>
          </div>
        )}
        <div id="account-list-body" className="account-list-body">
          <AccountList rows={rows} selectedId={selectedId} onSelect={setSelectedId} onOpen={openAccount}
            onEscape={() => searchRef.current?.focus()} listRef={listRef} emptyText={emptyText} bulk={bulk} onBulk={setBulk} />
        </div>
        <BulkRotation chosen={chosen} confirming={confirmBulk} onConfirmingChange={setConfirmBulk} focusAfter={focusList} onFinished={() => {
          setRevision((r) => r + 1);
          void refresh();
        }} />
        <BulkShare chosen={chosen} open={sharingBulk} onOpenChange={setSharingBulk} focusAfter={focusList} onShared={() => {
          setRevision((r) => r + 1);
          void refresh();
        }} />
      </aside>
      <section className="account-pane" aria-label="Account details">
        {notice && <p className={notice.kind === 'error' ? 'form-error' : 'notice'} role="status">{notice.text}</p>}
        {selectedId ? (
          <AccountDetails key={`${selectedId}:${revision}`} id={selectedId} onChanged={refresh} onNotice={setNotice}
            focusTitle={titleFocus === selectedId} onTitleFocused={() => setTitleFocus(null)}
            onEdit={(view, focus) => setForm({ open: true, editing: view, focus })} />
        ) : loaded && list.accounts.length === 0 && !showTrash && !searching ? (
          <FirstRunGuide onAdd={() => setForm({ open: true, editing: null, focus: null })} />
        ) : (
          <p className="muted">Select an account to see its details.</p>
        )}
      </section>
      <AccountFormDialog open={form.open} onOpenChange={(open) => setForm((f) => ({ ...f, open }))} editing={form.editing} focus={form.focus}
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
