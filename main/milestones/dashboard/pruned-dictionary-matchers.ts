// zxcvbn-ts's dictionary matchers (@zxcvbn-ts/core 4.2.0: plain, l33t and reversed, and the three
// inside the word-sequence matcher) with the same matches in the same order, found faster. The
// stock matcher looks up every substring up to the longest word (23 characters) in each of the
// ~20 dictionaries, and the l33t matcher repeats that for each substituted password: most of
// zxcvbn's time. Here one trie per factory holds every word of every dictionary with its hits
// (dictionary, rank), so the scan from a position walks one node per character and stops at the
// first substring that begins no word; each check's user inputs get a small trie of their own.
// Plugged in through the factory's custom matchers under the built-ins' names (which replace
// them); their matches keep the patterns 'dictionary' and 'wordSequence', so zxcvbn's own
// scoring and feedback apply.
//
// Kept from the stock matcher on purpose, so that nothing found differs: a lookup in a plain
// object also finds inherited names ('constructor', '__proto__'), the user inputs are a
// dictionary merged per check (after a fixed 'userInputs' list's words, in its place), a word
// longer than its dictionary's longest (possible after lower-casing) still matches as the whole
// password, and the full-password Levenshtein match (off by default) runs the stock way.
// test/unit/dashboard/pruned-dictionary-matchers.test.ts compares results and match lists with
// the stock factory's. The dictionaries are read once, when the factory's matchers are made.
import { createRequire } from 'node:module';
import type { DictionaryMatch, Matcher, MatchOptions, Options, RankedDictionary, UserInputsOptions } from '@zxcvbn-ts/core';

const load = createRequire(import.meta.url);
const CORE = '@zxcvbn-ts/core/dist';

type Change = { i: number; letter: string; substitution: string };
type SubbedPassword = { password: string; changes: Change[]; isFullSubstitution: boolean };
type GetCleanPasswords = (password: string, limit: number, trieRoot: Options['trieNodeRoot']) => SubbedPassword[];
type Levenshtein = (password: string, dictionary: RankedDictionary, threshold: number) => { levenshteinDistance?: number; levenshteinDistanceEntry?: string };
type WordSequenceMatcher = new (options: Options) => { match(options: MatchOptions): unknown };
type DictionaryMatchOptions = Pick<MatchOptions, 'password' | 'userInputsOptions'> & { useLevenshtein?: boolean };

/** Names a plain object answers without owning them (what `rankedDictionary[word]` also finds). */
function inheritedNames(): string[] {
  const names: string[] = [];
  for (let proto = Object.getPrototypeOf({}) as object | null; proto; proto = Object.getPrototypeOf(proto) as object | null) names.push(...Object.getOwnPropertyNames(proto));
  return names;
}

const NONE = -1;

/**
 * A trie of UTF-16 code units in typed arrays (~15 MB for the English and common dictionaries):
 * node 0 is the root; each edge is a slot of an open-addressing table keyed by (node, code unit).
 * A node that ends a word has hits: (dictionary position, rank) in the stock dictionary order.
 */
class WordTrie {
  private nodes = 1;
  private bits = 0;
  private parents = new Int32Array(0);
  private codes = new Uint16Array(0);
  private children = new Int32Array(0);
  /** Per node: its first and last hit, or NONE (a prefix of words only). */
  private firstHits = new Int32Array(0);
  private lastHits = new Int32Array(0);
  private hitNext: number[] = [];
  private hitPosition: number[] = [];
  /** Non-negative integer ranks as they are; any other value (an inherited name's) as -1 - its index in `otherRanks`. */
  private hitRank: number[] = [];
  private readonly otherRanks: unknown[] = [];
  private hits: { next: Int32Array; position: Int32Array; rank: Int32Array } | null = null;

  constructor() {
    this.grow(16);
  }

  private slot(node: number, code: number): number {
    return (Math.imul(node, 0x9e3779b1) ^ Math.imul(code + 1, 0x85ebca77)) >>> (32 - this.bits);
  }

