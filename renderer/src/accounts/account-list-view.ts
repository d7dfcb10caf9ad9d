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

/**
 * `inNameOrder`: the items already come in name order (accounts.list without a query sorts
 * them in the main process), so sorting by name costs nothing at 10k rows.
 */
export function listRows(
  items: readonly AccountListItem[],
  levels: ReadonlyMap<string, AccountLevel>,
  filters: ListFilters,
  sort: SortOrder,
  inNameOrder: boolean,
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
    // Ranked search results are at most a few hundred, so a collator is quick enough there.
    const byName = inNameOrder ? rows : rows.sort((a, b) => collator.compare(a.name, b.name));
    // Sorting is stable: accounts at the same level stay in name order.
    return sort === 'level' ? byName.sort((a, b) => (a.level?.level ?? -1) - (b.level?.level ?? -1)) : byName;
  }
  return rows;
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
