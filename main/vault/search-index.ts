// In-memory fuzzy search over account summaries (name, URL hosts, username, tags),
// built after unlock and dropped on lock. Ranking: a field that starts with the query
// beats a word inside a field that starts with it, beats a plain substring, beats a
// subsequence from a word start ("gthb" → "github"); name outranks host, username and
// tags. Every token must match. The text of all accounts lives in one lower-cased string
// with a dictionary of its words (search-words.ts): a token looks up the words it starts
// or lies inside and scores their occurrences, so a query costs about its matches, not
// the size of the vault; the rarest token goes first and later ones only look inside the
// items it matched (a token's matches never depend on the others, so order is only work).
// The first search after a change checks each item instead and leaves the dictionary to
// the second; a new process (the CLI) restores the whole index, dictionary included, from
// the sealed search snapshot (search-snapshot.ts) when it is current.
import {
  FIELD_COUNT,
  FIELD_SEP,
  FIELD_WEIGHT,
  ITEM_SEP,
  TIER,
  fieldAt,
  hitScore,
  isBoundary,
  normalizeForSearch,
  subsequenceScore,
  subsequenceScoreIn,
  substringScoreIn,
  walkSubsequence,
  type ItemLayout,
} from './search-text';
import type { IndexParts } from './search-snapshot';
import { buildWordIndex, charBits, forEachInnerHit, itemChars, occurrenceItem, occurrencePos, wordLength, wordsStartingWith, type WordIndex } from './search-words';

export { normalizeForSearch } from './search-text';

export interface SearchDoc {
  id: string;
  name: string;
  hosts: readonly string[];
  username: string;
  tags: readonly string[];
}

export interface SearchHit {
  id: string;
  score: number;
}

/** Later tokens check each remaining item directly when at most this many remain. */
const CHECK_EACH_BELOW = 1000;

interface Built extends ItemLayout {
  text: string;
  ids: string[];
  nameLengths: Uint16Array;
  /**
   * Built by the second search after a change: the first one checks each item instead (a
   * CLI search, or the first keystroke after unlock, answers without building it).
   */
  words: WordIndex | null;
  searches: number;
  /** Scratch for one token: its score per item (0 = no match) and the items it touched. */
  scores: Int32Array;
  touched: Int32Array;
  touchedCount: number;
  /** Scratch: 1 for the items still in the running (later tokens). */
  inScope: Uint8Array;
  /** Scratch for subsequences: leftmost start and end per item, -1 when none yet. */
  subStart: Int32Array;
  subLast: Int32Array;
}

export class SearchIndex {
  private readonly docs = new Map<string, SearchDoc>();
  private built: Built | null = null;
  /** True while the index is one restored from a snapshot: it has no docs to change, only clear(). */
  private restoredOnly = false;

  set(doc: SearchDoc): void {
    this.assertEditable();
    this.docs.set(doc.id, doc);
    this.built = null;
  }

  remove(id: string): void {
    this.assertEditable();
    if (this.docs.delete(id)) this.built = null;
  }

  clear(): void {
    this.docs.clear();
    this.built = null;
    this.restoredOnly = false;
  }

  get size(): number {
    return this.restoredOnly ? this.built!.ids.length : this.docs.size;
  }

  get restored(): boolean {
    return this.restoredOnly;
  }

  /** Answers from a snapshot's parts (search-snapshot.ts) instead of docs; clear() before set(). */
  restore(parts: IndexParts): void {
    this.docs.clear();
    this.built = withScratch(parts, 1);
    this.restoredOnly = true;
  }

  /** The built index with its word dictionary (built now when missing), for a snapshot. */
  parts(): IndexParts {
    const built = (this.built ??= build(this.docs));
    built.words ??= buildWordIndex(built.text, built);
    const { text, ids, itemStarts, fieldStarts, nameLengths, words } = built;
    return { text, ids, itemStarts, fieldStarts, nameLengths, words };
  }

  private assertEditable(): void {
    if (this.restoredOnly) throw new Error('a search index restored from a snapshot is replaced, not edited: clear() it first');
  }