  /** The child of `node` by `code`, or NONE. */
  child(node: number, code: number): number {
    const mask = (1 << this.bits) - 1;
    for (let slot = this.slot(node, code); ; slot = (slot + 1) & mask) {
      const parent = this.parents[slot]!;
      if (parent === NONE) return NONE;
      if (parent === node && this.codes[slot] === code) return this.children[slot]!;
    }
  }

  private addChild(node: number, code: number): number {
    if (this.nodes * 2 >= 1 << this.bits) this.grow(this.bits + 2);
    this.link(node, code, this.nodes);
    return this.nodes++;
  }

  private link(node: number, code: number, child: number): void {
    const mask = (1 << this.bits) - 1;
    let slot = this.slot(node, code);
    while (this.parents[slot] !== NONE) slot = (slot + 1) & mask;
    this.parents[slot] = node;
    this.codes[slot] = code;
    this.children[slot] = child;
  }

  /** A table of 2^bits edge slots (kept at most half full), and as many nodes. */
  private grow(bits: number): void {
    const { parents, codes, children, firstHits, lastHits } = this;
    this.bits = bits;
    this.parents = new Int32Array(1 << bits).fill(NONE);
    this.codes = new Uint16Array(1 << bits);
    this.children = new Int32Array(1 << bits);
    for (let old = 0; old < parents.length; old++) if (parents[old] !== NONE) this.link(parents[old]!, codes[old]!, children[old]!);
    this.firstHits = new Int32Array(1 << bits).fill(NONE);
    this.lastHits = new Int32Array(1 << bits).fill(NONE);
    this.firstHits.set(firstHits);
    this.lastHits.set(lastHits);
  }

  /** Adds a hit for `word` unless it has one in this dictionary; dictionaries come in order. */
  add(word: string, position: number, rank: unknown): void {
    let node = 0;
    let fresh = false; // a node just made has no children to look up
    for (let k = 0; k < word.length; k++) {
      const code = word.charCodeAt(k);
      const next: number = fresh ? NONE : this.child(node, code);
      fresh = next === NONE;
      node = fresh ? this.addChild(node, code) : next;
    }
    const last = this.lastHits[node]!;
    if (last !== NONE && this.hitPosition[last] === position) return;
    const hit = this.hitPosition.length;
    this.hitPosition.push(position);
    const plain = typeof rank === 'number' && Number.isInteger(rank) && rank >= 0 && rank <= 0x7fffffff;
    this.hitRank.push(plain ? rank : -this.otherRanks.push(rank)); // -1 - the new entry's index
    this.hitNext.push(NONE);
    if (last === NONE) this.firstHits[node] = hit;
    else this.hitNext[last] = hit;
    this.lastHits[node] = hit;
  }

  /** Ends adding: the hit lists become typed arrays. */
  freeze(): void {
    this.hits = { next: Int32Array.from(this.hitNext), position: Int32Array.from(this.hitPosition), rank: Int32Array.from(this.hitRank) };
    this.firstHits = this.firstHits.slice(0, this.nodes);
    this.lastHits = new Int32Array(0);
    this.hitNext = this.hitPosition = this.hitRank = [];
  }

  /** The node's first hit, or NONE (not a word: a prefix of words only). */
  firstHit(node: number): number {
    return this.firstHits[node]!;
  }

  nextHit(hit: number): number {
    return this.hits!.next[hit]!;
  }

  position(hit: number): number {
    return this.hits!.position[hit]!;
  }

  rank(hit: number): unknown {
    const rank = this.hits!.rank[hit]!;
    return rank >= 0 ? rank : this.otherRanks[-1 - rank];
  }
}

/** A few words by code unit (one check's user inputs, the inherited names); `word` marks their ends. */
type SmallTrie = { children: Map<number, SmallTrie>; word: boolean };

