// Locks the vault after a period without activity (default 10 minutes). The owner calls
// `touch()` on every user action; suspend and screen lock are hooked by main/app, which
// calls the vault's `lock()` directly. A timeout of 0 disables the timer (CLI).
export const DEFAULT_IDLE_LOCK_MS = 10 * 60 * 1000;

export class IdleLock {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timeoutMs: number;
  private quiet = 0;

  constructor(
    private readonly onIdle: () => void,
    timeoutMs = DEFAULT_IDLE_LOCK_MS,
  ) {
    this.timeoutMs = timeoutMs;
  }

  get timeout(): number {
    return this.timeoutMs;
  }

  /** Changes the timeout; a running timer restarts with the new value. */
  setTimeout(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The idle timeout must be 0 (off) or a positive number of milliseconds.');
    this.timeoutMs = ms;
    if (this.timer !== null) this.start();
  }

  /** (Re)starts the countdown. */
  start(): void {
    this.stop();
    if (this.timeoutMs === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onIdle();
    }, this.timeoutMs);
    // An idle timer alone must not keep a CLI process alive.
    this.timer.unref?.();
  }

  /** Activity: restarts the countdown if it is running. */
  touch(): void {
    if (this.timer !== null && this.quiet === 0) this.start();
  }

  /**
   * Runs synchronous `work` without counting it as activity: background work (mail arriving,
   * sync) must not keep an unattended vault unlocked.
   */
  untouched<T>(work: () => T): T {
    this.quiet++;
    try {
      return work();
    } finally {
      this.quiet--;
    }
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  get running(): boolean {
    return this.timer !== null;
  }
}
