// The text the search index matches against and the scoring of matches in it: one
// normalization for documents and queries, the layout of the index text (items separated
// by "\n", an item's four fields by "\u0001"), word boundaries, and the score a token gets
// inside one item (substring tiers, subsequence from a word start). Pure.

/** name, host, username, tag */
export const FIELD_WEIGHT = [40, 30, 20, 10] as const;
export const FIELD_COUNT = 4;
export const TIER = { fieldPrefix: 400, wordPrefix: 300, substring: 200, subsequence: 100 } as const;
export const ITEM_SEP = '\n';
export const FIELD_SEP = '\x01';
export const ITEM_SEP_CODE = 10;
export const FIELD_SEP_CODE = 1;
const BOUNDARY_CHARS = ' .-_@/:+';
const BOUNDARY = new Uint8Array(128);
for (const c of BOUNDARY_CHARS) BOUNDARY[c.charCodeAt(0)] = 1;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** A character that starts a new word after it (not the separators; see `startsWord`). */
export function isBoundary(code: number): boolean {
  return code < 128 && BOUNDARY[code] === 1;
}

/** True when the character before a position makes it a word start (a boundary or a separator). */
export function startsWord(previous: number): boolean {
  return previous === FIELD_SEP_CODE || previous === ITEM_SEP_CODE || isBoundary(previous);
}

/** Lower case, no diacritics, no separator characters: the same for documents and queries. */
export function normalizeForSearch(text: string): string {
  // Printable ASCII has no marks and no separators: lower-casing is all there is to do.
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // \n and \u0001 separate fields and items in the index text; never let them into a term.
    .replaceAll(ITEM_SEP, ' ')
    .replaceAll(FIELD_SEP, ' ');
}

/** Where each of one item's fields starts in the index text, and where the item ends. */
export interface ItemLayout {
  /** Absolute start of field f of item i at [i * 4 + f]. */
  readonly fieldStarts: Int32Array;
  /** Start of item i's first field; itemStarts[n] = text.length + 1. */
  readonly itemStarts: Int32Array;
}

export function fieldAt(layout: ItemLayout, item: number, pos: number): number {
  let field = FIELD_COUNT - 1;
  while (layout.fieldStarts[item * FIELD_COUNT + field]! > pos) field--;
  return field;
}

function fieldEnd(layout: ItemLayout, item: number, field: number): number {
  return field < FIELD_COUNT - 1 ? layout.fieldStarts[item * FIELD_COUNT + field + 1]! - 1 : layout.itemStarts[item + 1]! - 1;
}

/** The score of a substring hit at `pos` (2+ character tokens). */
export function hitScore(text: string, layout: ItemLayout, item: number, pos: number): number {
  const field = fieldAt(layout, item, pos);
  if (pos === layout.fieldStarts[item * FIELD_COUNT + field]) return TIER.fieldPrefix + FIELD_WEIGHT[field]!;
  return (isBoundary(text.charCodeAt(pos - 1)) ? TIER.wordPrefix : TIER.substring) + FIELD_WEIGHT[field]!;
}

/** The best substring score of `token` in one item, 0 when it does not occur there. */
export function substringScoreIn(text: string, layout: ItemLayout, item: number, token: string): number {
  const start = layout.itemStarts[item]!;
  const end = layout.itemStarts[item + 1]! - 1;
  const slice = text.slice(start, end);
  let best = 0;
  for (let at = slice.indexOf(token); at !== -1; ) {
    const pos = start + at;
    const score = hitScore(text, layout, item, pos);
    if (score > best) best = score;
    // A field-start hit is the best its field can give: go on with the next field.
    const next = score >= TIER.fieldPrefix ? fieldEnd(layout, item, fieldAt(layout, item, pos)) : pos + 1;
    at = slice.indexOf(token, next - start);
  }
  return best;
}

/**
 * Follows `token` as a subsequence from `pos` (its first character): each next character
 * at its first occurrence, never past the end of the field. Returns the position of the
 * last character, or -1.
 */
export function walkSubsequence(text: string, pos: number, token: string): number {
  let at = pos;
  for (let k = 1; k < token.length; k++) {
    const wanted = token.charCodeAt(k);
    for (;;) {
      at++;
      const code = text.charCodeAt(at);
      if (code === wanted) break;
      if (code === FIELD_SEP_CODE || code === ITEM_SEP_CODE || Number.isNaN(code)) return -1;
    }
  }
  return at;
}

/** Score of a subsequence match spanning [start, last]: fewer gaps rank higher. */
export function subsequenceScore(field: number, start: number, last: number, tokenLength: number): number {
  return TIER.subsequence + FIELD_WEIGHT[field]! - Math.min(last - start + 1 - tokenLength, 50);
}

/** The leftmost subsequence match from a word start in one item, scored; 0 when there is none. */
export function subsequenceScoreIn(text: string, layout: ItemLayout, item: number, token: string): number {
  const end = layout.itemStarts[item + 1]! - 1;
  const first = token.charCodeAt(0);
  for (let pos = layout.itemStarts[item]!; pos < end; pos++) {
    if (text.charCodeAt(pos) !== first || !startsWord(text.charCodeAt(pos - 1))) continue;
    const last = walkSubsequence(text, pos, token);
    if (last !== -1) return subsequenceScore(fieldAt(layout, item, pos), pos, last, token.length);
  }
  return 0;
}