  /** Best first; [] for a blank query. The first search after a change rebuilds the index. */
  search(query: string, limit = 50): SearchHit[] {
    const tokens = normalizeForSearch(query)
      .split(/\s+/)
      .filter((t) => t !== '');
    if (tokens.length === 0 || limit <= 0) return [];
    const built = (this.built ??= build(this.docs));
    if (built.searches++ > 0) built.words ??= buildWordIndex(built.text, built);
    if (built.words !== null && tokens.length > 1) rarestFirst(built.words, tokens);
    const n = built.ids.length;
    let candidates: Int32Array | null = null;
    let totals: Int32Array | null = null;
    for (const token of tokens) {
      // Few items left: score only them (substring matches counted among them, as a
      // fallback to subsequences); many: score the token everywhere.
      const scope = candidates !== null && candidates.length * 8 < n ? candidates : null;
      scoreToken(built, token, limit, scope);
      if (candidates === null || totals === null) {
        candidates = built.touched.slice(0, built.touchedCount).sort();
        totals = candidates.map((item) => built.scores[item]!);
      } else {
        let kept = 0;
        for (let k = 0; k < candidates.length; k++) {
          const score = built.scores[candidates[k]!]!;
          if (score === 0) continue;
          candidates[kept] = candidates[k]!;
          totals[kept++] = totals[k]! + score;
        }
        candidates = candidates.subarray(0, kept);
        totals = totals.subarray(0, kept);
      }
      resetToken(built);
      if (candidates.length === 0) return [];
    }
    return topHits(built, candidates!, totals!, limit);
  }
}

/**
 * Orders tokens by how many occurrences start with their rarest run of word characters (a
 * lower bound of their matches, from the dictionary), so the first token, the one scored over
 * every item, is the most selective and the others only look at its few matches: "app 4242"
 * at 100k accounts scores "4242" everywhere, then "app" in ~50 items, not "app" in 100k.
 * A token's matches do not depend on the others (see scoreToken), so the order changes only
 * the work; a one-character token (field starts only) goes last.
 */
function rarestFirst(words: WordIndex, tokens: string[]): void {
  const estimate = new Map<string, number>();
  for (const token of tokens) {
    let fewest = Number.MAX_SAFE_INTEGER;
    if (token.length > 1) {
      for (const run of wordRuns(token)) {
        const [from, to] = wordsStartingWith(words, token.slice(run.start, run.end));
        fewest = Math.min(fewest, words.occStarts[to]! - words.occStarts[from]!);
      }
    }
    estimate.set(token, fewest);
  }
  tokens.sort((a, b) => estimate.get(a)! - estimate.get(b)!);
}

function build(docs: Map<string, SearchDoc>): Built {
  const n = docs.size;
  const ids: string[] = new Array<string>(n);
  const parts: string[] = new Array<string>(n);
  const itemStarts = new Int32Array(n + 1);
  const fieldStarts = new Int32Array(n * FIELD_COUNT);
  const nameLengths = new Uint16Array(n);
  let offset = 0;
  let i = 0;
  for (const doc of docs.values()) {
    const name = normalizeForSearch(doc.name);
    const fields = [name, normalizeForSearch(doc.hosts.join(' ')), normalizeForSearch(doc.username), normalizeForSearch(doc.tags.join(' '))];
    offset += ITEM_SEP.length;
    itemStarts[i] = offset;
    for (let f = 0; f < FIELD_COUNT; f++) {
      fieldStarts[i * FIELD_COUNT + f] = offset;
      offset += fields[f]!.length + FIELD_SEP.length;
    }
    offset -= FIELD_SEP.length;
    ids[i] = doc.id;
    nameLengths[i] = Math.min(name.length, 65535);
    parts[i] = ITEM_SEP + fields.join(FIELD_SEP);
    i++;
  }
  itemStarts[n] = offset + 1;
  return withScratch({ text: parts.join(''), ids, itemStarts, fieldStarts, nameLengths, words: null }, 0);
}

/** A built index: its parts, `searches` so far, and the scratch arrays a search works in. */
function withScratch(parts: Omit<IndexParts, 'words'> & { words: IndexParts['words'] | null }, searches: number): Built {
  const n = parts.ids.length;
  const subStart = new Int32Array(n).fill(-1);
  return {
    ...parts,
    searches,
    scores: new Int32Array(n),
    touched: new Int32Array(n),
    touchedCount: 0,
    inScope: new Uint8Array(n),
    subStart,
    subLast: new Int32Array(n),
  };
}

function record(built: Built, item: number, score: number): void {
  const previous = built.scores[item]!;
  if (previous === 0) built.touched[built.touchedCount++] = item;
  if (score > previous) built.scores[item] = score;
}

function resetToken(built: Built): void {
  for (let k = 0; k < built.touchedCount; k++) built.scores[built.touched[k]!] = 0;
  built.touchedCount = 0;
}

/**
 * Fills built.scores / built.touched for one token, over every item or only `scope`. A
 * one-character token only matches at the start of a field. Subsequences are a fallback
 * for abbreviations and typos: they must start at a word, and are tried only when fewer
 * than `limit` items of the whole index contain the token.
 */
