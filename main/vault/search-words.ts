// The word dictionary of the search index: every distinct word of the index text (a run
// of characters between boundaries, inside one field), sorted, with the positions it
// occurs at. A token finds the words it starts (binary search) or lies inside (one scan
// of the words' tails, a fraction of the text when words repeat), and from their
// occurrences its items, without reading the text of every account. Pure.
import { FIELD_COUNT, FIELD_SEP_CODE, ITEM_SEP, ITEM_SEP_CODE, isBoundary, type ItemLayout } from './search-text';

export interface WordIndex {
  /** The sorted distinct words, each after a "\n". */
  readonly words: string;
  /** Start of word w in `words`; wordStarts[w + 1] - 1 is its end. */
  readonly wordStarts: Int32Array;
  /** Every word without its first character, in the same order and layout. */
  readonly tails: string;
  readonly tailStarts: Int32Array;
  /** Occurrences of word w are [occStarts[w], occStarts[w + 1]) of `occ`, in text order. */
  readonly occStarts: Int32Array;
  /** An occurrence packed as item * occScale + its offset in the item (see occurrenceItem). */
  readonly occ: Int32Array | Float64Array;
  readonly occScale: number;
  /** Per field of each item ([item * 4 + field]), the characters it contains as bits (see charBits): a quick "cannot match". */
  readonly fieldChars: Uint32Array;
}

/** The characters of a whole item as bits. */
export function itemChars(index: WordIndex, item: number): number {
  const at = item * FIELD_COUNT;
  return index.fieldChars[at]! | index.fieldChars[at + 1]! | index.fieldChars[at + 2]! | index.fieldChars[at + 3]!;
}

export function occurrenceItem(index: WordIndex, o: number): number {
  return Math.floor(index.occ[o]! / index.occScale);
}

export function occurrencePos(index: WordIndex, layout: ItemLayout, o: number, item: number): number {
  return layout.itemStarts[item]! + index.occ[o]! - item * index.occScale;
}

/** One bit per letter a–z, the other characters folded onto the six bits left. */
export function charBits(text: string): number {
  let bits = 0;
  for (let k = 0; k < text.length; k++) bits |= charBit(text.charCodeAt(k));
  return bits;
}

function charBit(code: number): number {
  return 1 << (code >= 97 && code <= 122 ? code - 97 : 26 + (code % 6));
}

function isWordChar(code: number): boolean {
  return code !== FIELD_SEP_CODE && code !== ITEM_SEP_CODE && !isBoundary(code);
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function grow(array: Int32Array, size: number): Int32Array {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}

/**
 * Distinct words by their text, without making a string of every occurrence: an open
 * addressing table of word ids, keyed by an FNV-1a hash of the characters.
 */
class WordTable {
  private slots: Int32Array = new Int32Array(1 << 16);
  private first: Int32Array = new Int32Array(1 << 14);
  private length: Int32Array = new Int32Array(1 << 14);
  private hashes: Int32Array = new Int32Array(1 << 14);
  size = 0;

  constructor(private readonly text: string) {}

  /** The id of the word at [start, start + length) with `hash`, added when new. */
  idOf(start: number, length: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) {
        const id = this.add(start, length, hash);
        this.slots[slot] = id + 1;
        if (this.size * 2 > this.slots.length) this.rehash();
        return id;
      }
      const id = entry - 1;
      if (this.hashes[id] === hash && this.length[id] === length && this.same(this.first[id]!, start, length)) return id;
    }
  }

  /** The id of a word already in the table (-1 if absent). */
  find(word: string): number {
    let hash = FNV_OFFSET;
    for (let k = 0; k < word.length; k++) hash = Math.imul(hash ^ word.charCodeAt(k), FNV_PRIME);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; this.slots[slot] !== 0; slot = (slot + 1) & mask) {
      const id = this.slots[slot]! - 1;
      if (this.hashes[id] === hash && this.length[id] === word.length && this.text.startsWith(word, this.first[id])) return id;
    }
    return -1;
  }

  word(id: number): string {
    return this.text.slice(this.first[id], this.first[id]! + this.length[id]!);
  }

  private same(a: number, b: number, length: number): boolean {
    for (let k = 0; k < length; k++) if (this.text.charCodeAt(a + k) !== this.text.charCodeAt(b + k)) return false;
    return true;
  }

  private add(start: number, length: number, hash: number): number {
    if (this.size === this.first.length) {
      this.first = grow(this.first, this.size * 2);
      this.length = grow(this.length, this.size * 2);
      this.hashes = grow(this.hashes, this.size * 2);
    }
    this.first[this.size] = start;
    this.length[this.size] = length;
    this.hashes[this.size] = hash;
    return this.size++;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.hashes[id]! & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = id + 1;
    }
  }
}

