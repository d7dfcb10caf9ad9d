// Password health from scores, keyed fingerprints and ages; never from the passwords.
import { describe, expect, it } from 'vitest';
import { OLD_AFTER_MS, passwordHealth, type PasswordFacts } from '../../../main/milestones/dashboard/password-health';
import { passwordStrength } from '../../../main/milestones/dashboard/password-strength';

const NOW = Date.UTC(2026, 10, 2);
const fact = (id: string, score: number, fingerprint: string, ageMs = 0): PasswordFacts => ({ id, name: id.toUpperCase(), score, fingerprint, setAt: NOW - ageMs });

describe('passwordHealth', () => {
  it('lists weak passwords (score below 3), weakest first', () => {
    const health = passwordHealth([fact('a', 4, 'x1'), fact('b', 2, 'x2'), fact('c', 0, 'x3'), fact('d', 3, 'x4')], NOW);
    expect(health.weak).toEqual([{ id: 'c', name: 'C', score: 0 }, { id: 'b', name: 'B', score: 2 }]);
    expect(health.checked).toBe(4);
  });

  it('groups accounts sharing a fingerprint, biggest group first', () => {
    const health = passwordHealth([fact('a', 4, 'same'), fact('b', 4, 'other'), fact('c', 4, 'same'), fact('d', 4, 'pair'), fact('e', 4, 'pair'), fact('f', 4, 'same')], NOW);
    expect(health.reused.map((g) => g.map((a) => a.id))).toEqual([['a', 'c', 'f'], ['d', 'e']]);
  });

  it('lists passwords unchanged for more than a year, oldest first', () => {
    const health = passwordHealth([fact('a', 4, '1', OLD_AFTER_MS + 5), fact('b', 4, '2', OLD_AFTER_MS - 5), fact('c', 4, '3', 2 * OLD_AFTER_MS)], NOW);
    expect(health.old.map((a) => a.id)).toEqual(['c', 'a']);
  });
});

describe('passwordStrength', () => {
  it.each(['password', 'acme2024', 'qwerty123', 'Summer2024!'])('finds %j weak (score below 3)', (password) => {
    expect(passwordStrength(password)).toBeLessThan(3);
  });

  it.each(['correct horse battery staple', 'k7#Qm!2vR9$zLp@4', 'xJ4-vq9T-mw2P-88rz'])('finds %j strong', (password) => {
    expect(passwordStrength(password)).toBeGreaterThanOrEqual(3);
  });

  it('counts the account name and username against the password', () => {
    expect(passwordStrength('acmeportal-ops', ['acmeportal', 'ops'])).toBeLessThan(passwordStrength('acmeportal-ops'));
  });
});