function scoreToken(built: Built, token: string, limit: number, scope: Int32Array | null): void {
  if (scope !== null) for (const item of scope) built.inScope[item] = 1;
  try {
    if (token.length === 1) {
      scoreFieldStarts(built, token, scope);
      return;
    }
    let matched: number;
    if (built.words === null || (scope !== null && scope.length <= CHECK_EACH_BELOW)) {
      const need = charBits(token);
      forEachItem(built, scope, (item) => {
        if (!couldHold(built, item, need)) return;
        const score = substringScoreIn(built.text, built, item, token);
        if (score > 0) record(built, item, score);
      });
      matched = scope === null ? built.touchedCount : itemsContaining(built, token, limit);
    } else {
      // Scored over every item, so touched counts them all.
      scoreSubstrings(built, built.words, token);
      matched = built.touchedCount;
    }
    // Whether a token falls back to subsequences depends on it alone (how many items of the
    // whole index contain it), never on the tokens before it: the order of tokens never matters.
    if (matched < limit) scoreSubsequences(built, token, scope);
  } finally {
    if (scope !== null) for (const item of scope) built.inScope[item] = 0;
  }
}

function forEachItem(built: Built, scope: Int32Array | null, visit: (item: number) => void): void {
  if (scope === null) for (let item = 0; item < built.ids.length; item++) visit(item);
  else for (const item of scope) visit(item);
}

/** False when the item lacks one of the characters in `need` (charBits); true without the dictionary. */
function couldHold(built: Built, item: number, need: number): boolean {
  return built.words === null || (itemChars(built.words, item) & need) === need;
}

/**
 * How many items contain `token` (two characters or more; a token never holds a separator,
 * so each hit lies in one field), counted up to `cap`: one native scan of the index text
 * that skips to the next item after a hit and stops at the cap.
 */
function itemsContaining(built: Built, token: string, cap: number): number {
  const { text, itemStarts } = built;
  let count = 0;
  for (let at = text.indexOf(token); at !== -1 && count < cap; count++) {
    const item = itemAt(itemStarts, at);
    at = text.indexOf(token, itemStarts[item + 1]!);
  }
  return count;
}

