// Choosing accounts for a bulk rotation: toggle, ranges from an anchor, all, and what
// happens when the list stops showing chosen rows; and the summary of the results.
import { describe, expect, it } from 'vitest';
import { chooseAll, extendTo, keepShown, NOTHING_CHOSEN, toggle } from '../../../renderer/src/accounts/bulk-selection';
import { summarize } from '../../../renderer/src/accounts/bulk-rotation-summary';

const rows = ['a', 'b', 'c', 'd', 'e'];
const ids = (s: { chosen: ReadonlySet<string> }) => [...s.chosen].sort();

describe('bulk selection', () => {
  it('toggles one row and makes it the anchor', () => {
    const one = toggle(NOTHING_CHOSEN, 'b');
    expect([ids(one), one.anchor]).toEqual([['b'], 'b']);
    expect(ids(toggle(one, 'b'))).toEqual([]);
  });

  it('chooses a range from the anchor in either direction and keeps earlier choices', () => {
    const anchored = toggle(NOTHING_CHOSEN, 'b');
    expect(ids(extendTo(anchored, rows, 'd'))).toEqual(['b', 'c', 'd']);
    expect(ids(extendTo(toggle(anchored, 'e'), rows, 'a'))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(extendTo(anchored, rows, 'd').anchor).toBe('b');
  });

  it('starts a range at the target when there is no anchor, and ignores rows not shown', () => {
    expect(ids(extendTo(NOTHING_CHOSEN, rows, 'c'))).toEqual(['c']);
    expect(extendTo(NOTHING_CHOSEN, rows, 'zz')).toBe(NOTHING_CHOSEN);
  });

  it('chooses every row shown', () => {
    expect(ids(chooseAll(rows))).toEqual(rows);
  });

  it('drops chosen rows the list no longer shows, and the anchor with them', () => {
    const some = extendTo(toggle(NOTHING_CHOSEN, 'a'), rows, 'c');
    const kept = keepShown(some, ['b', 'c', 'd']);
    expect([ids(kept), kept.anchor]).toEqual([['b', 'c'], null]);
    expect(keepShown(some, rows)).toBe(some);
  });
});

describe('bulk rotation summary', () => {
  it('puts every report in exactly one group', () => {
    expect(summarize([
      { accountId: 'a', outcome: 'rotated', reasons: [] },
      { accountId: 'b', outcome: 'unchanged', reasons: ['site said no'] },
      { accountId: 'c', outcome: 'reconcile', reasons: [] },
      { accountId: 'd', reasons: [], error: { code: 'ITEM_NOT_FOUND', message: 'gone' } },
      { accountId: 'e', outcome: 'rotated', reasons: [] },
    ])).toEqual({ rotated: 2, unchanged: 1, reconcile: 1, failed: 1 });
  });
});
