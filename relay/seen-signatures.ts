// The signatures of signed requests (protocol/signed-requests.ts) this relay has accepted, each
// kept until its time falls out of the allowed clock skew: a request captured on the way (or
// logged by a proxy) is refused when sent again, whether it would create a share link, revoke
// one, or change SCIM and Universal Logout settings. Bounded: at the cap, expired entries go
// first, and a relay still full refuses (a refused request is retried by its device; an
// accepted replay could not be undone).
//
// Two memories behind one interface: in this process (below, with a SQLite store: one relay)
// and a PostgreSQL table shared by every relay node on the database (postgres-seen-signatures.ts),
// so a request accepted by one node is refused by the others. protocol/signed-requests.ts asks
// its `firstUse` synchronously; verifyOnce runs the check first and asks the memory after.
import type { FirstUse } from '../protocol/signed-requests';

export const MAX_SEEN_SIGNATURES = 200_000;

export interface SeenSignatures {
  /** True the first time a (valid, timely) signature is offered; remembers it until `expiresAt`. False for a replay, or while the memory is full of timely ones. */
  firstUse(signature: string, expiresAt: number): Promise<boolean>;
  /** Signatures remembered now (expired ones included until they make room). */
  size(): Promise<number>;
}

/**
 * Runs a signature check that takes a synchronous FirstUse, then asks `seen` whether the
 * signature it accepted is offered for the first time: the check's result if so, else undefined.
 * A signature the check refuses is never remembered (a forged header cannot fill the memory).
 */
export async function verifyOnce<T>(seen: SeenSignatures, verify: (firstUse: FirstUse) => T): Promise<T | undefined> {
  let offered: [signature: string, expiresAt: number] | undefined;
  const result = verify((signature, expiresAt) => {
    offered = [signature, expiresAt];
    return true;
  });
  if (!result || !offered) return undefined;
  return (await seen.firstUse(...offered)) ? result : undefined;
}

export class MemorySeenSignatures implements SeenSignatures {
  readonly #until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now, private readonly max = MAX_SEEN_SIGNATURES) {}

  async firstUse(signature: string, expiresAt: number): Promise<boolean> {
    if (this.#until.has(signature)) return false;
    if (this.#until.size >= this.max) this.#dropExpired();
    if (this.#until.size >= this.max) return false;
    this.#until.set(signature, expiresAt);
    return true;
  }

  async size(): Promise<number> {
    return this.#until.size;
  }

  #dropExpired(): void {
    const now = this.now();
    for (const [signature, until] of this.#until) if (until < now) this.#until.delete(signature);
  }
}