function smallTrie(words: Iterable<string>): SmallTrie {
  const root: SmallTrie = { children: new Map(), word: false };
  for (const word of words) {
    let node = root;
    for (let k = 0; k < word.length; k++) {
      const code = word.charCodeAt(k);
      let next = node.children.get(code);
      if (!next) node.children.set(code, (next = { children: new Map(), word: false }));
      node = next;
    }
    node.word = true;
  }
  return root;
}

const INHERITED = inheritedNames();
/** Every ranked dictionary answers these names too (Object.prototype's), as the stock lookup does. */
const INHERITED_TRIE = smallTrie(INHERITED);

/** The fixed dictionaries of one factory (all, or the word-sequence ones) in one trie. */
class DictionaryIndex {
  readonly names: string[];
  readonly maxWordSize: number[];
  readonly dictionaries: RankedDictionary[];
  readonly trie = new WordTrie();
  /** Where the user inputs' dictionary goes among them (the stock merge: its own place, or last); -1: none. */
  readonly userPosition: number;
  /** The ranks of a fixed 'userInputs' dictionary, merged with each check's user inputs. */
  readonly fixedUserInputs: RankedDictionary | undefined;
  readonly fixedUserInputsMaxWordSize: number | undefined;
  readonly maxSearchWidth: number;

  constructor(options: Options, wordSequence: boolean) {
    const all = Object.keys(options.rankedDictionaries).filter((name) => !wordSequence || options.isWordSequence(name));
    this.userPosition = wordSequence ? -1 : all.includes('userInputs') ? all.indexOf('userInputs') : all.length;
    this.fixedUserInputs = wordSequence ? undefined : options.rankedDictionaries['userInputs'];
    this.fixedUserInputsMaxWordSize = wordSequence ? undefined : options.rankedDictionariesMaxWordSize['userInputs'];
    this.names = all;
    this.dictionaries = all.map((name) => options.rankedDictionaries[name]!);
    this.maxWordSize = all.map((name) => options.rankedDictionariesMaxWordSize[name]!);
    this.maxSearchWidth = Math.max(0, ...this.maxWordSize);
    this.dictionaries.forEach((dictionary, position) => {
      if (position === this.userPosition) return; // merged per check (UserDictionary)
      const add = (word: string) => {
        const rank: unknown = dictionary[word];
        if (rank !== undefined) this.trie.add(word, position, rank);
      };
      // Its own words are the list it was ranked from (cheaper to walk than the ranked object's
      // keys); the rank is still the ranked object's, duplicates and all.
      const list = options.dictionary[all[position]!];
      if (list) for (const word of list) add(String(word));
      else for (const word of Object.keys(dictionary)) add(word);
      for (const word of INHERITED) add(word);
    });
    this.trie.freeze();
  }
}

/** One check's user inputs as the stock matcher merges them into a 'userInputs' dictionary. */
class UserDictionary {
  readonly ranks: RankedDictionary;
  readonly maxWordSize: number;
  /** Its own words; the names it inherits are in INHERITED_TRIE. */
  readonly trie: SmallTrie;

  constructor(index: DictionaryIndex, userInputs: UserInputsOptions | undefined) {
    this.ranks = userInputs ? { ...index.fixedUserInputs, ...userInputs.rankedDictionary } : index.fixedUserInputs!;
    this.maxWordSize = userInputs ? Math.max(userInputs.rankedDictionaryMaxWordSize, index.fixedUserInputsMaxWordSize ?? 0) : index.fixedUserInputsMaxWordSize!;
    this.trie = smallTrie(Object.keys(this.ranks));
  }
}

/** A match as MatchDictionary makes it (same fields, same order). */
function dictionaryMatch(password: string, i: number, j: number, word: string, rank: unknown, dictionaryName: string): DictionaryMatch {
  return { pattern: 'dictionary', i, j, token: password.slice(i, j + 1), matchedWord: word, rank: rank as number, dictionaryName, reversed: false, l33t: false };
}

type Modules = { getCleanPasswords: GetCleanPasswords; levenshtein: Levenshtein; WordSequence: WordSequenceMatcher };

