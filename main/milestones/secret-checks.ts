// What the level needs to know about an account's secrets, without keeping any of them:
// a keyed fingerprint of the password (to find reuse), when it was set, whether it has the
// shape of breach-list passwords, whether the stored TOTP key can be an authenticator key,
// and its zxcvbn strength. Reading them decrypts the account (the strength costs several ms
// more per password), so for the whole vault they are worked out in the background, in slices
// that yield to the event loop (the app keeps answering) and do not count as activity for the
// idle lock (an unattended vault still locks on time): first every account's cheap facts
// (so reuse is known), then every strength. The strengths are worked out in worker threads
// (password-scoring.ts): the main process decrypts a batch, sends each password with the user
// inputs zxcvbn weighs (username, name, hosts) over the worker's port and keeps the scores that
// come back; the workers are terminated at the end of the run and on lock, and a lock drops
// results still on their way. Only where no worker file exists (a broken build) is the
// scoring done on the main thread, in slices, with a log line saying so. Requests for many accounts read only what is
// already known (`known`, `knownScore`) and report the rest as pending; one account's page or
// the CLI may ask for its facts now. Results are kept in memory by (account id, item version)
// and dropped on lock: an edit or rotation makes a new version. Strength scores are also kept in
// the accounts' sealed summaries (recordScores), so a restart or the CLI reads them instead of
// loading zxcvbn and scoring again; summaries carry the password's fingerprint too.
import type { Vault, AccountSummary, Totp } from '../vault';
import { base32SecretToBytes, normalizeBase32Secret } from '../mfa/base32-secret';
import { passwordStrength } from './dashboard/password-strength';
import { createLogger, type Logger } from '../logger';
import { PasswordScoringPool, ScoringStopped, defaultScoringWorkers, locateScoringWorker, type ScoringItem, type ScoringWorkerFile } from './password-scoring';

/** RFC 4226 asks for at least 128 bits; 80 (16 base32 characters) is what sites commonly issue. */
export const MIN_TOTP_KEY_BYTES = 10;
/** Longest stretch of scoring before other work gets a turn. */
const SLICE_MS = 10;
/** Summaries given their password fingerprint per transaction (a few ms each). */
const BACKFILL_SLICE = 100;
/** Scores kept per write while the background works through a vault. */
const SAVE_EVERY = 200;
/** Passwords per message to a scoring worker (~0.1 s of zxcvbn with the pruned dictionary matchers). */
const WORKER_BATCH = 100;
/** Batches sent ahead per worker, so it never waits for the main process to decrypt the next. */
const AHEAD_PER_WORKER = 2;

