// Password strength with zxcvbn-ts (English and common dictionaries, keyboard graphs): a
// score from 0 (guessable in seconds) to 4 (very hard). The packages and their dictionaries
// load on the first check (synchronously, ~0.5 s with the dictionary index), so starting the app
// or the CLI costs nothing. The dictionary matchers are zxcvbn's, pruned
// (pruned-dictionary-matchers.ts): the same scores and guesses, several times faster.
import { createRequire } from 'node:module';
import type { OptionsType, ZxcvbnFactory } from '@zxcvbn-ts/core';
import type * as Core from '@zxcvbn-ts/core';
import type * as Common from '@zxcvbn-ts/language-common';
import type * as English from '@zxcvbn-ts/language-en';
import { prunedDictionaryMatchers } from './pruned-dictionary-matchers';

const load = createRequire(import.meta.url);
let factory: ZxcvbnFactory | null = null;

/**
 * A zxcvbn factory with this project's options (`overrides` on top); `stock` keeps zxcvbn's own
 * dictionary matchers, which the tests compare with the pruned ones.
 */
export function createZxcvbn(matchers: 'pruned' | 'stock' = 'pruned', overrides: OptionsType = {}): ZxcvbnFactory {
  const { ZxcvbnFactory: Factory } = load('@zxcvbn-ts/core') as typeof Core;
  const common = load('@zxcvbn-ts/language-common') as typeof Common;
  const english = load('@zxcvbn-ts/language-en') as typeof English;
  const options: OptionsType = {
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
    // The default (100) makes l33t matching cost ~45 ms per password; 10 gives the same
    // scores on our test passwords at a quarter of the time.
    l33tMaxSubstitutions: 10,
    ...overrides,
  };
  return new Factory(options, matchers === 'pruned' ? prunedDictionaryMatchers() : {});
}

/** zxcvbn is quadratic in length; past this, a random-looking password is strong anyway. */
const MAX_CHECKED_LENGTH = 100;

export function passwordStrength(password: string, userInputs: readonly string[] = []): 0 | 1 | 2 | 3 | 4 {
  factory ??= createZxcvbn();
  return factory.check(password.slice(0, MAX_CHECKED_LENGTH), userInputs.filter((s) => s !== '')).score;
}
