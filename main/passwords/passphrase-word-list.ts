// The word list for passphrases: EFF's large wordlist (7,776 words, CC BY 3.0 US; attribution
// and provenance in data/eff-large-wordlist/SOURCE.md). Only plain a–z words are used, so a
// passphrase never carries a stray "-" that a site might refuse or that would blur word borders.

import effLargeWordlist from './data/eff-large-wordlist/eff-large-wordlist.json' with { type: 'json' };

export const PASSPHRASE_WORDS: readonly string[] = Object.freeze(
  effLargeWordlist.filter((word) => /^[a-z]+$/.test(word)),
);
