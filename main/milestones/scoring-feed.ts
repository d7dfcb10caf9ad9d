// Feeds passwords to a scoring worker pool (password-scoring.ts) batch by batch, for the secret
// checks' background run: items are gathered into batches of `batchSize`, a full batch goes to a
// worker at once while fewer than `ahead` batches per worker are unanswered, else it waits here
// (one batch at most: `hasRoom` says false until it could be sent, so a caller either drops the
// password and reads it again later, or waits with `room()`). So few passwords are in the main
// process at once, and the workers never wait for it. Each answer is handed to `onScores` with
// the keys of its batch, in order; a batch that failed sets `failed` (ScoringStopped, the pool's
// end, does not) and is handed to `onError`.
import { ScoringStopped, type PasswordScoringPool, type ScoringItem } from './password-scoring';

export type ScoringFeedOptions<K> = {
  /** The scores of one batch, in the order its keys were added (-1: not scored). */
  onScores: (keys: K[], scores: number[]) => void;
  /** A batch failed for a reason other than the pool's end. */
  onError: (error: unknown) => void;
  batchSize: number;
  /** Unanswered batches per worker before the next one waits. */
  ahead: number;
};

export class ScoringFeed<K> {
  private keys: K[] = [];
  private items: ScoringItem[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private broken = false;

  constructor(
    readonly pool: PasswordScoringPool,
    private readonly options: ScoringFeedOptions<K>,
  ) {}

  /** Whether a batch failed (the caller scores what is left another way). */
  get failed(): boolean {
    return this.broken;
  }

  /** Whether an item added now is taken without waiting. */
  get hasRoom(): boolean {
    return !this.broken && this.items.length < this.options.batchSize;
  }

  /** Adds one password to the current batch (check `hasRoom` or await `room()` first); a full batch is sent if it may be. */
  add(key: K, item: ScoringItem): void {
    this.keys.push(key);
    this.items.push(item);
    this.sendFull();
  }

  /** Waits until an item can be added (or the feed failed). */
  async room(): Promise<void> {
    while (!this.hasRoom && !this.broken && this.inFlight.size > 0) await Promise.race(this.inFlight);
  }

  /** Sends what is left (waiting for room) and resolves when every batch was answered; `between`: after each answer. */
  async drain(between: () => void = () => {}): Promise<void> {
    while (this.items.length > 0 && !this.broken) {
      if (this.inFlight.size < this.window) this.send();
      else {
        await Promise.race(this.inFlight);
        between();
      }
    }
    while (this.inFlight.size > 0) {
      await Promise.race(this.inFlight);
      between();
    }
  }

  private get window(): number {
    return this.pool.size * this.options.ahead;
  }

  private sendFull(): void {
    if (this.items.length >= this.options.batchSize && this.inFlight.size < this.window) this.send();
  }

  private send(): void {
    const keys = this.keys;
    const items = this.items;
    this.keys = [];
    this.items = [];
    const answered = this.pool.score(items).then(
      (scores) => this.options.onScores(keys, scores),
      (error: unknown) => {
        if (error instanceof ScoringStopped) return;
        this.broken = true;
        this.options.onError(error);
      },
    ).catch(() => {
      this.broken = true; // onScores threw: scored another way
    });
    items.length = 0; // the worker has its copy; none kept here
    const settled = answered.finally(() => {
      this.inFlight.delete(settled);
      this.sendFull(); // a full batch that waited for room
    });
    this.inFlight.add(settled);
  }
}
