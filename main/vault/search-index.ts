// In-memory fuzzy search over account summaries (name, URL hosts, username, tags),
// built after unlock and dropped on lock. Ranking: a field that starts with the query
// beats a word inside a field that starts with it, beats a plain substring, beats a
// subsequence from a word start ("gthb" → "github"); name outranks host, username and
// tags. Every token must match. The text of all accounts lives in one lower-cased string,
// so matching is a few native indexOf / regex scans instead of 100k small string calls.

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

/** name, host, username, tag */
const FIELD_WEIGHT = [40, 30, 20, 10];
const TIER = { fieldPrefix: 400, wordPrefix: 300, substring: 200, subsequence: 100 } as const;
const ITEM_SEP = '\n';
const FIELD_SEP = '\x01';
const WORD_BOUNDARY = new Set([' ', '.', '-', '_', '@', '/', ':', '+']);

/** Lower case, no diacritics, no separator characters: the same for documents and queries. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // \n and \u0001 separate fields and items in the index text; never let them into a term.
    .replaceAll('\n', ' ')
    .replaceAll(FIELD_SEP, ' ');
}

interface Built {
  text: string;
  ids: string[];
  /** Start of item i's first field; itemStarts[n] = text.length. */
  itemStarts: Int32Array;
  /** Start of field f of item i at [i * 4 + f]. */
  fieldStarts: Int32Array;
  nameLengths: Uint16Array;
}

export class SearchIndex {
  private readonly docs = new Map<string, SearchDoc>();
  private built: Built | null = null;

  set(doc: SearchDoc): void {
    this.docs.set(doc.id, doc);
    this.built = null;
  }

  remove(id: string): void {
    if (this.docs.delete(id)) this.built = null;
  }

  clear(): void {
    this.docs.clear();
    this.built = null;
  }

  get size(): number {
    return this.docs.size;
  }

  /** Best first; [] for a blank query. The first search after a change rebuilds the text. */
  search(query: string, limit = 50): SearchHit[] {
    const tokens = normalizeForSearch(query)
      .split(/\s+/)
      .filter((t) => t !== '');
    if (tokens.length === 0 || limit <= 0) return [];
    const built = (this.built ??= this.build());
    let total: Float64Array | null = null;
    let candidates: Int32Array | null = null;
    for (const token of tokens) {
      const scores = scoreToken(built, token, limit, candidates);
      const next: number[] = [];
      if (total === null || candidates === null) {
        total = scores;
        for (let i = 0; i < scores.length; i++) if (scores[i]! > 0) next.push(i);
      } else {
        for (const i of candidates) {
          total[i] = scores[i]! > 0 ? total[i]! + scores[i]! : 0;
          if (total[i]! > 0) next.push(i);
        }
      }
      candidates = Int32Array.from(next);
      if (candidates.length === 0) return [];
    }
    return topHits(built, total!, candidates!, limit);
  }

  private build(): Built {
    const n = this.docs.size;
    const ids: string[] = new Array<string>(n);
    const parts: string[] = new Array<string>(n);
    const itemStarts = new Int32Array(n + 1);
    const fieldStarts = new Int32Array(n * 4);
    const nameLengths = new Uint16Array(n);
    let offset = 0;
    let i = 0;
    for (const doc of this.docs.values()) {
      const fields = [doc.name, doc.hosts.join(' '), doc.username, doc.tags.join(' ')].map(normalizeForSearch);
      offset += ITEM_SEP.length;
      itemStarts[i] = offset;
      for (let f = 0; f < 4; f++) {
        fieldStarts[i * 4 + f] = offset;
        offset += fields[f]!.length + FIELD_SEP.length;
      }
      offset -= FIELD_SEP.length;
      ids[i] = doc.id;
      nameLengths[i] = Math.min(fields[0]!.length, 65535);
      parts[i] = ITEM_SEP + fields.join(FIELD_SEP);
      i++;
    }
    itemStarts[n] = offset + 1;
    return { text: parts.join(''), ids, itemStarts, fieldStarts, nameLengths };
  }
}

/**
 * One score per item for one token (0 = no match), over every item or only `candidates`.
 * A one-character token only matches at the start of a field. Subsequences are a
 * fallback for abbreviations and typos: they must start at a word, and are tried only
 * when fewer than `limit` items contain the token.
 */
function scoreToken(built: Built, token: string, limit: number, candidates: Int32Array | null): Float64Array {
  const scores = new Float64Array(built.ids.length);
  if (token.length === 1) {
    scoreFieldStarts(built, token, scores, candidates);
    return scores;
  }
  // Few candidates: look inside each; many: one scan of the whole text is cheaper.
  const within = candidates !== null && candidates.length * 8 < built.ids.length ? candidates : null;
  const matched = within === null ? scoreSubstringsEverywhere(built, token, scores) : scoreSubstringsIn(built, token, scores, within);
  if (matched < limit) scoreSubsequences(built, token, scores, within);
  return scores;
}

function fieldOf(built: Built, item: number, pos: number): number {
  let field = 3;
  while (built.fieldStarts[item * 4 + field]! > pos) field--;
  return field;
}