/** What the three dictionary matchers share: the index and the stock scan, pruned. */
class PrunedScan {
  private readonly options: Options;
  private readonly levenshtein: Levenshtein;
  private readonly index: DictionaryIndex;
  private readonly userCache = new WeakMap<UserInputsOptions, UserDictionary>();
  private noUserInputs: UserDictionary | null | undefined;

  // No parameter properties: the worker runs from source with Node's type stripping.
  constructor(options: Options, levenshtein: Levenshtein, wordSequence: boolean) {
    this.options = options;
    this.levenshtein = levenshtein;
    this.index = new DictionaryIndex(options, wordSequence);
  }

  private user(userInputs: UserInputsOptions | undefined): UserDictionary | null {
    if (this.index.userPosition < 0) return null;
    if (!userInputs) {
      this.noUserInputs ??= this.index.fixedUserInputs ? new UserDictionary(this.index, undefined) : null;
      return this.noUserInputs;
    }
    let user = this.userCache.get(userInputs);
    if (!user) this.userCache.set(userInputs, (user = new UserDictionary(this.index, userInputs)));
    return user;
  }

  /** MatchDictionary.match: the same matches, in the same order. */
  match({ password, userInputsOptions, useLevenshtein = true }: DictionaryMatchOptions): DictionaryMatch[] {
    const matches: DictionaryMatch[] = [];
    const index = this.index;
    const user = this.user(userInputsOptions);
    const length = password.length;
    const lower = password.toLowerCase();
    const maxSearchWidth = user ? Math.max(index.maxSearchWidth, user.maxWordSize) : index.maxSearchWidth;
    const levenshtein = this.options.useLevenshteinDistance && useLevenshtein;
    // `lower` is never shorter than `password` (lower-casing only lengthens, 'İ' → 'i̇'), and
    // like the stock scan this walks `password.length` positions of it.
    const trie = index.trie;
    for (let i = 0; i < length; i += 1) {
      let node = 0;
      let userNode = user?.trie;
      let inheritedNode = user ? INHERITED_TRIE : undefined;
      for (let j = i; j < length; j += 1) {
        const isFullPassword = i === 0 && j === length - 1;
        const size = j - i + 1;
        if (size > maxSearchWidth && !isFullPassword) break;
        if (isFullPassword && levenshtein) {
          this.fullPasswordWithLevenshtein(lower.slice(0, length), password, user, matches);
          break;
        }
        const code = lower.charCodeAt(j);
        node = node === NONE ? NONE : trie.child(node, code);
        userNode = userNode?.children.get(code);
        inheritedNode = inheritedNode?.children.get(code);
        if (node === NONE && !userNode && !inheritedNode) {
          // No longer substring from i is a word. The stock scan still reaches the whole
          // password (for Levenshtein) when it is short enough.
          if (i === 0 && levenshtein && length - 1 <= maxSearchWidth) {
            j = length - 2;
            continue;
          }
          break;
        }
        let hit = node === NONE ? NONE : trie.firstHit(node);
        let userWord = userNode?.word === true || inheritedNode?.word === true;
        if (hit === NONE && !userWord) continue;
        const word = lower.slice(i, j + 1);
        for (; hit !== NONE; hit = trie.nextHit(hit)) {
          const position = trie.position(hit);
          if (userWord && position > index.userPosition) {
            userWord = false;
            this.userHit(user!, i, j, word, isFullPassword, password, matches);
          }
          if (size > index.maxWordSize[position]! && !isFullPassword) continue;
          matches.push(dictionaryMatch(password, i, j, word, trie.rank(hit), index.names[position]!));
        }
        if (userWord) this.userHit(user!, i, j, word, isFullPassword, password, matches);
      }
    }
    return matches;
  }

  private userHit(user: UserDictionary, i: number, j: number, word: string, isFullPassword: boolean, password: string, matches: DictionaryMatch[]): void {
    const rank = user.ranks[word];
    if (rank !== undefined && (j - i + 1 <= user.maxWordSize || isFullPassword)) matches.push(dictionaryMatch(password, i, j, word, rank, 'userInputs'));
  }

