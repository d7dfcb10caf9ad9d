import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleLock } from '../../../main/vault/idle-lock';

describe('background work and the idle lock', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('does not count work run untouched (mail arriving) as activity, but still counts a person', () => {
    const onIdle = vi.fn();
    const lock = new IdleLock(onIdle, 10_000);
    lock.start();
    vi.advanceTimersByTime(6_000);
    expect(lock.untouched(() => {
      lock.touch();
      return 'saved';
    })).toBe('saved');
    vi.advanceTimersByTime(4_001);
    expect(onIdle).toHaveBeenCalledTimes(1);

    lock.start();
    vi.advanceTimersByTime(6_000);
    lock.touch();
    vi.advanceTimersByTime(6_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('counts activity again after untouched work threw', () => {
    const onIdle = vi.fn();
    const lock = new IdleLock(onIdle, 10_000);
    lock.start();
    expect(() => lock.untouched(() => {
      throw new Error('boom');
    })).toThrow('boom');
    vi.advanceTimersByTime(6_000);
    lock.touch();
    vi.advanceTimersByTime(6_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
