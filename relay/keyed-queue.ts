// Runs asynchronous tasks one after another per key (a doc id, a workspace id), in the order
// they were queued; tasks under different keys run concurrently. The hub uses it so that a
// doc's appends, their fan-out and the registration of a new subscriber never interleave now
// that store calls are asynchronous (relay-hub.ts).
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.#tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => {},
      () => {},
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Keys with a task queued or running (0 when idle). */
  get size(): number {
    return this.#tails.size;
  }
}
