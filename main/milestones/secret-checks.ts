// What the level needs to know about an account's secrets, without keeping any of them:
// a keyed fingerprint of the password (to find reuse), when it was set, whether it has the
// shape of breach-list passwords, whether the stored TOTP key can be an authenticator key,
// and its zxcvbn strength. Reading them decrypts the account (the strength costs several ms
// more per password), so for the whole vault they are worked out in the background, in slices
// that yield to the event loop (the app keeps answering) and do not count as activity for the
// idle lock (an unattended vault still locks on time): first every account's cheap facts
// (so reuse is known), then every strength. The strengths are worked out in worker threads
// (password-scoring.ts): the main process sends each password with the user inputs zxcvbn
// weighs (username, name, hosts) in batches over the workers' ports (scoring-feed.ts) and keeps
// the scores that come back; a password decrypted for the facts goes straight to a batch while
// the workers have room, the others are decrypted again just before they go. The workers are
// terminated at the end of the run and on lock, and a lock drops results still on their way.
// The main thread's share (decrypting, saving scores) runs in slices of SLICE_MS with a turn for
// the event loop between, and scores are saved in the index's order, so each save re-seals a
// few summary shards. Only where no worker file exists (a broken build) is the scoring done on
// the main thread, in slices, with a log line saying so. Requests for many accounts read only what is
// already known (`known`, `knownScore`) and report the rest as pending; one account's page or
// the CLI may ask for its facts now. Results are kept in memory by (account id, item version)
// and dropped on lock: an edit or rotation makes a new version. Strength scores are also kept in
// the accounts' sealed summaries (recordScores), so a restart or the CLI reads them instead of
// loading zxcvbn and scoring again; summaries carry the password's fingerprint too.
import type { Account, Vault, AccountSummary, Totp } from '../vault';
import { base32SecretToBytes, normalizeBase32Secret } from '../mfa/base32-secret';
import { passwordStrength } from './dashboard/password-strength';
import { createLogger, type Logger } from '../logger';
import { PasswordScoringPool, defaultScoringWorkers, locateScoringWorker, type ScoringItem, type ScoringWorkerFile } from './password-scoring';
import { ScoringFeed } from './scoring-feed';

/** RFC 4226 asks for at least 128 bits; 80 (16 base32 characters) is what sites commonly issue. */
export const MIN_TOTP_KEY_BYTES = 10;
/** Longest stretch of background work on the main thread before other work gets a turn. */
const SLICE_MS = 5;
/** Summaries given their password fingerprint per transaction (a few ms each). */
const BACKFILL_SLICE = 100;
/** Scores kept per write while the background works through a vault (a few shards each: see `live`). */
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

