// Which accounts the list shows and in what order: the filters (tag, security level, needs
// attention) and the sort, applied to what accounts.list returned and the milestone levels.
// Pure, so it is tested without a browser and stays fast at 10k rows (one pass, one sort).
import type { AccountListItem } from '../../../main/ipc/contract/accounts';
import type { AccountLevel } from '../../../main/ipc/contract/milestones';

export type LevelFilter = 'any' | 'incomplete' | 0 | 1 | 2 | 3 | 4 | 5;
export type SortOrder = 'relevance' | 'name' | 'updated' | 'level';

export type ListFilters = { tag: string | null; level: LevelFilter; attention: boolean };
export const NO_FILTERS: ListFilters = { tag: null, level: 'any', attention: false };

export type ListRow = AccountListItem & { level: AccountLevel | null };

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function listRows(
  items: readonly AccountListItem[],
  levels: ReadonlyMap<string, AccountLevel>,
  filters: ListFilters,
  sort: SortOrder,
): ListRow[] {
  const rows: ListRow[] = [];
  for (const item of items) {
    const level = levels.get(item.id) ?? null;
    if (filters.tag !== null && !item.tags.includes(filters.tag)) continue;
    if (filters.level !== 'any') {
      if (level === null) continue;
      if (filters.level === 'incomplete' ? level.level >= 5 : level.level !== filters.level) continue;
    }
    if (filters.attention && !(level && level.attention.length > 0)) continue;
    rows.push({ ...item, level });
  }
  // 'relevance' keeps the search ranking (or the vault's order without a query).
  if (sort === 'updated') return rows.sort((a, b) => b.updatedAt - a.updatedAt);
  if (sort === 'name' || sort === 'level') {
    // One sort key per row, compared as plain strings: about half the time of a collator
    // compare per comparison at 10k rows.
    const keyed = rows.map((row) => ({ row, key: nameSortKey(row.name) }));
    keyed.sort((a, b) =>
      (sort === 'level' ? (a.row.level?.level ?? -1) - (b.row.level?.level ?? -1) : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return keyed.map((k) => k.row);
  }
  return rows;
}

/** Case- and accent-insensitive, with numbers in numeric order ("Gamma 9" before "Gamma 10"). */
export function nameSortKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\d+/g, (digits) => digits.padStart(12, '0'));
}

/** Every tag in use, sorted, for the tag filter. */
export function tagsOf(items: readonly AccountListItem[]): string[] {
  const tags = new Set<string>();
  for (const item of items) for (const tag of item.tags) tags.add(tag);
  return [...tags].sort(collator.compare);
}

export function hasFilters(filters: ListFilters): boolean {
  return filters.tag !== null || filters.level !== 'any' || filters.attention;
}
