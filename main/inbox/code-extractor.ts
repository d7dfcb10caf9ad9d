// Finds the one-time code in a verification mail or SMS: 4–8 digits (also `123 456`, `123-456`)
// or 6–8 upper-case letters and digits, scored by how close a code keyword sits (English,
// German, Spanish, French). Years, phone numbers, amounts, dates, links, order numbers and zip
// codes are masked first, so a footer or receipt never wins over the code. Pure: text in, code out.

import { htmlToText } from './html-text';
import { fold } from './text-fold';

export type CodeSource = { subject: string; text: string; html?: string };
export type CodeMatch = { code: string; score: number };

/** A candidate needs a keyword close by, or a keyword somewhere plus a line of its own. */
const MIN_SCORE = 5;

type Keyword = { pattern: RegExp; weight: number };

// Matched against folded text (lower case, accents removed), so `código` is `codigo` here.
const KEYWORDS: Keyword[] = [
  ...[
    /code/g, /codigo/g, /verif/g, /bestatigung/g, /one[- ]?time/g, /\botp\b/g, /passcode/g, /\bpin\b/g,
    /einmal/g, /\bclave\b/g, /\btan\b/g, /usage unique/g, /un solo uso/g, /kennwort/g,
  ].map((pattern) => ({ pattern, weight: 1 })),
  ...[/confirm/g, /sign[- ]?in/g, /log[- ]?in/g, /anmeld/g, /iniciar sesion/g, /connexion/g, /2fa|two[- ]factor|zwei[- ]faktor/g]
    .map((pattern) => ({ pattern, weight: 0.7 })),
];

// A code right after one of these is a discount, an invitation or a postcode, not a login code.
const NOT_A_LOGIN_CODE = /(?:promo|discount|coupon|voucher|gutschein|rabatt|descuento|cupon|referral|invit|einladung|zip|postal|postleitzahl|\bplz\b)[^\n]{0,25}$/;

// Spans whose digits are never a code; replaced by spaces so positions stay put.
const IGNORED_SPANS: RegExp[] = [
  /\bhttps?:\/\/\S+|\bwww\.\S+/gi,
  /[^\s<>()]+@[^\s<>()]+/g,
  /(?:\+|\b00)\d[\d\s().-]{6,}\d/g, // international phone numbers
  /\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/g, // North American phone numbers
  /[$€£¥]\s?\d[\d.,]*|\b\d[\d.,]*\s?(?:€|\$|£|usd|eur|gbp|dollars?|euros?)(?![\p{L}])/giu,
  /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}(?::\d{2})?\b/g,
  /(?:©|\(c\)|copyright)\s*\d{4}(?:\s*[-–]\s*\d{4})?/gi,
  /\b(?:order|invoice|reference|ref|ticket|case|tracking|bestellung|rechnung|pedido|factura|commande|facture)\s*(?:#|no\.?|nr\.?|number|nummer|n[uú]mero|n°|id)?\s*:?\s*#?[A-Z0-9][A-Z0-9-]{3,}/gi,
  /\b(?:bestell|auftrags|rechnungs|kunden|referenz|sendungs)nummer\s*:?\s*[A-Z0-9][A-Z0-9-]{3,}/gi,
  /\b[A-Z]{2}[ \t]\d{5}(?:-\d{4})?\b/g, // US state and zip: CA 94107
  /\b\d{4,5}[ \t]+[A-ZÄÖÜÉ][\p{Ll}]+/gu, // European postcode and city: 10115 Berlin
  /\b(?:reply|text|send|txt)\s+(?:stop|help|start)\b[^\n\d]{0,15}\d+/gi, // SMS opt-out short codes
];

const DIGIT_CODE = /(?<![\p{L}\p{N}_#.,]|\p{N}[.,-])(\d{4,8}|\d{3}[ -]\d{3}|\d{4}[ -]\d{4})(?![\p{L}\p{N}_]|[.,]\p{N}|-\p{N})/gu;
const ALPHANUMERIC_CODE = /(?<![\p{L}\p{N}_#-])((?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])(?:[A-Z0-9]{6,8}|[A-Z0-9]{3}-[A-Z0-9]{3,4}))(?![\p{L}\p{N}_-])/gu;

export function extractCode(message: CodeSource): CodeMatch | undefined {
  const bodies = [message.text];
  if (message.html) bodies.push(htmlToText(message.html));
  let best: CodeMatch | undefined;
  for (const body of bodies) {
    const match = bestCandidate(`${message.subject}\n\n${body}`);
    if (match && (!best || match.score > best.score)) best = match;
  }
  return best;
}

function bestCandidate(text: string): CodeMatch | undefined {
  const masked = maskIgnoredSpans(text);
  const folded = fold(masked);
  const keywords = findKeywords(folded);
  let best: CodeMatch | undefined;
  for (const [pattern, alphanumeric] of [[DIGIT_CODE, false], [ALPHANUMERIC_CODE, true]] as const) {
    for (const found of masked.matchAll(pattern)) {
      const raw = found[1] ?? '';
      const start = found.index;
      const end = start + raw.length;
      if (NOT_A_LOGIN_CODE.test(folded.slice(Math.max(0, start - 60), start))) continue;
      const nearness = keywordNearness(folded, keywords, start, end);
      if (alphanumeric && nearness < 6) continue;
      const score = nearness + shapeScore(raw, alphanumeric) + (standsAlone(masked, start, end) ? 3 : 0);
      if (score >= MIN_SCORE && (!best || score > best.score)) best = { code: raw.replace(/[ -]/g, ''), score };
    }
  }
  return best;
}

function maskIgnoredSpans(text: string): string {
  return IGNORED_SPANS.reduce((current, pattern) => current.replace(pattern, (span) => ' '.repeat(span.length)), text);
}

type KeywordHit = { start: number; end: number; weight: number };

function findKeywords(folded: string): KeywordHit[] {
  return KEYWORDS.flatMap(({ pattern, weight }) =>
    [...folded.matchAll(pattern)].map((hit) => ({ start: hit.index, end: hit.index + hit[0].length, weight })),
  );
}

/** 10 for a keyword just before on the same line, less further away or after; 0 without one. */
function keywordNearness(folded: string, keywords: KeywordHit[], start: number, end: number): number {
  let best = 0;
  for (const keyword of keywords) {
    let score = 0;
    if (keyword.end <= start) {
      const gap = folded.slice(keyword.end, start);
      const newlines = gap.split('\n').length - 1;
      // A keyword in the previous sentence ("…your code. Reply STOP to 89203") is only nearby.
      const sameSentence = !/[.!?](?:\s|$)/.test(gap);
      if (newlines === 0 && sameSentence && gap.length <= 40) score = 10 - gap.length / 20;
      else if (newlines <= 3 && gap.length <= 120) score = 7 - gap.length / 60;
    } else if (keyword.start >= end) {
      const gap = folded.slice(end, keyword.start);
      if (!gap.includes('\n') && gap.length <= 30) score = 7 - gap.length / 20;
    }
    best = Math.max(best, score * keyword.weight);
  }
  return best;
}

function shapeScore(raw: string, alphanumeric: boolean): number {
  if (alphanumeric) return -1;
  const digits = raw.replace(/\D/g, '');
  if (digits.length === 4 && /^(19|20)\d\d$/.test(digits)) return -6;
  return digits.length === 6 ? 1 : 0;
}

function standsAlone(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  return text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd).trim().length === end - start;
}