/** What zxcvbn weighs for an account: its password and the user inputs; null without a password. */
function scoringInput(account: Account, hosts: readonly string[]): ScoringItem | null {
  return account.password === '' ? null : { password: account.password, inputs: [account.username, account.name, ...hosts] };
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
    let read: Account | undefined;
    const entry = this.entry(summary, (account) => (read = account));
    if (entry.score === undefined) {
      const input = scoringInput(read ?? this.vault().accounts.get(summary.id), summary.hosts);
      entry.score = input === null ? 4 : passwordStrength(input.password, input.inputs);
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

  /**
   * Its facts, read now unless known (decrypting it once: the record and its password history);
   * `read` gets the account when it was decrypted here, so a caller can use it once more.
   */
  private entry(summary: Pick<AccountSummary, 'id' | 'version' | 'passwordFingerprint'>, read?: (account: Account) => void): Entry {
    const key = keyOf(summary);
    let entry = this.cache.get(key);
    if (!entry) {
      const vault = this.vault();
      const { account, history } = vault.accounts.getWithHistory(summary.id);
      entry = {
        hasPassword: account.password !== '',
        // The summary's own when it is of the version read (summaries carry it since schema 5).
        fingerprint: account.password === '' ? '' : account.version === summary.version && summary.passwordFingerprint ? summary.passwordFingerprint : vault.secretFingerprint(account.password),
        setAt: history.at(-1)?.replacedAt ?? account.createdAt,
        breachedFormat: account.password !== '' && hasBreachedFormat(account.password),
        totp: totpKeyStatus(account.totp),
        codesBy: account.codesBy,
      };
      // Keyed by the version read, which may be newer than the summary's.
      this.cache.set(`${summary.id}:${account.version}`, entry);
      if (account.version !== summary.version) this.cache.set(key, entry);
      read?.(account);
    }
    return entry;
  }

  /**
   * Live accounts in the index's order (shard by shard, no name sort): scores saved together then
   * belong to few shards, and a save re-seals only those (each of 256 shards holds ~1/256 of the
   * summaries; 200 scores in name order touched ~140 of them, ~80 ms on the main thread).
   */
  private live(): AccountSummary[] {
    return this.vault().accounts.list({ deleted: 'exclude', order: 'none' }).flatMap((e) => (e.status === 'ok' ? [e] : []));
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
    // Each step below is one piece of synchronous work (tens of ms at 10k accounts): a turn for
    // the event loop between them.
    if (!(await this.turn(generation))) return;
    const live = this.quietly(() => this.live());
    if (!(await this.turn(generation))) return;
    // The workers start now, so they load zxcvbn and build its dictionaries on the other core
    // while this thread reads every account's facts below.
    const unscored = live.filter((s) => s.hasPassword && this.knownScore(s) === undefined).length;
    let feed = unscored > 0 ? this.startFeed(unscored, generation) : null;
    try {
      // Every account's cheap facts first: reuse needs all fingerprints, milestone 3 the TOTP. A
      // password decrypted for them goes to a worker at once while the feed has room (most of a
      // vault's while the workers keep up); the others are decrypted again below.
      const offered = new Set<string>();
      const offer = (summary: AccountSummary, account: Account) => {
        if (feed === null || !feed.hasRoom || !summary.hasPassword || this.knownScore(summary) !== undefined) return;
        const input = scoringInput(account, summary.hosts);
        if (input === null) return;
        feed.add(summary, input);
        offered.add(keyOf(summary));
      };
      if (!(await this.inSlices(generation, live, (s) => this.known(s) === undefined, (s) => this.entry(s, (account) => offer(s, account))))) return;
      // The accounts listed above: one changed meanwhile gets a new version, which the next
      // run scores (its old version's score is not kept in its summary).
      const toScore = live.filter((s) => s.hasPassword);
      const todo = (s: AccountSummary) => !offered.has(keyOf(s)) && this.knownScore(s) === undefined;
      if (feed === null && toScore.some(todo)) feed = this.startFeed(toScore.filter(todo).length, generation);
      if (feed === null || !(await this.scoreInWorkers(generation, toScore, todo, feed))) {
        await this.inSlices(generation, toScore, (s) => this.knownScore(s) === undefined, (s) => this.score(s));
      }
      if (generation === this.generation) this.quietly(() => this.saveScores());
    } finally {
      if (feed !== null) await this.endPool(feed.pool);
    }
  }

  /**
   * Scores the `summaries` still `todo` in the worker threads: each password is decrypted just
   * before it joins a batch (in slices; the feed holds at most a batch that waits for a worker),
   * and every answer is awaited. False when a worker failed: the caller scores what is left on
   * the main thread.
   */
  private async scoreInWorkers(generation: number, summaries: readonly AccountSummary[], todo: (s: AccountSummary) => boolean, feed: ScoringFeed<AccountSummary>): Promise<boolean> {
    const slices = new Slices();
    for (const summary of summaries) {
      if (!todo(summary)) continue;
      if (!feed.hasRoom) await feed.room();
      if (generation !== this.generation) return true;
      if (feed.failed) break;
      if (!(await this.saveDue(generation, slices)) || !(await slices.pace(() => generation === this.generation))) return true;
      try {
        this.quietly(() => {
          const input = scoringInput(this.vault().accounts.get(summary.id), summary.hosts);
          if (input === null) this.keepScore(summary, 4);
          else feed.add(summary, input);
        });
      } catch {
        // changed or deleted meanwhile: the next pass sees its new version
      }
    }
    if (generation !== this.generation) return true;
    await feed.drain(() => {
      if (generation === this.generation && this.unsaved.length >= SAVE_EVERY) this.quietly(() => this.saveScores());
    });
    return !feed.failed || generation !== this.generation;
  }

  /**
   * A worker pool for `passwords` and its feed, whose answers are kept unless a lock came in
   * between (saved by the slices, `saveDue`); null: score on the main thread.
   */
  private startFeed(passwords: number, generation: number): ScoringFeed<AccountSummary> | null {
    const pool = this.startPool(passwords);
    if (pool === null) return null;
    return new ScoringFeed<AccountSummary>(pool, {
      batchSize: WORKER_BATCH,
      ahead: AHEAD_PER_WORKER,
      onScores: (summaries, scores) => {
        if (generation !== this.generation) return; // locked meanwhile: dropped
        this.quietly(() => {
          summaries.forEach((summary, i) => {
            const score = scores[i] ?? -1;
            try {
              if (score >= 0 && this.knownScore(summary) === undefined) this.keepScore(summary, score);
            } catch {
              // deleted meanwhile: nothing to keep
            }
          });
        });
      },
      onError: (error) => {
        if (generation !== this.generation) return;
        this.log.warn('milestones.scoring-worker-failed', { message: error instanceof Error ? error.message : 'unknown' });
      },
    });
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

  /**
   * Saves the scores kept so far once there are SAVE_EVERY, in a slice of its own (a save re-seals
   * a few summary shards: several ms); false if a lock came meanwhile.
   */
  private async saveDue(generation: number, slices: Slices): Promise<boolean> {
    if (this.unsaved.length < SAVE_EVERY) return true;
    if (!(await slices.next(() => generation === this.generation))) return false;
    this.quietly(() => this.saveScores());
    return true;
  }

  /** Lets other work run once; false if a lock came meanwhile. */
  private async turn(generation: number): Promise<boolean> {
    await yieldToEventLoop();
    return generation === this.generation;
  }

  /** Runs `work` on each summary that `needed`, yielding every SLICE_MS; false if a lock stopped it. */
  private async inSlices(generation: number, summaries: readonly AccountSummary[], needed: (s: AccountSummary) => boolean, work: (s: AccountSummary) => unknown): Promise<boolean> {
    const slices = new Slices();
    for (const summary of summaries) {
      if (!needed(summary)) continue;
      if (!(await this.saveDue(generation, slices)) || !(await slices.pace(() => generation === this.generation))) return false;
      try {
        this.quietly(() => work(summary));
      } catch {
        continue; // changed or deleted meanwhile: the next pass sees its new version
      }
    }
    return generation === this.generation;
  }
}

/** Synchronous work cut in slices of at most about SLICE_MS, with a turn for the event loop between. */
class Slices {
  private start = performance.now();

  /** Yields first if this slice has run SLICE_MS; false when `still` says the work should stop. */
  async pace(still: () => boolean): Promise<boolean> {
    return performance.now() - this.start <= SLICE_MS || this.next(still);
  }

  /** Yields now and starts a new slice; false when `still` says the work should stop. */
  async next(still: () => boolean): Promise<boolean> {
    await yieldToEventLoop();
    this.start = performance.now();
    return still();
  }
}
