import { describe, expect, it } from 'vitest';
import { inWindow, latestOccurrence, occurrence, policyCovers, ScopeSchema, type Schedule, upcomingRuns } from '../../../main/rotation/schedule/rotation-policy';

type Interval = Extract<Schedule, { type: 'interval' }>;
const at = (y: number, m: number, d: number, h = 0) => new Date(y, m - 1, d, h).getTime();

describe('rotation policy schedules', () => {
  it('counts every N days and weeks from the start date', () => {
    const weekly: Interval = { type: 'interval', every: 2, unit: 'weeks', startAt: at(2025, 1, 6, 3) };
    expect(latestOccurrence(weekly, at(2025, 1, 5))).toBeUndefined();
    expect(latestOccurrence(weekly, at(2025, 1, 19, 12))).toEqual({ index: 0, at: at(2025, 1, 6, 3) });
    expect(latestOccurrence(weekly, at(2025, 1, 20, 12))).toEqual({ index: 1, at: at(2025, 1, 20, 3) });
  });

  it('runs monthly policies on the last day of shorter months', () => {
    const monthly: Interval = { type: 'interval', every: 1, unit: 'months', startAt: at(2025, 1, 31, 9) };
    expect(new Date(occurrence(monthly, 1)).getDate()).toBe(28);
    expect(latestOccurrence(monthly, at(2025, 3, 30))).toEqual({ index: 1, at: at(2025, 2, 28, 9) });
    expect(latestOccurrence(monthly, at(2025, 3, 31, 10))?.index).toBe(2);
  });

  it('lists the next runs: from the start date before it, moved into the window', () => {
    const weekly: Interval = { type: 'interval', every: 1, unit: 'weeks', startAt: at(2025, 1, 6, 3), window: { startHour: 22, endHour: 6 } };
    expect(upcomingRuns(weekly, null, at(2025, 1, 1), 2)).toEqual([at(2025, 1, 6, 3), at(2025, 1, 13, 3)]);
    const daytime: Interval = { ...weekly, window: { startHour: 9, endHour: 17 } };
    expect(upcomingRuns(daytime, null, at(2025, 1, 1), 1)).toEqual([at(2025, 1, 6, 9)]);
  });

  it('puts a due occurrence that was not enqueued yet first, and skips one already enqueued', () => {
    const daily: Interval = { type: 'interval', every: 1, unit: 'days', startAt: at(2025, 1, 1, 2) };
    const now = at(2025, 1, 3, 12);
    expect(upcomingRuns(daily, at(2025, 1, 2, 2), now, 2)).toEqual([now, at(2025, 1, 4, 2)]);
    expect(upcomingRuns(daily, at(2025, 1, 3, 2), now, 2)).toEqual([at(2025, 1, 4, 2), at(2025, 1, 5, 2)]);
  });

  it('collapses missed occurrences into the latest one (one catch-up run)', () => {
    const daily: Interval = { type: 'interval', every: 1, unit: 'days', startAt: at(2025, 1, 1, 2) };
    expect(latestOccurrence(daily, at(2025, 3, 1, 5))?.at).toBe(at(2025, 3, 1, 2));
  });

  it('moves a run outside its time window to the next window opening', () => {
    const window = { startHour: 9, endHour: 17 };
    expect(inWindow(window, at(2025, 1, 6, 3))).toBe(at(2025, 1, 6, 9));
    expect(inWindow(window, at(2025, 1, 6, 10))).toBe(at(2025, 1, 6, 10));
    expect(inWindow(window, at(2025, 1, 6, 18))).toBe(at(2025, 1, 7, 9));
    expect(inWindow({ startHour: 22, endHour: 4 }, at(2025, 1, 6, 23))).toBe(at(2025, 1, 6, 23));
    expect(inWindow(undefined, at(2025, 1, 6, 3))).toBe(at(2025, 1, 6, 3));
  });

  it('scopes by account ids, tags or apps; an empty scope covers everything', () => {
    const account = { id: 'a1', tags: ['Finance'], hosts: ['eu.github.com'] };
    expect(policyCovers(ScopeSchema.parse({}), account)).toBe(true);
    expect(policyCovers(ScopeSchema.parse({ tags: ['finance'] }), account)).toBe(true);
    expect(policyCovers(ScopeSchema.parse({ hosts: ['github.com'] }), account)).toBe(true);
    expect(policyCovers(ScopeSchema.parse({ accountIds: ['a1'] }), account)).toBe(true);
    expect(policyCovers(ScopeSchema.parse({ tags: ['ops'], hosts: ['gitlab.com'] }), account)).toBe(false);
  });
});
