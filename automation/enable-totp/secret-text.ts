// Pure reading of a setup page's text for the TOTP secret and, after confirmation, for the
// backup codes. A setup key is shown as an otpauth:// link, or as base32 (often in groups of
// four, upper or lower case); words that happen to be base32 ("ACCESS") are too short to
// pass. Backup codes come as a list of similar tokens near words that name them.

/** otpauth:// links first (they carry issuer and parameters), then base32 keys. */
export function findSecretCandidates(text: string): string[] {
  const uris = [...text.matchAll(/otpauth:\/\/[^\s"'<>]+/gi)].map((match) => match[0]);
  const keys = [...text.matchAll(/(?<![A-Za-z0-9])((?:[A-Za-z2-7]{4}[ -]?){3,}[A-Za-z2-7]{2,}=*)(?![A-Za-z0-9])/g)]
    .map((match) => match[1]!.replace(/[\s-]/g, '').toUpperCase())
    // At least 80 bits (16 base32 characters), and not an ordinary word run: keys mix digits in.
    .filter((key) => key.replace(/=+$/, '').length >= 16 && /[2-7]/.test(key));
  return [...new Set([...uris, ...keys])];
}

const BACKUP_WORDS = /backup|recovery|rescue|emergency|wiederherstellung|sicherung|notfall|respaldo|recuperaci[oó]n|secours|r[eé]cup[eé]ration/i;
/** Verbs of a link that makes (or shows) backup codes: "Generate backup codes", "Codes de récupération : afficher". */
const MAKE_WORDS = /generat|creat|\bnew\b|\bshow|\bview|\bget\b|erstell|generier|anzeig|\bneue|generar|crear|\bver\b|mostrar|g[eé]n[eé]rer|cr[eé]er|afficher|obtenir/i;
const CODE_WORDS = /\bcodes?\b|codes|c[oó]digos/i;
const MIN_CODES = 4;
const MAX_CODES = 32;

/**
 * The backup codes on a page, if it shows some: at least four tokens of one shape
 * (`abcd-1234`, `1234 5678`, `a1b2c3d4e5`) after a heading that names them. Empty otherwise.
 */
export function extractBackupCodes(text: string): string[] {
  const match = BACKUP_WORDS.exec(text);
  return match ? backupCodesIn(text.slice(match.index)) : [];
}

/**
 * Whether a link or button offers backup codes that the site shows only on request (some sites
 * turn 2FA on first and link to "generate backup codes" from the next page).
 */
export function offersBackupCodes(label: string): boolean {
  return BACKUP_WORDS.test(label) && CODE_WORDS.test(label) && MAKE_WORDS.test(label);
}

/** The codes in text known to list them (an element a recipe names): the largest group of same-shaped tokens. */
export function backupCodesIn(text: string): string[] {
  // Up to three groups joined by one separator ("abcd-1234", "abcd ef12 3456"); the same
  // separator throughout, so two codes on one line ("a1b2-c3d4 e5f6-a7b8") stay two.
  const tokens = [...text.matchAll(/(?<![\w-])([A-Za-z0-9]{3,6}(?:([- ])[A-Za-z0-9]{3,6}(?:\2[A-Za-z0-9]{3,6})?|[A-Za-z0-9]{3,6})|[A-Za-z0-9]{8,12})(?![\w-])/g)]
    .map((m) => m[1]!)
    .filter((token) => /\d/.test(token));
  // The largest group of tokens with the same shape is the list; stray numbers differ in shape.
  const groups = new Map<string, string[]>();
  for (const token of tokens) {
    const shape = token.replace(/[A-Za-z]/g, 'a').replace(/\d/g, 'a');
    groups.set(shape, [...(groups.get(shape) ?? []), token]);
  }
  const best = [...groups.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  return best.length >= MIN_CODES ? [...new Set(best)].slice(0, MAX_CODES) : [];
}