export type SecretChecksOptions = {
  /** Where the fallback to the main thread is reported. */
  log?: Logger;
  /** The scoring worker; null: score on the main thread. Default: found next to this module. */
  worker?: ScoringWorkerFile | null;
  /** Scoring workers per background run (default: one per core, at most two). */
  workers?: number;
};

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
  /** Scores worked out but not yet kept in their summaries. */
  private readonly unsaved: { id: string; version: number; score: number }[] = [];
  private scoring: Promise<void> | null = null;
  /** Bumped on clear (lock): a scoring started before stops at its next slice. */
  private generation = 0;
  /** The workers of the background run in progress, if it scores in workers. */
  private pool: PasswordScoringPool | null = null;
  private readonly workerFile: ScoringWorkerFile | null;
  private readonly log: Logger;
  private fallbackLogged = false;

  constructor(
    private readonly vault: () => Vault,
    /** Runs background work without counting it as activity for the idle lock (services.ts). */
    private readonly quietly: <T>(work: () => T) => T = (work) => work(),
    private readonly options: SecretChecksOptions = {},
  ) {
    this.workerFile = options.worker === undefined ? locateScoringWorker() : options.worker;
    this.log = options.log ?? createLogger();
  }

  /** The cheap facts of one account (decrypting it once per version). */
  facts(summary: Pick<AccountSummary, 'id' | 'version'>): SecretFacts {
    return this.entry(summary);
  }

  /** Its strength score: kept in its summary, cached, or scored now (several ms) and queued to be kept. */
  score(summary: Pick<AccountSummary, 'id' | 'version' | 'hosts' | 'passwordScore'>): number {
    if (summary.passwordScore !== undefined) return summary.passwordScore;
    const entry = this.entry(summary);
    if (entry.score === undefined) {
      entry.score = this.scoreOf(summary);
      this.unsaved.push({ id: summary.id, version: summary.version, score: entry.score });
    }
    return entry.score;
  }

  /** Keeps the scores worked out since the last call in the accounts' summaries (one write). */
  saveScores(): void {
    const scores = this.unsaved.splice(0);
    try {
      this.vault().accounts.recordScores(scores);
    } catch {
      // Locked or read-only meanwhile: they are worked out again next time.
    }
  }

  /** Its cheap facts if already known (never decrypts). */
  known(summary: Pick<AccountSummary, 'id' | 'version'>): SecretFacts | undefined {
    return this.cache.get(keyOf(summary));
  }

  /** Its score if already known (kept in its summary, or worked out in this session). */
  knownScore(summary: Pick<AccountSummary, 'id' | 'version' | 'passwordScore'>): number | undefined {
    return summary.passwordScore ?? this.cache.get(keyOf(summary))?.score;
  }

  /** Reads every live account's facts, then scores every password, in the background (once at a time). */
  checkInBackground(): void {
    const generation = this.generation;
    this.scoring ??= yieldToEventLoop().then(() => this.scoreMissing(generation)).catch(() => undefined).finally(() => {
      this.scoring = null;
    });
  }

  /** The worker pool of the background run in progress (null when none scores in workers). */
  get scoringPool(): PasswordScoringPool | null {
    return this.pool;
  }

  /** Resolves when the background scoring (if any) has finished or stopped. */
  async settled(): Promise<void> {
    await this.scoring;
  }

  /** Scores every live account now (the CLI: one answer, no background). */
  scoreAll(): void {
    for (const summary of this.liveWithPassword()) this.score(summary);
    this.saveScores();
  }

  /** Drops results of versions no longer current (edited or deleted accounts). */
  keepOnly(current: readonly AccountSummary[]): void {
    if (this.cache.size === current.length) return;
    const keep = new Set(current.map(keyOf));
    for (const key of this.cache.keys()) if (!keep.has(key)) this.cache.delete(key);
  }

  /** On lock (and on close): drops every result, stops the background run and ends its workers. */
  clear(): void {
    this.generation++;
    this.cache.clear();
    this.unsaved.length = 0;
    const pool = this.pool;
    this.pool = null;
    void pool?.terminate();
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
    const input = this.scoringInput(summary);
    return input === null ? 4 : passwordStrength(input.password, input.inputs);
  }

  /** What zxcvbn weighs for an account (its password and user inputs); null without a password. */
  private scoringInput(summary: Pick<AccountSummary, 'id' | 'hosts'>): ScoringItem | null {
    const account = this.vault().accounts.get(summary.id);
    return account.password === '' ? null : { password: account.password, inputs: [account.username, account.name, ...summary.hosts] };
  }

  private live(): AccountSummary[] {
    return this.vault().accounts.list({ deleted: 'exclude' }).flatMap((e) => (e.status === 'ok' ? [e] : []));
  }

  private liveWithPassword(): AccountSummary[] {
    return this.live().filter((s) => s.hasPassword);
  }

  private async scoreMissing(generation: number): Promise<void> {
    // Summaries written before they carried the password's fingerprint get it, a slice at a time.
    try {
      while (this.quietly(() => this.vault().accounts.backfillFingerprints(BACKFILL_SLICE).remaining) > 0) {
        await yieldToEventLoop();
        if (generation !== this.generation) return;
      }
    } catch {
      // A vault that cannot be written now (locked meanwhile, read-only): the pass below reads them.
    }
    const live = this.quietly(() => this.live());
    // The workers start now, so they load zxcvbn and build its dictionaries on the other core
    // while this thread reads every account's facts below.
    const unscored = live.filter((s) => s.hasPassword && this.knownScore(s) === undefined).length;
    const early = unscored > 0 ? this.startPool(unscored) : null;
    // Every account's cheap facts first: reuse needs all fingerprints, milestone 3 the TOTP.
    const readAll = await this.inSlices(generation, live, (s) => this.known(s) === undefined, (s) => this.entry(s));
    if (!readAll) {
      if (early !== null) await this.endPool(early);
      return;
    }
    const toScore = this.quietly(() => this.liveWithPassword());
    if (!(await this.scoreInWorkers(generation, toScore, early))) {
      await this.inSlices(generation, toScore, (s) => this.knownScore(s) === undefined, (s) => {
        this.score(s);
        if (this.unsaved.length >= SAVE_EVERY) this.saveScores();
      });
    }
    if (generation === this.generation) this.quietly(() => this.saveScores());
  }

  /**
   * Scores every summary not scored yet in worker threads: batches are decrypted just before they
   * are sent (at most AHEAD_PER_WORKER per worker in flight, so few passwords are in memory at
   * once), and each answer is kept only if no lock came in between. False when there is no
   * worker to run or a worker failed: the caller scores what is left on the main thread.
   */
  private async scoreInWorkers(generation: number, summaries: readonly AccountSummary[], started: PasswordScoringPool | null = null): Promise<boolean> {
    const todo = summaries.filter((s) => this.knownScore(s) === undefined);
    if (todo.length === 0) {
      if (started !== null) await this.endPool(started);
      return true;
    }
    const pool = started ?? this.startPool(todo.length);
    if (pool === null) return false;
    let failed = false;
    const inFlight = new Set<Promise<void>>();
    try {
      let next = 0;
      while (next < todo.length || inFlight.size > 0) {
        while (next < todo.length && inFlight.size < pool.size * AHEAD_PER_WORKER && !failed) {
          if (generation !== this.generation) return true;
          const batch = todo.slice(next, (next += WORKER_BATCH));
          const sent: AccountSummary[] = [];
          const items: ScoringItem[] = [];
          this.quietly(() => {
            for (const summary of batch) {
              if (this.knownScore(summary) !== undefined) continue;
              try {
                this.entry(summary);
                const input = this.scoringInput(summary);
                if (input === null) this.keepScore(summary, 4);
                else {
                  sent.push(summary);
                  items.push(input);
                }
              } catch {
                // changed or deleted meanwhile: the next pass sees its new version
              }
            }
          });
          if (items.length === 0) continue;
          const answered = pool.score(items).then(
            (scores) => {
              if (generation !== this.generation) return; // locked meanwhile: dropped
              this.quietly(() => {
                sent.forEach((summary, i) => {
                  const score = scores[i] ?? -1;
                  try {
                    if (score >= 0 && this.knownScore(summary) === undefined) this.keepScore(summary, score);
                  } catch {
                    // deleted meanwhile: nothing to keep
                  }
                });
                if (this.unsaved.length >= SAVE_EVERY) this.saveScores();
              });
            },
            (error: unknown) => {
              if (error instanceof ScoringStopped || generation !== this.generation) return;
              failed = true;
              this.log.warn('milestones.scoring-worker-failed', { message: error instanceof Error ? error.message : 'unknown' });
            },
          );
          items.length = 0; // the worker has its copy; none kept here
          inFlight.add(answered);
          void answered.finally(() => inFlight.delete(answered));
          await yieldToEventLoop();
        }
        if (inFlight.size === 0) break;
        await Promise.race(inFlight);
      }
      return !failed || generation !== this.generation;
    } finally {
      await this.endPool(pool);
    }
  }

  /**
   * A pool sized for `passwords` (one worker per batch, at most the default), kept in this.pool so
   * a lock ends it; null when there is no worker to run (logged once) or it cannot start.
   */
  private startPool(passwords: number): PasswordScoringPool | null {
    if (this.workerFile === null) {
      if (!this.fallbackLogged) {
        this.fallbackLogged = true;
        this.log.warn('milestones.scoring-on-main-thread', { reason: 'no password-scoring-worker file next to the bundle', passwords });
      }
      return null;
    }
    try {
      const pool = new PasswordScoringPool(this.workerFile, Math.min(this.options.workers ?? defaultScoringWorkers(), Math.ceil(passwords / WORKER_BATCH)));
      this.pool = pool;
      return pool;
    } catch (error) {
      this.log.warn('milestones.scoring-worker-failed', { message: error instanceof Error ? error.message : 'unknown' });
      return null;
    }
  }

  private async endPool(pool: PasswordScoringPool): Promise<void> {
    if (this.pool === pool) this.pool = null;
    await pool.terminate();
  }

  /** Keeps a score worked out for this version of the account, to be saved in its summary. */
  private keepScore(summary: Pick<AccountSummary, 'id' | 'version'>, score: number): void {
    const entry = this.entry(summary);
    if (entry.score !== undefined) return;
    entry.score = score;
    this.unsaved.push({ id: summary.id, version: summary.version, score });
  }

  /** Runs `work` on each summary that `needed`, yielding every SLICE_MS; false if a lock stopped it. */
  private async inSlices(generation: number, summaries: readonly AccountSummary[], needed: (s: AccountSummary) => boolean, work: (s: AccountSummary) => unknown): Promise<boolean> {
    let sliceStart = performance.now();
    for (const summary of summaries) {
      if (!needed(summary)) continue;
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        if (generation !== this.generation) return false;
        sliceStart = performance.now();
      }
      try {
        this.quietly(() => work(summary));
      } catch {
        continue; // changed or deleted meanwhile: the next pass sees its new version
      }
    }
    return generation === this.generation;
  }
}
