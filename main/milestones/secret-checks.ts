// What the level needs to know about an account's secrets, without keeping any of them:
// a keyed fingerprint of the password (to find reuse), when it was set, whether it has the
// shape of breach-list passwords, whether the stored TOTP key can be an authenticator key,
// and its zxcvbn strength. Everything but the strength is cheap (one decryption) and is
// worked out on demand; the strength costs several ms per password, so for the whole vault it
// is scored in the background in slices that yield to the event loop (the app keeps
// answering) and, until then, reported as pending. Results are kept in memory by (account id,
// item version) and dropped on lock: an edit or rotation makes a new version.
import type { Vault, AccountSummary, Totp } from '../vault';
import { base32SecretToBytes, normalizeBase32Secret } from '../mfa';
import { passwordStrength } from './dashboard/password-strength';

/** RFC 4226 asks for at least 128 bits; 80 (16 base32 characters) is what sites commonly issue. */
export const MIN_TOTP_KEY_BYTES = 10;
/** Longest stretch of scoring before other work gets a turn. */
const SLICE_MS = 10;

export type SecretFacts = {
  hasPassword: boolean;
  fingerprint: string;
  /** When the current password was set (ms since epoch). */
  setAt: number;
  breachedFormat: boolean;
  totp: 'valid' | 'invalid' | 'none';
  codesBy: '' | 'email' | 'sms';
};

type Entry = SecretFacts & { score?: number };

const keyOf = (summary: Pick<AccountSummary, 'id' | 'version'>) => `${summary.id}:${summary.version}`;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A word with digits and a few symbols appended ("Summer2024!", "password1", "qwerty123"):
 * the mask password crackers try first, whatever zxcvbn makes of the word.
 */
export function hasBreachedFormat(password: string): boolean {
  return /^[A-Za-z]{3,12}[0-9]{1,4}[^A-Za-z0-9]{0,3}$/.test(password) || /^[0-9]{1,12}$/.test(password);
}

/** Whether a stored TOTP key is one an authenticator can use: base32 and long enough. */
export function totpKeyStatus(totp: Totp | null): SecretFacts['totp'] {
  if (totp === null) return 'none';
  try {
    return base32SecretToBytes(normalizeBase32Secret(totp.secret)).length >= MIN_TOTP_KEY_BYTES ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

export class SecretChecks {
  private readonly cache = new Map<string, Entry>();
  private scoring: Promise<void> | null = null;
  /** Bumped on clear (lock): a scoring started before stops at its next slice. */
  private generation = 0;

  constructor(private readonly vault: () => Vault) {}

  /** The cheap facts of one account (decrypting it once per version). */
  facts(summary: Pick<AccountSummary, 'id' | 'version'>): SecretFacts {
    return this.entry(summary);
  }

  /** Its strength score, cached; scored now when missing (several ms). */
  score(summary: Pick<AccountSummary, 'id' | 'version' | 'hosts'>): number {
    const entry = this.entry(summary);
    entry.score ??= this.scoreOf(summary);
    return entry.score;
  }

  /** Its score if already known. */
  knownScore(summary: Pick<AccountSummary, 'id' | 'version'>): number | undefined {
    return this.cache.get(keyOf(summary))?.score;
  }

  /** Scores every live account with a password in the background (once at a time). */
  scoreInBackground(): void {
    const generation = this.generation;
    this.scoring ??= yieldToEventLoop().then(() => this.scoreMissing(generation)).catch(() => undefined).finally(() => {
      this.scoring = null;
    });
  }

  /** Resolves when the background scoring (if any) has finished or stopped. */
  async settled(): Promise<void> {
    await this.scoring;
  }

  /** Scores every live account now (the CLI: one answer, no background). */
  scoreAll(): void {
    for (const summary of this.liveWithPassword()) this.score(summary);
  }

  /** Drops results of versions no longer current (edited or deleted accounts). */
  keepOnly(current: readonly AccountSummary[]): void {
    if (this.cache.size === current.length) return;
    const keep = new Set(current.map(keyOf));
    for (const key of this.cache.keys()) if (!keep.has(key)) this.cache.delete(key);
  }

  clear(): void {
    this.generation++;
    this.cache.clear();
  }

  private entry(summary: Pick<AccountSummary, 'id' | 'version'>): Entry {
    const key = keyOf(summary);
    let entry = this.cache.get(key);
    if (!entry) {
      const vault = this.vault();
      const account = vault.accounts.get(summary.id);
      const history = vault.accounts.passwordHistory(summary.id);
      entry = {
        hasPassword: account.password !== '',
        fingerprint: account.password === '' ? '' : vault.secretFingerprint(account.password),
        setAt: history.at(-1)?.replacedAt ?? account.createdAt,
        breachedFormat: account.password !== '' && hasBreachedFormat(account.password),
        totp: totpKeyStatus(account.totp),
        codesBy: account.codesBy,
      };
      // Keyed by the version read, which may be newer than the summary's.
      this.cache.set(`${summary.id}:${account.version}`, entry);
      if (account.version !== summary.version) this.cache.set(key, entry);
    }
    return entry;
  }

  private scoreOf(summary: Pick<AccountSummary, 'id' | 'hosts'>): number {
    const account = this.vault().accounts.get(summary.id);
    return account.password === '' ? 4 : passwordStrength(account.password, [account.username, account.name, ...summary.hosts]);
  }

  private liveWithPassword(): AccountSummary[] {
    return this.vault().accounts.list({ deleted: 'exclude' }).flatMap((e) => (e.status === 'ok' && e.hasPassword ? [e] : []));
  }

  private async scoreMissing(generation: number): Promise<void> {
    let sliceStart = performance.now();
    for (const summary of this.liveWithPassword()) {
      if (this.knownScore(summary) !== undefined) continue;
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        if (generation !== this.generation) return;
        sliceStart = performance.now();
      }
      try {
        this.score(summary);
      } catch {
        continue; // changed or deleted meanwhile: the next pass sees its new version
      }
    }
  }
}
