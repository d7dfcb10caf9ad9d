import { describe, expect, it } from 'vitest';
import { assessClockSkew, clockReadingFromHttpDate, type ClockReading } from '../../../main/mfa/clock-skew';

const base = Date.UTC(2025, 0, 1, 12, 0, 0);

describe('assessClockSkew', () => {
  it.each<[string, ClockReading, { offsetMs: number; uncertaintyMs: number; clockIsOff: boolean }]>([
    ['a matching clock', { referenceMs: base, resolutionMs: 0, sentAtMs: base - 50, receivedAtMs: base + 50 }, { offsetMs: 0, uncertaintyMs: 50, clockIsOff: false }],
    ['a clock 10 s behind', { referenceMs: base + 10_000, resolutionMs: 0, sentAtMs: base, receivedAtMs: base }, { offsetMs: 10_000, uncertaintyMs: 0, clockIsOff: false }],
    ['a clock 40 s behind', { referenceMs: base + 40_000, resolutionMs: 0, sentAtMs: base, receivedAtMs: base }, { offsetMs: 40_000, uncertaintyMs: 0, clockIsOff: true }],
    ['a clock 2 minutes ahead', { referenceMs: base - 120_000, resolutionMs: 0, sentAtMs: base, receivedAtMs: base }, { offsetMs: -120_000, uncertaintyMs: 0, clockIsOff: true }],
    // 16 s apart, but a 4-second round trip leaves only 14 s certain: no warning.
    ['a skew hidden inside a slow round trip', { referenceMs: base + 16_000, resolutionMs: 0, sentAtMs: base - 2000, receivedAtMs: base + 2000 }, { offsetMs: 16_000, uncertaintyMs: 2000, clockIsOff: false }],
    ['a Date header read mid-second', { referenceMs: base, resolutionMs: 1000, sentAtMs: base + 400, receivedAtMs: base + 600 }, { offsetMs: 0, uncertaintyMs: 600, clockIsOff: false }],
  ])('judges %s', (_name, reading, expected) => {
    expect(assessClockSkew(reading)).toMatchObject(expected);
  });

  it('says which way the clock is off, in seconds, and what to do', () => {
    const behind = assessClockSkew({ referenceMs: base + 95_000, resolutionMs: 0, sentAtMs: base, receivedAtMs: base });
    expect(behind.warning).toMatch(/about 95 seconds behind.*automatic date and time/);
    const ahead = assessClockSkew({ referenceMs: base - 60_000, resolutionMs: 0, sentAtMs: base, receivedAtMs: base });
    expect(ahead.warning).toMatch(/about 60 seconds ahead/);
  });

  it('gives no warning text when the clock is fine', () => {
    expect(assessClockSkew({ referenceMs: base, resolutionMs: 0, sentAtMs: base, receivedAtMs: base })).not.toHaveProperty('warning');
  });

  it('takes a custom threshold', () => {
    const reading = { referenceMs: base + 5000, resolutionMs: 0, sentAtMs: base, receivedAtMs: base };
    expect(assessClockSkew(reading, 3000).clockIsOff).toBe(true);
    expect(assessClockSkew(reading, 6000).clockIsOff).toBe(false);
  });
});

describe('clockReadingFromHttpDate', () => {
  it('reads an IMF-fixdate Date header at one-second resolution', () => {
    expect(clockReadingFromHttpDate('Wed, 01 Jan 2025 12:00:00 GMT', 1, 2)).toEqual({ referenceMs: base, resolutionMs: 1000, sentAtMs: 1, receivedAtMs: 2 });
  });

  it('warns from a server Date header 30 s ahead of the local clock', () => {
    const reading = clockReadingFromHttpDate('Wed, 01 Jan 2025 12:00:30 GMT', base - 100, base + 100);
    expect(assessClockSkew(reading)).toMatchObject({ offsetMs: 30_500, uncertaintyMs: 600, clockIsOff: true });
  });

  it('rejects a header that is not a date', () => {
    expect(() => clockReadingFromHttpDate('yesterday-ish', 0, 0)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