/** The item whose text holds position `pos`: the last start at or before it. */
function itemAt(itemStarts: Int32Array, pos: number): number {
  let lo = 0;
  let hi = itemStarts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (itemStarts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function scoreFieldStarts(built: Built, char: string, scope: Int32Array | null): void {
  const code = char.charCodeAt(0);
  const score = (item: number): void => {
    for (let field = 0; field < FIELD_COUNT; field++) {
      if (built.text.charCodeAt(built.fieldStarts[item * FIELD_COUNT + field]!) === code) {
        record(built, item, TIER.fieldPrefix + FIELD_WEIGHT[field]!);
        return;
      }
    }
  };
  forEachItem(built, scope, score);
}

/** Every item containing `token`, scored by its best hit. */
function scoreSubstrings(built: Built, words: WordIndex, token: string): void {
  const runs = wordRuns(token);
  if (runs.length === 1 && runs[0]!.start === 0 && runs[0]!.end === token.length) scoreWholeWordToken(built, words, token);
  else if (runs.length > 0) scoreSpanningToken(built, words, token, runs);
  else {
    // Only boundary characters: look at every item.
    const need = charBits(token);
    forEachItem(built, null, (item) => {
      if (!couldHold(built, item, need)) return;
      const score = substringScoreIn(built.text, built, item, token);
      if (score > 0) record(built, item, score);
    });
  }
}

/** A token without boundary characters lies inside one word: its tier follows from where. */
function scoreWholeWordToken(built: Built, words: WordIndex, token: string): void {
  const [from, to] = wordsStartingWith(words, token);
  for (let w = from; w < to; w++) scoreOccurrences(built, words, w, true);
  let last = -1;
  forEachInnerHit(words, token, (w) => {
    if (w !== last) scoreOccurrences(built, words, w, false);
    last = w;
  });
}

function scoreOccurrences(built: Built, words: WordIndex, word: number, atWordStart: boolean): void {
  for (let o = words.occStarts[word]!; o < words.occStarts[word + 1]!; o++) {
    const item = occurrenceItem(words, o);
    const pos = occurrencePos(words, built, o, item);
    const field = fieldAt(built, item, pos);
    const tier = !atWordStart ? TIER.substring : pos === built.fieldStarts[item * FIELD_COUNT + field] ? TIER.fieldPrefix : TIER.wordPrefix;
    record(built, item, tier + FIELD_WEIGHT[field]!);
  }
}

interface Run {
  start: number;
  end: number;
}

/** The runs of word characters in a token. */
function wordRuns(token: string): Run[] {
  const runs: Run[] = [];
  let start = -1;
  for (let k = 0; k <= token.length; k++) {
    const inWord = k < token.length && !isBoundary(token.charCodeAt(k));
    if (inWord && start < 0) start = k;
    if (!inWord && start >= 0) {
      runs.push({ start, end: k });
      start = -1;
    }
  }
  return runs;
}

/**
 * A token that spans word boundaries: every occurrence of it holds each of its runs of word
 * characters in a word, one after a boundary at the start of that word, one before a
 * boundary at its end. Takes the run with the fewest occurrences among those that start a
 * word (a range of the sorted dictionary), else the first run (inside or at the end of a
 * word), and checks the token at each place that run occurs.
 */
function scoreSpanningToken(built: Built, words: WordIndex, token: string, runs: Run[]): void {
  const { text } = built;
  const check = (word: number, offset: number): void => {
    for (let o = words.occStarts[word]!; o < words.occStarts[word + 1]!; o++) {
      const item = occurrenceItem(words, o);
      const pos = occurrencePos(words, built, o, item) + offset;
      if (text.startsWith(token, pos)) record(built, item, hitScore(text, built, item, pos));
    }
  };
  let best: { run: Run; range: [number, number]; occurrences: number } | null = null;
  for (const run of runs) {
    if (run.start === 0) continue;
    const range = wordsStartingWith(words, token.slice(run.start, run.end));
    const occurrences = words.occStarts[range[1]]! - words.occStarts[range[0]]!;
    if (best === null || occurrences < best.occurrences) best = { run, range, occurrences };
  }
  const run = best?.run ?? runs[0]!;
  const part = token.slice(run.start, run.end);
  const endsWord = run.end < token.length;
  const [from, to] = best?.range ?? wordsStartingWith(words, part);
  for (let w = from; w < to; w++) if (!endsWord || wordLength(words, w) === part.length) check(w, -run.start);
  if (best !== null) return;
  forEachInnerHit(words, part, (w, offset) => {
    if (!endsWord || offset + part.length === wordLength(words, w)) check(w, offset);
  });
}

/**
 * For items (in scope) without a substring match: the leftmost match of
 * c1[^c2]*c2[^c3]*c3… that starts at a word and stays inside one field.
 */
function scoreSubsequences(built: Built, token: string, scope: Int32Array | null): void {
  const first = token.charCodeAt(0);
  const need = charBits(token);
  const eligible = (item: number): boolean => built.scores[item] === 0 && (scope === null || built.inScope[item] === 1) && couldHold(built, item, need);
  const { words, subStart, subLast, text } = built;
  if (words === null || isBoundary(first) || (scope !== null && scope.length <= CHECK_EACH_BELOW)) {
    // No dictionary yet, few items, or a token that starts with a boundary character (no word starts with it).
    forEachItem(built, scope, (item) => {
      if (!eligible(item)) return;
      const score = subsequenceScoreIn(built.text, built, item, token);
      if (score > 0) record(built, item, score);
    });
    return;
  }
  const [from, to] = wordsStartingWith(words, token[0]!);
  const found: number[] = [];
  for (let o = words.occStarts[from]!; o < words.occStarts[to]!; o++) {
    const item = occurrenceItem(words, o);
    const pos = occurrencePos(words, built, o, item);
    if (!eligible(item) || (subStart[item] !== -1 && subStart[item]! < pos)) continue;
    if ((words.fieldChars[item * FIELD_COUNT + fieldAt(built, item, pos)]! & need) !== need) continue;
    const last = walkSubsequence(text, pos, token);
    if (last === -1) continue;
    if (subStart[item] === -1) found.push(item);
    subStart[item] = pos;
    subLast[item] = last;
  }
  for (const item of found) {
    const start = subStart[item]!;
    record(built, item, subsequenceScore(fieldAt(built, item, start), start, subLast[item]!, token.length));
    subStart[item] = -1;
  }
}

/** Keeps the `limit` best without sorting every match; ties go to the shorter name, then to index order. */
function topHits(built: Built, candidates: Int32Array, totals: Int32Array, limit: number): SearchHit[] {
  const best: { index: number; score: number; rank: number }[] = [];
  for (let k = 0; k < candidates.length; k++) {
    const index = candidates[k]!;
    const rank = totals[k]! - built.nameLengths[index]! / 100_000;
    if (best.length === limit && rank <= best[limit - 1]!.rank) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.rank < rank) at--;
    best.splice(at, 0, { index, score: totals[k]!, rank });
    if (best.length > limit) best.pop();
  }
  return best.map(({ index, score }) => ({ id: built.ids[index]!, score }));
}
