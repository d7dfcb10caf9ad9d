// Password health across the vault: weak (zxcvbn score below 3), reused (the same password
// on several accounts) and old (unchanged for a year). Pure: it receives, per account, a
// strength score, a keyed fingerprint of the password (never the password) and when the
// password last changed, and returns what the dashboard shows.

export const WEAK_BELOW_SCORE = 3;
export const OLD_AFTER_MS = 365 * 24 * 60 * 60 * 1000;

export type PasswordFacts = {
  id: string;
  name: string;
  /** zxcvbn score 0–4. */
  score: number;
  /** Keyed hash of the password: equal passwords give equal fingerprints. */
  fingerprint: string;
  /** When the current password was set (ms since epoch). */
  setAt: number;
};

export type AccountRef = { id: string; name: string };

export type PasswordHealth = {
  /** Accounts that have a password at all. */
  checked: number;
  weak: Array<AccountRef & { score: number }>;
  /** Each group shares one password; groups are biggest first. */
  reused: AccountRef[][];
  old: Array<AccountRef & { setAt: number }>;
};

export function passwordHealth(accounts: readonly PasswordFacts[], now: number): PasswordHealth {
  const byName = (a: AccountRef, b: AccountRef) => a.name.localeCompare(b.name);
  const groups = new Map<string, AccountRef[]>();
  for (const a of accounts) {
    const group = groups.get(a.fingerprint);
    if (group) group.push({ id: a.id, name: a.name });
    else groups.set(a.fingerprint, [{ id: a.id, name: a.name }]);
  }
  return {
    checked: accounts.length,
    weak: accounts.filter((a) => a.score < WEAK_BELOW_SCORE).map((a) => ({ id: a.id, name: a.name, score: a.score }))
      .sort((a, b) => a.score - b.score || byName(a, b)),
    reused: [...groups.values()].filter((g) => g.length > 1).map((g) => g.sort(byName))
      .sort((a, b) => b.length - a.length || byName(a[0]!, b[0]!)),
    old: accounts.filter((a) => now - a.setAt > OLD_AFTER_MS).map((a) => ({ id: a.id, name: a.name, setAt: a.setAt }))
      .sort((a, b) => a.setAt - b.setAt),
  };
}
