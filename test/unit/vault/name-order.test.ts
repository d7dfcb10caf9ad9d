// The list order: by name without case or accents, numbers in numeric order, ties stable.
import { describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../../main/vault/account-record';
import { inNameOrder, nameSortKey } from '../../../main/vault/name-order';

const named = (name: string, id = name) => ({ id, name }) as AccountSummary;

describe('name order', () => {
  it('folds case and accents and pads numbers, for plain ASCII and for other text alike', () => {
    expect(nameSortKey('Gamma 10')).toBe('gamma 000000000010');
    expect(nameSortKey('ÉCLAIR 9')).toBe('eclair 000000000009');
    expect(nameSortKey('Éclair')).toBe(nameSortKey('eclair'));
    expect(nameSortKey('Zoë')).toBe('zoe');
    expect(nameSortKey('a\tb')).toBe('a\tb');
  });

  it('sorts numerically and keeps the given order of equal names', () => {
    const order = inNameOrder([named('Gamma 10'), named('beta'), named('Gamma 9'), named('Éclair'), named('BETA', 'second beta')]);
    expect(order.map((s) => s.id)).toEqual(['beta', 'second beta', 'Éclair', 'Gamma 9', 'Gamma 10']);
  });
});
