// One-time codes as the content script types them: a code is trimmed of spaces and dashes
// ("123 456", "123-456"); a row of single-character boxes gets one character each, in order.

/** The code without spaces or dashes; null when it is empty or holds anything else. */
export function normalizeCode(code: string): string | null {
  const compact = code.replace(/[\s-]/g, '');
  return /^[0-9A-Za-z]{4,12}$/.test(compact) ? compact : null;
}

/**
 * The characters for `boxes` single-character boxes: one per box when the code has exactly
 * as many characters; null when they differ (a 6-digit code never goes into 4 or 8 boxes).
 */
export function splitCode(code: string, boxes: number): string[] | null {
  const compact = normalizeCode(code);
  if (!compact || boxes < 1 || compact.length !== boxes) return null;
  return [...compact];
}
