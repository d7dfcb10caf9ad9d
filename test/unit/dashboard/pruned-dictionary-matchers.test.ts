// The pruned dictionary matchers (main/milestones/dashboard/pruned-dictionary-matchers.ts) give
// zxcvbn's own results: over a varied corpus (test/support/password-corpus.ts), the factory the
// app uses and one with zxcvbn's stock matchers, same options, agree on every password's whole
// result (score, guesses, the chosen match sequence, feedback; all but the time it took), with
// the user inputs; and on every match found (same list, same order). Also with the
// full-password Levenshtein match (off in the app) turned on and a fixed user-inputs list. Each
// kind of password is checked to reach its kind of match, so an agreement is not one by absence.
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { MatchExtended, OptionsType, ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { createZxcvbn, passwordStrength } from '../../../main/milestones/dashboard/password-strength';
import { MIRRORED_CORE_VERSION, installedCoreVersion, prunedDictionaryMatchers } from '../../../main/milestones/dashboard/pruned-dictionary-matchers';
import { passwordCorpus, type CorpusItem } from '../../support/password-corpus';

type Mismatch = { kind: string; password: string; stock: string; pruned: string };

const withoutTime = ({ calcTime: _, ...result }: ZxcvbnResult) => result;
const brief = (r: ZxcvbnResult) => `score ${r.score}, guesses ${r.guesses}: ${r.sequence.map((m) => `${m.pattern}(${m.token})`).join(' ')}`;

/** The kind of each match zxcvbn chose. */
function kindsOf(result: ZxcvbnResult): string[] {
  return result.sequence.map((m) => {
    if (m.pattern !== 'dictionary') return m.pattern;
    if (m['levenshteinDistance'] !== undefined) return 'dictionary levenshtein';
    if (m['reversed'] === true) return 'dictionary reversed';
    if (m['l33t'] === true) return 'dictionary l33t';
    return m['dictionaryName'] === 'userInputs' ? 'dictionary userInputs' : 'dictionary';
  });
}

/** Checks every item with both factories: the mismatches, and the kinds of match the stock one chose. */
function compare(stock: ZxcvbnFactory, pruned: ZxcvbnFactory, corpus: readonly CorpusItem[]): { kinds: Set<string>; mismatches: Mismatch[] } {
  const kinds = new Set<string>();
  const mismatches: Mismatch[] = [];
  for (const { kind, password, inputs } of corpus) {
    const expected = stock.check(password, inputs);
    const actual = pruned.check(password, inputs);
    for (const k of kindsOf(expected)) kinds.add(k);
    if (!isDeepStrictEqual(withoutTime(actual), withoutTime(expected))) mismatches.push({ kind, password, stock: brief(expected), pruned: brief(actual) });
  }
  return { kinds, mismatches };
}

/** Every match a factory's matchers find (before scoring picks), through its internals. */
function allMatches(factory: ZxcvbnFactory, password: string, inputs: string[]): MatchExtended[] {
  const internals = factory as unknown as { options: { getUserInputsOptions(inputs: string[]): unknown }; matching: { match(password: string, userInputs: unknown): MatchExtended[] } };
  return internals.matching.match(password, internals.options.getUserInputsOptions(inputs));
}

/** Each kind of password in the corpus, and the kinds of match it must reach at least once. */
const KINDS: [string, string[]][] = [
  ['odd', ['dictionary', 'dictionary userInputs']], ['word', ['dictionary']], ['two words', ['dictionary']], ['camel', ['dictionary']],
  ['l33t', ['dictionary l33t']], ['l33t pair', ['dictionary l33t']], ['reversed', ['dictionary reversed']], ['date', ['date', 'regex']],
  ['keyboard', ['spatial']], ['repeat', ['repeat']], ['sequence', ['sequence']], ['word sequence', ['wordSequence']],
  ['user input', ['dictionary userInputs']], ['random', ['bruteforce']], ['long', ['separator']], ['bench', ['dictionary', 'regex']],
];

describe('the pruned dictionary matchers', () => {
  // ~1,450 passwords: the stock matchers take ~10–40 ms for most of them, so one test per kind.
  const corpus = passwordCorpus(100);
  let factories: { stock: ZxcvbnFactory; pruned: ZxcvbnFactory } | null = null;
  const both = () => (factories ??= { stock: createZxcvbn('stock'), pruned: createZxcvbn('pruned') });

  it('mirror the installed @zxcvbn-ts/core (another version keeps the stock matchers until checked)', () => {
    expect(installedCoreVersion()).toBe(MIRRORED_CORE_VERSION);
    expect(Object.keys(prunedDictionaryMatchers()).sort()).toEqual(['dictionary', 'dictionaryL33t', 'dictionaryReverse', 'wordSequence']);
  });

  it('have a corpus of every kind', () => {
    expect(corpus.length).toBeGreaterThan(1_400);
    expect(new Set(corpus.map((item) => item.kind))).toEqual(new Set(KINDS.map(([kind]) => kind)));
  });

  it.each(KINDS)('give zxcvbn\'s own results for %s passwords (reaching %j matches), with the app\'s options', (kind, reaches) => {
    const { stock, pruned } = both();
    const { kinds, mismatches } = compare(stock, pruned, corpus.filter((item) => item.kind === kind));
    expect(mismatches).toEqual([]);
    for (const reached of reaches) expect(kinds).toContain(reached);
  });

  it('find the very same matches, in the same order, as the stock matchers', () => {
    const { stock, pruned } = both();
    const differing = passwordCorpus(12, 5).filter(({ password, inputs }) => !isDeepStrictEqual(allMatches(pruned, password, inputs), allMatches(stock, password, inputs)));
    expect(differing).toEqual([]);
  });

  it('give zxcvbn\'s own results with the full-password Levenshtein match on and fixed user inputs', () => {
    // Levenshtein compares the whole password with every word: with the lists cut to their first
    // 500 words it costs milliseconds, not a second. A fixed 'userInputs' list among them is
    // merged with each check's user inputs in its own place.
    const lists = Object.entries({ ...common.dictionary, ...english.dictionary }).map(([name, words]) => [name, words.slice(0, 500)] as const);
    const dictionary = Object.fromEntries([...lists.slice(0, 3), ['userInputs', ['acme', 'Globex', 'alice.96x']], ...lists.slice(3)]);
    const options: OptionsType = { useLevenshteinDistance: true, dictionary };
    const edits = ['pasword', 'passw0rdd', 'footbal', 'dragonn', 'monkey1', 'sunshin', 'qwertz', 'iloveyu', 'alice.96', 'princes', 'baseball1', 'constructo', 'acmee', 'globexx', 'P4ssw0rd', 'drowssap', 'İstanbul'];
    const corpus = [...passwordCorpus(10, 7).filter((item) => item.password.length <= 24), ...edits.map((password) => ({ kind: 'near miss', password, inputs: ['alice.960@team.example', 'Acme Portal'] }))];
    const { kinds, mismatches } = compare(createZxcvbn('stock', options), createZxcvbn('pruned', options), corpus);
    expect(mismatches).toEqual([]);
    expect(kinds).toContain('dictionary levenshtein');
    expect(kinds).toContain('dictionary userInputs');
  });

  it('are what passwordStrength scores with', () => {
    const { stock } = both();
    for (const { password, inputs } of passwordCorpus(4, 3)) {
      expect(passwordStrength(password, inputs)).toBe(stock.check(password.slice(0, 100), inputs.filter((s) => s !== '')).score);
    }
  });
});