function fieldEnd(built: Built, item: number, field: number): number {
  return field < 3 ? built.fieldStarts[item * 4 + field + 1]! : built.itemStarts[item + 1]!;
}

/** Scores a substring hit at `pos`; returns where to look next (a field-start hit is the best its field can give). */
function scoreHit(built: Built, item: number, pos: number, scores: Float64Array): number {
  const field = fieldOf(built, item, pos);
  const fieldStart = built.fieldStarts[item * 4 + field]!;
  const tier = pos === fieldStart ? TIER.fieldPrefix : WORD_BOUNDARY.has(built.text[pos - 1]!) ? TIER.wordPrefix : TIER.substring;
  const score = tier + FIELD_WEIGHT[field]!;
  if (score > scores[item]!) scores[item] = score;
  return tier === TIER.fieldPrefix ? fieldEnd(built, item, field) : pos + 1;
}

/** Returns how many items matched. Positions only grow, so the owning item is found by walking forward. */
function scoreSubstringsEverywhere(built: Built, token: string, scores: Float64Array): number {
  let matched = 0;
  let item = 0;
  for (let pos = built.text.indexOf(token); pos !== -1; ) {
    while (built.itemStarts[item + 1]! <= pos) item++;
    if (scores[item] === 0) matched++;
    pos = built.text.indexOf(token, scoreHit(built, item, pos, scores));
  }
  return matched;
}

/** Per item, on a slice, so a miss never scans the rest of the text. */
function scoreSubstringsIn(built: Built, token: string, scores: Float64Array, candidates: Int32Array): number {
  let matched = 0;
  for (const item of candidates) {
    const start = built.itemStarts[item]!;
    const slice = built.text.slice(start, built.itemStarts[item + 1]!);
    for (let at = slice.indexOf(token); at !== -1; ) {
      if (scores[item] === 0) matched++;
      at = slice.indexOf(token, scoreHit(built, item, start + at, scores) - start);
    }
  }
  return matched;
}

function scoreFieldStarts(built: Built, char: string, scores: Float64Array, candidates: Int32Array | null): void {
  const code = char.charCodeAt(0);
  const score = (item: number): void => {
    for (let field = 0; field < 4; field++) {
      if (built.text.charCodeAt(built.fieldStarts[item * 4 + field]!) === code) {
        scores[item] = TIER.fieldPrefix + FIELD_WEIGHT[field]!;
        return;
      }
    }
  };
  if (candidates === null) for (let item = 0; item < scores.length; item++) score(item);
  else for (const item of candidates) score(item);
}

/**
 * boundary c1[^c2]*c2[^c3]*c3…: starts at a word, never backtracks past the first
 * occurrence of the next character, never crosses a field or item separator.
 */
function scoreSubsequences(built: Built, token: string, scores: Float64Array, candidates: Int32Array | null): void {
  // UTF-16 units, like the regex (no 'u' flag) sees them.
  const chars = token.split('');
  const boundary = `[${escapeClass([...WORD_BOUNDARY].join(''))}${ITEM_SEP}${FIELD_SEP}]`;
  const rest = chars.map((c, k) => (k === 0 ? escapeRegex(c) : `[^${escapeClass(c)}${ITEM_SEP}${FIELD_SEP}]*${escapeRegex(c)}`)).join('');
  const regex = new RegExp(`${boundary}${rest}`, 'g');
  const record = (item: number, start: number, length: number): void => {
    if (scores[item] !== 0) return;
    // The match includes the boundary character before the word.
    scores[item] = TIER.subsequence + FIELD_WEIGHT[fieldOf(built, item, start + 1)]! - Math.min(length - 1 - token.length, 50);
  };
  if (candidates === null) {
    let item = 0;
    for (let match = regex.exec(built.text); match !== null; match = regex.exec(built.text)) {
      while (built.itemStarts[item + 1]! <= match.index + 1) item++;
      record(item, match.index, match[0].length);
      regex.lastIndex = built.itemStarts[item + 1]! - 1;
    }
    return;
  }
  for (const item of candidates) {
    if (scores[item] !== 0) continue;
    const start = built.itemStarts[item]! - 1; // from the item separator, which counts as a boundary
    regex.lastIndex = 0;
    const match = regex.exec(built.text.slice(start, built.itemStarts[item + 1]!));
    if (match !== null) record(item, start + match.index, match[0].length);
  }
}

/** Keeps the `limit` best without sorting every match; ties go to the shorter name. */
function topHits(built: Built, scores: Float64Array, candidates: Int32Array, limit: number): SearchHit[] {
  const best: { index: number; rank: number }[] = [];
  for (const i of candidates) {
    const rank = scores[i]! - built.nameLengths[i]! / 100_000;
    if (best.length === limit && rank <= best[limit - 1]!.rank) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.rank < rank) at--;
    best.splice(at, 0, { index: i, rank });
    if (best.length > limit) best.pop();
  }
  return best.map(({ index }) => ({ id: built.ids[index]!, score: scores[index]! }));
}

function escapeRegex(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

function escapeClass(c: string): string {
  return c.replace(/[\\\]^-]/g, '\\$&');
}