  /** The stock scan's whole-password cell with Levenshtein on: every dictionary, in order. */
  private fullPasswordWithLevenshtein(word: string, password: string, user: UserDictionary | null, matches: DictionaryMatch[]): void {
    const index = this.index;
    const dictionaries = index.names.map((name, position) => ({ name, ranks: index.dictionaries[position]! }));
    if (user) {
      const merged = { name: 'userInputs', ranks: user.ranks };
      if (index.userPosition < dictionaries.length) dictionaries[index.userPosition] = merged;
      else dictionaries.push(merged);
    }
    for (const { name, ranks } of dictionaries) {
      const rank = ranks[word];
      const found = rank === undefined ? this.levenshtein(word, ranks, this.options.levenshteinThreshold) : {};
      const isLevenshteinMatch = found.levenshteinDistance !== undefined;
      if (rank === undefined && !isLevenshteinMatch) continue;
      matches.push({
        pattern: 'dictionary', i: 0, j: password.length - 1, token: password.slice(0, password.length), matchedWord: word,
        rank: rank !== undefined ? rank : ranks[found.levenshteinDistanceEntry!]!, dictionaryName: name, reversed: false, l33t: false, ...found,
      } as DictionaryMatch);
    }
  }
}

/** l33t.cjs getExtras: a match's place and substitutions in the password before substitution. */
function l33tExtras(subbed: SubbedPassword, i: number, j: number) {
  let iUnsubbed = i;
  let jUnsubbed = j;
  const subs: { letter: string; substitution: string }[] = [];
  const subDisplay: string[] = [];
  const seen = new Set<string>();
  for (const change of subbed.changes) {
    if (change.i < i) {
      const diff = change.substitution.length - change.letter.length;
      iUnsubbed += diff;
      jUnsubbed += diff;
    } else if (change.i <= j) {
      jUnsubbed += change.substitution.length - change.letter.length;
      const key = `${change.letter}-${change.substitution}`;
      if (!seen.has(key)) {
        seen.add(key);
        subs.push({ letter: change.letter, substitution: change.substitution });
        subDisplay.push(`${change.substitution} -> ${change.letter}`);
      }
    }
  }
  return { i: iUnsubbed, j: jUnsubbed, subs, subDisplay: subDisplay.join(', ') };
}

const reversed = (text: string) => text.split('').reverse().join('');

/** The @zxcvbn-ts/core whose matchers these mirror (MatchDictionary, MatchL33t, MatchReverse, MatchWordSequence). */
export const MIRRORED_CORE_VERSION = '4.2.0';

/** The installed @zxcvbn-ts/core's version. */
export const installedCoreVersion = () => (load('@zxcvbn-ts/core/package.json') as { version: string }).version;

/**
 * The custom matchers for a ZxcvbnFactory: dictionary, dictionaryL33t, dictionaryReverse and
 * wordSequence, with zxcvbn's own scoring and feedback. Each factory's index is built on its first
 * matcher (~0.3 s for the English and common dictionaries) and shared by the others. None (the
 * stock matchers stay) with another @zxcvbn-ts/core than the one mirrored: its matchers may
 * differ, and the test comparing them fails until this module is checked against it.
 */
