// Scoring passwords off the main thread: a small pool of worker threads running
// password-scoring-worker.ts. zxcvbn costs about 0.4–1 ms per password on this project's
// 2-core machine for a typical 20–30 character password with its dictionary matchers pruned
// (dashboard/pruned-dictionary-matchers.ts; 7–15 ms with zxcvbn-ts's stock ones), so a vault of
// 10k would still keep the main process busy for several seconds (a worker first builds
// zxcvbn's dictionaries and their index, ~0.5–1 s). The main
// process sends only what zxcvbn needs (the password and the user inputs) in batches over each
// worker's message port — memory, never disk — and gets the scores back in the same order.
// Workers keep nothing between batches; the pool is terminated when the vault locks and when a
// background run ends, which also rejects every batch still waiting.
//
// Where the worker is: built, out/main/password-scoring-worker.js next to the bundle (or its
// chunk's parent folder); from source (vitest, the web test host), the .ts beside this file,
// run with Node's type stripping and a resolve hook that adds `.ts` to relative imports. When
// neither exists, `locateScoringWorker` says null and the caller scores on the main thread.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export type ScoringItem = { password: string; inputs: readonly string[] };
export type ScoringRequest = { batch: number; items: ScoringItem[] };
/** Scores in the items' order; -1 where scoring failed. */
export type ScoringReply = { batch: number; scores: number[] };

/** The worker's file: a built .js, or the .ts source (run with type stripping). */
export type ScoringWorkerFile = { path: string; source: boolean };

/** Thrown to batches still waiting when the pool is terminated (lock, end of a run). */
export class ScoringStopped extends Error {
  constructor() {
    super('password scoring stopped');
  }
}

const WORKER = 'password-scoring-worker';

/** The worker next to this module (built or source), or null when there is none to run. */
export function locateScoringWorker(here = dirname(fileURLToPath(import.meta.url))): ScoringWorkerFile | null {
  // Built: out/main/<entry>.js or out/main/chunks/<chunk>.js import this module.
  const built = [join(here, `${WORKER}.js`), join(here, '..', `${WORKER}.js`)].find((file) => existsSync(file));
  if (built) return { path: built, source: false };
  const source = join(here, `${WORKER}.ts`);
  if (existsSync(source) && process.features.typescript) return { path: source, source: true };
  return null;
}

/** Relative imports without an extension (how the sources are written) resolve to their .ts file. */
const TS_RESOLVE_HOOK = `export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && /^\\.\\.?\\//.test(specifier) && !/\\.[cm]?[jt]s$/.test(specifier)) return next(specifier + '.ts', context);
    throw error;
  }
}`;

function startWorker(file: ScoringWorkerFile): Worker {
  if (!file.source) return new Worker(file.path);
  const hook = `data:text/javascript,${encodeURIComponent(TS_RESOLVE_HOOK)}`;
  const bootstrap = `require('node:module').register(${JSON.stringify(hook)}); import(${JSON.stringify(pathToFileURL(file.path).href)});`;
  return new Worker(bootstrap, { eval: true });
}

type Waiting = { resolve: (scores: number[]) => void; reject: (error: Error) => void };
type Slot = { worker: Worker; waiting: Map<number, Waiting> };

/** Workers a pool starts: one per core, at most two (the main process and the UI keep a share). */
export const defaultScoringWorkers = () => Math.max(1, Math.min(2, availableParallelism()));

export class PasswordScoringPool {
  private readonly slots: Slot[];
  private nextBatch = 0;
  private stopped = false;
  private alive: number;

  constructor(file: ScoringWorkerFile, size = defaultScoringWorkers()) {
    this.alive = Math.max(1, size);
    this.slots = Array.from({ length: Math.max(1, size) }, () => {
      const slot: Slot = { worker: startWorker(file), waiting: new Map() };
      // Never keeps a process (the CLI) alive by itself.
      slot.worker.unref();
      slot.worker.on('message', (reply: ScoringReply) => {
        const waiting = slot.waiting.get(reply.batch);
        slot.waiting.delete(reply.batch);
        waiting?.resolve(reply.scores);
      });
      const fail = (error: Error) => {
        for (const waiting of slot.waiting.values()) waiting.reject(error);
        slot.waiting.clear();
      };
      slot.worker.on('error', fail);
      slot.worker.on('exit', () => {
        this.alive--;
        fail(this.stopped ? new ScoringStopped() : new Error('password scoring worker exited'));
      });
      return slot;
    });
  }

  get size(): number {
    return this.slots.length;
  }

  /** Worker threads that have not exited yet. */
  get running(): number {
    return this.alive;
  }

  /** Batches sent and not yet answered, over all workers. */
  get pending(): number {
    return this.slots.reduce((sum, slot) => sum + slot.waiting.size, 0);
  }

  /** Scores a batch on the least busy worker; rejects with ScoringStopped once terminated. */
  score(items: ScoringItem[]): Promise<number[]> {
    if (this.stopped) return Promise.reject(new ScoringStopped());
    const slot = this.slots.reduce((best, s) => (s.waiting.size < best.waiting.size ? s : best));
    const batch = this.nextBatch++;
    return new Promise<number[]>((resolve, reject) => {
      slot.waiting.set(batch, { resolve, reject });
      slot.worker.postMessage({ batch, items } satisfies ScoringRequest);
    });
  }

  /** Ends every worker now (what they hold goes with them); waiting batches reject with ScoringStopped. */
  async terminate(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const slot of this.slots) {
      for (const waiting of slot.waiting.values()) waiting.reject(new ScoringStopped());
      slot.waiting.clear();
    }
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