export function buildWordIndex(text: string, layout: ItemLayout): WordIndex {
  // Two passes over the text rather than a list of every occurrence to sort: at 100k
  // accounts that list is ~10 MB more at the moment memory peaks (summaries just decoded).
  const table = new WordTable(text);
  const fieldChars = new Uint32Array((layout.itemStarts.length - 1) * FIELD_COUNT);
  let counts: Int32Array = new Int32Array(1024);
  let total = 0;
  scanWords(text, layout, fieldChars, (start, length, hash) => {
    const id = table.idOf(start, length, hash);
    if (id === counts.length) counts = grow(counts, counts.length * 2);
    counts[id]!++;
    total++;
  });
  const sorted = Array.from({ length: table.size }, (_, id) => table.word(id)).sort();
  const rankOf = new Int32Array(sorted.length);
  sorted.forEach((word, rank) => (rankOf[table.find(word)] = rank));
  const occStarts = new Int32Array(sorted.length + 1);
  for (let id = 0; id < sorted.length; id++) occStarts[rankOf[id]! + 1] = counts[id]!;
  for (let w = 0; w < sorted.length; w++) occStarts[w + 1]! += occStarts[w]!;
  const fill = occStarts.slice(0, sorted.length);
  const { scale, make } = packing(layout);
  const occ = make(total);
  scanWords(text, layout, null, (start, length, hash, item) => {
    occ[fill[rankOf[table.idOf(start, length, hash)]!]!++] = item * scale + start - layout.itemStarts[item]!;
  });
  const [words, wordStarts] = joined(sorted);
  const [tails, tailStarts] = joined(sorted.map((word) => word.slice(1)));
  return { words, wordStarts, tails, tailStarts, occStarts, occ, occScale: scale, fieldChars };
}

/** Item and offset in one 32-bit number when they fit (4 bytes an occurrence), else in a double. */
function packing(layout: ItemLayout): { scale: number; make: (length: number) => Int32Array | Float64Array } {
  const items = layout.itemStarts.length - 1;
  let longest = 0;
  for (let i = 0; i < items; i++) longest = Math.max(longest, layout.itemStarts[i + 1]! - layout.itemStarts[i]!);
  let scale = 1;
  while (scale < longest) scale *= 2;
  return { scale, make: items * scale < 2 ** 31 ? (length) => new Int32Array(length) : (length) => new Float64Array(length) };
}

/**
 * Calls `onWord` for every word in text order (with the FNV-1a hash of its characters) and,
 * when given `fieldChars`, records the characters of every field. Kept apart so it compiles on its own.
 */
function scanWords(
  text: string,
  layout: ItemLayout,
  fieldChars: Uint32Array | null,
  onWord: (start: number, length: number, hash: number, item: number) => void,
): void {
  const itemStarts = layout.itemStarts;
  let item = 0;
  let field = 0;
  let start = -1;
  let hash = 0;
  for (let pos = 0; pos <= text.length; pos++) {
    const code = pos < text.length ? text.charCodeAt(pos) : ITEM_SEP_CODE;
    if (pos >= itemStarts[item + 1]!) {
      item++;
      field = 0;
    }
    if (code === FIELD_SEP_CODE) field++;
    else if (fieldChars !== null && code !== ITEM_SEP_CODE) fieldChars[item * FIELD_COUNT + field] = fieldChars[item * FIELD_COUNT + field]! | charBit(code);
    if (isWordChar(code)) {
      if (start < 0) {
        start = pos;
        hash = FNV_OFFSET;
      }
      hash = Math.imul(hash ^ code, FNV_PRIME);
    } else if (start >= 0) {
      onWord(start, pos - start, hash, item);
      start = -1;
    }
  }
}

/** "\n"-joined, with the start of each part (and one past the last part's end + 1). */
function joined(parts: readonly string[]): [string, Int32Array] {
  const starts = new Int32Array(parts.length + 1);
  let offset = 1;
  parts.forEach((part, i) => {
    starts[i] = offset;
    offset += part.length + 1;
  });
  starts[parts.length] = offset;
  return [ITEM_SEP + parts.join(ITEM_SEP), starts];
}

export function wordCount(index: WordIndex): number {
  return index.wordStarts.length - 1;
}

export function wordLength(index: WordIndex, word: number): number {
  return index.wordStarts[word + 1]! - 1 - index.wordStarts[word]!;
}

/** < 0, 0, > 0 as word `w` cut to the length of `prefix` sorts before, equal to, after it. */
function comparePrefix(index: WordIndex, w: number, prefix: string): number {
  const start = index.wordStarts[w]!;
  const length = wordLength(index, w);
  for (let k = 0; k < prefix.length; k++) {
    if (k >= length) return -1;
    const d = index.words.charCodeAt(start + k) - prefix.charCodeAt(k);
    if (d !== 0) return d;
  }
  return 0;
}

/** The words that start with `prefix`: [from, to). */
export function wordsStartingWith(index: WordIndex, prefix: string): [number, number] {
  const bound = (strict: boolean): number => {
    let lo = 0;
    let hi = wordCount(index);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = comparePrefix(index, mid, prefix);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [bound(false), bound(true)];
}

/** Calls `visit(word, offset)` for every occurrence of `part` inside a word, after its first character. */
export function forEachInnerHit(index: WordIndex, part: string, visit: (word: number, offset: number) => void): void {
  const { tails, tailStarts } = index;
  let word = 0;
  for (let at = tails.indexOf(part); at !== -1; at = tails.indexOf(part, at + 1)) {
    // Hits come in order: gallop forward to the tail that holds `at`.
    let step = 1;
    while (word + step < tailStarts.length - 1 && tailStarts[word + step]! <= at) step *= 2;
    let lo = word;
    let hi = Math.min(word + step, tailStarts.length - 1);
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (tailStarts[mid]! <= at) lo = mid;
      else hi = mid;
    }
    word = lo;
    visit(word, at - tailStarts[word]! + 1);
  }
}
