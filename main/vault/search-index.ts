// In-memory fuzzy search over account summaries (name, URL hosts, username, tags),
// built after unlock and dropped on lock. Ranking: a field that starts with the query
// beats a word inside a field that starts with it, beats a plain substring, beats a
// subsequence ("gthb" → "github"); name outranks host, username and tags. Every token of
// the query must match. The text of all accounts lives in one lower-cased string so
// matching is a few native indexOf / regex scans instead of 100k small string calls.

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
    .replace(/[\n\x01]/g, ' ');
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
    const tokens = normalizeForSearch(query).split(/\s+/).filter((t) => t !== '');
    if (tokens.length === 0 || limit <= 0) return [];
    const built = (this.built ??= this.build());
    const n = built.ids.length;
    let total: Float64Array | null = null;
    for (const token of tokens) {
      const scores = scoreToken(built, token);
      if (total === null) total = scores;
      else for (let i = 0; i < n; i++) total[i] = total[i]! > 0 && scores[i]! > 0 ? total[i]! + scores[i]! : 0;
    }
    return topHits(built, total!, limit);
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

/** One score per item for one token (0 = no match). */
function scoreToken(built: Built, token: string): Float64Array {
  const { text, itemStarts, fieldStarts } = built;
  const n = built.ids.length;
  const scores = new Float64Array(n);
  let item = 0;
  // Substring pass: positions only grow, so the owning item is found by walking forward.
  for (let pos = text.indexOf(token); pos !== -1; ) {
    while (itemStarts[item + 1]! <= pos) item++;
    let field = 3;
    while (fieldStarts[item * 4 + field]! > pos) field--;
    const fieldStart = fieldStarts[item * 4 + field]!;
    const tier =
      pos === fieldStart ? TIER.fieldPrefix : WORD_BOUNDARY.has(text[pos - 1]!) ? TIER.wordPrefix : TIER.substring;
    const score = tier + FIELD_WEIGHT[field]!;
    if (score > scores[item]!) scores[item] = score;
    // A field-start match is the best this field can give: skip to the next field.
    const next = tier === TIER.fieldPrefix ? (field < 3 ? fieldStarts[item * 4 + field + 1]! : itemStarts[item + 1]!) : pos + 1;
    pos = text.indexOf(token, next);
  }
  if (token.length < 2) return scores;
  // Subsequence pass: c1[^c2]*c2[^c3]*c3… never backtracks past the first occurrence and
  // never crosses a field or item separator.
  // UTF-16 units, like the regex (no 'u' flag) sees them.
  const chars = token.split('');
  const pattern = chars
    .map((c, k) => (k === 0 ? escapeRegex(c) : `[^${escapeClass(c)}${ITEM_SEP}${FIELD_SEP}]*${escapeRegex(c)}`))
    .join('');
  const regex = new RegExp(pattern, 'g');
  item = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    const pos = match.index;
    while (itemStarts[item + 1]! <= pos) item++;
    if (scores[item] === 0) {
      let field = 3;
      while (fieldStarts[item * 4 + field]! > pos) field--;
      const spread = match[0].length - token.length;
      scores[item] = TIER.subsequence + FIELD_WEIGHT[field]! - Math.min(spread, 50);
    }
    regex.lastIndex = itemStarts[item + 1]!;
  }
  return scores;
}

/** Keeps the `limit` best without sorting every match; ties go to the shorter name. */
function topHits(built: Built, scores: Float64Array, limit: number): SearchHit[] {
  const best: { index: number; rank: number }[] = [];
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i]!;
    if (score === 0) continue;
    const rank = score - built.nameLengths[i]! / 100_000;
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
