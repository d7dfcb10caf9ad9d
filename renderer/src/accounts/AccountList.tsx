// The virtualized account list: a listbox that owns focus itself and points at the active
// row with aria-activedescendant, so only the rows on screen exist in the DOM and 10k
// accounts scroll and move as smoothly as ten. Selection (aria-selected) follows the active
// row; rows chosen for a bulk action are marked with aria-checked (see bulk-selection.ts):
// Space, Shift+arrows, Ctrl+A, Ctrl+click and Shift+click choose, Esc clears.
import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ListRow } from './account-list-view';
import { nextIndex } from './list-keys';
import { chooseAll, extendTo, NOTHING_CHOSEN, toggle, type BulkSelection } from './bulk-selection';
import { SecurityLevel } from '../components/SecurityLevel';

export const ROW_HEIGHT = 52;

type Props = {
  rows: readonly ListRow[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Enter on a row: open it (focus moves to the account page). */
  onOpen: (id: string) => void;
  /** Esc in the list: back to the search box. */
  onEscape: () => void;
  listRef: RefObject<HTMLDivElement | null>;
  emptyText: string;
  bulk: BulkSelection;
  onBulk: (next: BulkSelection) => void;
  onRendered?: () => void;
};

export const rowDomId = (id: string) => `account-${id}`;

export function AccountList({ rows, selectedId, onSelect, onOpen, onEscape, listRef, emptyText, bulk, onBulk, onRendered }: Props) {
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => rows[index]!.id,
  });
  const selectedIndex = selectedId === null ? -1 : rows.findIndex((r) => r.id === selectedId);
  const lastScrolled = useRef<string | null>(null);

  useEffect(() => {
    onRendered?.();
  });

  // Keep the selected row on screen when it changes by keyboard or from outside.
  useEffect(() => {
    if (selectedIndex >= 0 && lastScrolled.current !== selectedId) {
      lastScrolled.current = selectedId;
      virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    }
  }, [selectedIndex, selectedId, virtualizer]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Enter' && selectedId) {
      event.preventDefault();
      onOpen(selectedId);
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      // The first Esc lets go of the chosen rows, the next one goes back to the search box.
      if (bulk.chosen.size > 0) onBulk(NOTHING_CHOSEN);
      else onEscape();
      return;
    }
    if (event.key === ' ' && selectedId) {
      event.preventDefault();
      onBulk(toggle(bulk, selectedId));
      return;
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      onBulk(chooseAll(rows.map((r) => r.id)));
      return;
    }
    const pageSize = Math.max(1, Math.floor((listRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const next = nextIndex(event.key, selectedIndex, rows.length, pageSize);
    if (next === null) return;
    event.preventDefault();
    const to = rows[next]!.id;
    if (event.shiftKey) chooseRange(to);
    onSelect(to);
  }

  /** Chooses from the anchor (or the active row) to `to`. */
  function chooseRange(to: string) {
    const from = bulk.anchor === null && selectedId ? { ...bulk, anchor: selectedId } : bulk;
    onBulk(extendTo(from, rows.map((r) => r.id), to));
  }

  const active = selectedIndex >= 0 && virtualizer.getVirtualItems().some((v) => v.index === selectedIndex) ? rowDomId(selectedId!) : undefined;

  // An empty listbox is not allowed by ARIA; without rows the message stands alone.
  if (rows.length === 0) return <p className="empty muted" data-testid="account-list-empty">{emptyText}</p>;

  return (
    <div ref={listRef} className="account-list" role="listbox" aria-label="Account list" tabIndex={0} aria-keyshortcuts="Space Control+A"
      aria-activedescendant={active} onKeyDown={onKeyDown} data-testid="account-list">
      <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          const selected = row.id === selectedId;
          const chosen = bulk.chosen.has(row.id);
          return (
            <div key={row.id} id={rowDomId(row.id)} role="option" aria-selected={selected}
              aria-checked={bulk.chosen.size > 0 ? chosen : undefined}
              aria-setsize={rows.length} aria-posinset={item.index + 1}
              className={`account-row${selected ? ' selected' : ''}${chosen ? ' chosen' : ''}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              onClick={(event) => {
                if (event.ctrlKey || event.metaKey) onBulk(toggle(bulk, row.id));
                else if (event.shiftKey) chooseRange(row.id);
                onSelect(row.id);
                listRef.current?.focus();
              }}>
              {chosen && <span className="row-check" aria-hidden="true">✓</span>}
              <span className="account-text">
                <span className="account-name">{row.name}</span>
                <span className="account-sub muted">
                  {row.username || row.hosts[0] || '—'}
                  {row.sharedRole && ` · Shared, ${row.sharedRole === 'owner' ? 'Owner' : 'Collaborator'}`}
                </span>
              </span>
              {row.level && <SecurityLevel level={row.level.level} compact attention={row.level.attention.length > 0} />}
            </div>
          );
        })}
      </div>
    </div>
  );
}
