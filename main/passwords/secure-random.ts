// Uniform choices from the operating system's CSPRNG. node:crypto's randomInt rejects
// out-of-range draws instead of taking a modulo, so every outcome is equally likely.

import { randomInt } from 'node:crypto';

/** A uniformly random integer in [0, count). */
export function randomIndex(count: number): number {
  return randomInt(0, count);
}

export function randomCharacter(characters: string): string {
  return characters[randomIndex(characters.length)] as string;
}

/** A uniformly random permutation of 0 … count - 1 (Fisher–Yates). */
export function randomPermutation(count: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = randomIndex(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}
