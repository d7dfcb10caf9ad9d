// Which accounts are chosen for a bulk action (rotation), apart from the list's active row:
// Space toggles one, Shift+arrows and Shift+click choose a range from the anchor, Ctrl+A
// chooses every row shown. Pure, so the rules are unit-tested without a browser.

export type BulkSelection = { chosen: ReadonlySet<string>; anchor: string | null };

export const NOTHING_CHOSEN: BulkSelection = { chosen: new Set(), anchor: null };

export function toggle(selection: BulkSelection, id: string): BulkSelection {
  const chosen = new Set(selection.chosen);
  if (!chosen.delete(id)) chosen.add(id);
  return { chosen, anchor: id };
}

/** Adds every row from the anchor (or `to` alone without one) to `to`, keeping the anchor. */
export function extendTo(selection: BulkSelection, rowIds: readonly string[], to: string): BulkSelection {
  const end = rowIds.indexOf(to);
  if (end < 0) return selection;
  const start = selection.anchor === null ? -1 : rowIds.indexOf(selection.anchor);
  const from = start < 0 ? end : start;
  const chosen = new Set(selection.chosen);
  for (let i = Math.min(from, end); i <= Math.max(from, end); i++) chosen.add(rowIds[i]!);
  return { chosen, anchor: start < 0 ? to : selection.anchor };
}

export function chooseAll(rowIds: readonly string[]): BulkSelection {
  return { chosen: new Set(rowIds), anchor: rowIds[0] ?? null };
}

/** Drops chosen accounts the list no longer shows (after a search or filter change). */
export function keepShown(selection: BulkSelection, rowIds: readonly string[]): BulkSelection {
  if (selection.chosen.size === 0) return selection;
  const shown = new Set(rowIds);
  const chosen = new Set([...selection.chosen].filter((id) => shown.has(id)));
  if (chosen.size === selection.chosen.size) return selection;
  return { chosen, anchor: selection.anchor !== null && shown.has(selection.anchor) ? selection.anchor : null };
}