export function prunedDictionaryMatchers(): Record<string, Matcher> {
  if (installedCoreVersion() !== MIRRORED_CORE_VERSION) return {};
  const modules: Modules = {
    getCleanPasswords: load(`${CORE}/matcher/dictionary/variants/matching/unmunger/getCleanPasswords.cjs`) as GetCleanPasswords,
    levenshtein: load(`${CORE}/utils/levenshtein.cjs`) as Levenshtein,
    WordSequence: load(`${CORE}/matcher/wordSequence/matching.cjs`) as WordSequenceMatcher,
  };
  const scans = new WeakMap<Options, { all?: PrunedScan; wordSequence?: PrunedScan }>();
  const scanFor = (options: Options, wordSequence: boolean): PrunedScan => {
    let scansOf = scans.get(options);
    if (!scansOf) scans.set(options, (scansOf = {}));
    const key = wordSequence ? 'wordSequence' : 'all';
    return (scansOf[key] ??= new PrunedScan(options, modules.levenshtein, wordSequence));
  };

  class Dictionary {
    protected readonly options: Options;
    protected readonly scan: PrunedScan;
    constructor(options: Options, wordSequence = false) {
      this.options = options;
      this.scan = scanFor(options, wordSequence);
    }
    match(options: DictionaryMatchOptions): DictionaryMatch[] {
      return this.scan.match(options);
    }
  }

  /** l33t.cjs MatchL33t.match over the pruned scan. */
  class L33t extends Dictionary {
    override match(matchOptions: DictionaryMatchOptions): DictionaryMatch[] {
      const { password } = matchOptions;
      const matches: DictionaryMatch[] = [];
      const subbedPasswords = modules.getCleanPasswords(password, this.options.l33tMaxSubstitutions, this.options.trieNodeRoot);
      let hasFullMatch = false;
      for (const subbed of subbedPasswords) {
        if (hasFullMatch) break;
        for (const match of this.scan.match({ ...matchOptions, password: subbed.password, useLevenshtein: subbed.isFullSubstitution })) {
          const extras = l33tExtras(subbed, match.i, match.j);
          if (!hasFullMatch) hasFullMatch = extras.i === 0 && extras.j === password.length - 1;
          const token = password.slice(extras.i, extras.j + 1);
          const l33tMatch = { ...match, l33t: true, token, ...extras };
          const alreadyIncluded = matches.some((m) => m.i === l33tMatch.i && m.j === l33tMatch.j && m.dictionaryName === l33tMatch.dictionaryName && m.matchedWord === l33tMatch.matchedWord);
          if (token.toLowerCase() !== match.matchedWord && !alreadyIncluded) matches.push(l33tMatch);
        }
      }
      // Single-character l33t matches are noise ('1' → 'i'), as in the stock matcher.
      return matches.filter((match) => match.token.length > 1);
    }
  }

  /** reverse.cjs MatchReverse.match over the pruned scan. */
  class Reverse extends Dictionary {
    override match(matchOptions: DictionaryMatchOptions): DictionaryMatch[] {
      const length = matchOptions.password.length;
      return this.scan.match({ ...matchOptions, password: reversed(matchOptions.password) }).map((match) => ({
        ...match,
        token: reversed(match.token),
        reversed: true,
        i: length - 1 - match.j,
        j: length - 1 - match.i,
      }));
    }
  }

  /** The stock word-sequence matcher with its three dictionary matchers pruned. */
  class WordSequence extends modules.WordSequence {
    constructor(options: Options) {
      super(options);
      Object.assign(this, { dictionary: new Dictionary(options, true), dictionaryL33t: new L33t(options, true), dictionaryReverse: new Reverse(options, true) });
    }
  }

  const dictionaryScoring = load(`${CORE}/matcher/dictionary/scoring.cjs`) as Matcher['scoring'];
  const dictionaryFeedback = load(`${CORE}/matcher/dictionary/feedback.cjs`) as Matcher['feedback'];
  const dictionaryMatcher = (Matching: typeof Dictionary): Matcher => ({ Matching: Matching as unknown as Matcher['Matching'], scoring: dictionaryScoring, feedback: dictionaryFeedback });
  return {
    dictionary: dictionaryMatcher(Dictionary),
    dictionaryL33t: dictionaryMatcher(L33t),
    dictionaryReverse: dictionaryMatcher(Reverse),
    wordSequence: {
      Matching: WordSequence as unknown as Matcher['Matching'],
      scoring: load(`${CORE}/matcher/wordSequence/scoring.cjs`) as Matcher['scoring'],
      feedback: load(`${CORE}/matcher/wordSequence/feedback.cjs`) as Matcher['feedback'],
    },
  };
}
