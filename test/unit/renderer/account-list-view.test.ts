// The account list's filters, sort and keyboard movement (pure parts of the renderer).
import { describe, expect, it } from 'vitest';
import { hasFilters, listRows, NO_FILTERS, tagsOf } from '../../../renderer/src/accounts/account-list-view';
import { nextIndex } from '../../../renderer/src/accounts/list-keys';
import type { AccountListItem } from '../../../main/ipc/contract/accounts';
import type { AccountLevel } from '../../../main/ipc/contract/milestones';

const item = (id: string, name: string, tags: string[], updatedAt: number): AccountListItem => ({
  id, version: 1, name, username: '', hosts: [], tags, hasPassword: true, hasTotp: false, updatedAt, deletedAt: null,
});
const items = [item('a', 'zeta', ['social'], 3), item('b', 'Alpha', ['vendor'], 1), item('c', 'beta', ['social', 'admin'], 2), item('d', 'Gamma 10', [], 4), item('e', 'Gamma 9', [], 5)];
const level = (id: string, n: number, attention: AccountLevel['attention'] = []): [string, AccountLevel] => [id, { id, level: n, missing: [], failed: [], attention }];
const levels = new Map([level('a', 2), level('b', 5), level('c', 0, ['verification-failed']), level('d', 2), level('e', 1)]);
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('listRows', () => {
  it('keeps the given order for relevance and sorts ranked results by name naturally, ignoring case', () => {
    expect(ids(listRows(items, levels, NO_FILTERS, 'relevance', false))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ids(listRows(items, levels, NO_FILTERS, 'name', false))).toEqual(['b', 'c', 'e', 'd', 'a']);
  });

  it('trusts the main process\'s name order instead of sorting again, and keeps it within a level', () => {
    expect(ids(listRows(items, levels, NO_FILTERS, 'name', true))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ids(listRows(items, levels, NO_FILTERS, 'level', true))).toEqual(['c', 'e', 'a', 'd', 'b']);
  });

  it('sorts by recent change and by lowest level first, then by name', () => {
    expect(ids(listRows(items, levels, NO_FILTERS, 'updated', false))).toEqual(['e', 'd', 'a', 'c', 'b']);
    expect(ids(listRows(items, levels, NO_FILTERS, 'level', false))).toEqual(['c', 'e', 'd', 'a', 'b']);
  });

  it.each([
    [{ ...NO_FILTERS, tag: 'social' }, ['a', 'c']],
    [{ ...NO_FILTERS, level: 2 as const }, ['a', 'd']],
    [{ ...NO_FILTERS, level: 'incomplete' as const }, ['a', 'c', 'd', 'e']],
    [{ ...NO_FILTERS, attention: true }, ['c']],
    [{ tag: 'social', level: 2 as const, attention: false }, ['a']],
  ])('filters with %j', (filters, expected) => {
    expect(ids(listRows(items, levels, filters, 'relevance', false))).toEqual(expected);
    expect(hasFilters(filters)).toBe(true);
  });

  it('leaves out accounts without a known level only when filtering by level', () => {
    expect(ids(listRows([item('x', 'x', [], 1)], new Map(), NO_FILTERS, 'name', true))).toEqual(['x']);
    expect(ids(listRows([item('x', 'x', [], 1)], new Map(), { ...NO_FILTERS, level: 0 }, 'name', true))).toEqual([]);
  });

  it('lists every tag once, sorted', () => {
    expect(tagsOf(items)).toEqual(['admin', 'social', 'vendor']);
  });
});

describe('nextIndex', () => {
  it.each([
    ['ArrowDown', -1, 0], ['ArrowDown', 2, 3], ['ArrowDown', 9, 9], ['ArrowUp', 0, 0], ['ArrowUp', -1, 0], ['ArrowUp', 5, 4],
    ['Home', 5, 0], ['End', 0, 9], ['PageDown', 2, 6], ['PageDown', 8, 9], ['PageUp', 3, 0], ['x', 3, null],
  ] as const)('%s from %i goes to %s', (key, from, to) => {
    expect(nextIndex(key, from, 10, 4)).toBe(to);
  });

  it('has nowhere to go in an empty list', () => {
    expect(nextIndex('ArrowDown', -1, 0, 4)).toBeNull();
  });
});
