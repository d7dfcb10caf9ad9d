import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from '../../../main/inbox/reconnect-backoff';

describe('reconnectDelayMs', () => {
  const middle = () => 0.5;
  it.each([
    [0, 500], [1, 1_000], [2, 2_000], [5, 16_000], [6, 30_000], [40, 30_000],
  ])('attempt %d waits %d ms without jitter', (attempt, ms) => expect(reconnectDelayMs(attempt, undefined, middle)).toBe(ms));

  it('jitters by at most 20 % either way', () => {
    expect(reconnectDelayMs(2, undefined, () => 0)).toBe(1_600);
    expect(reconnectDelayMs(2, undefined, () => 0.999_999)).toBe(2_400);
  });
});
