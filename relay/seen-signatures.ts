// The signatures of signed requests (protocol/signed-requests.ts) this relay has accepted, each
// kept until its time falls out of the allowed clock skew: a request captured on the way (or
// logged by a proxy) is refused when sent again, whether it would create a share link, revoke
// one, or change SCIM and Universal Logout settings. Bounded: at the cap, expired entries go
// first, and a relay still full refuses (a refused request is retried by its device; an
// accepted replay could not be undone).
import type { FirstUse } from '../protocol/signed-requests';

export const MAX_SEEN_SIGNATURES = 200_000;

export class SeenSignatures {
  readonly #until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now, private readonly max = MAX_SEEN_SIGNATURES) {}

  /** For verifyRequest: true the first time a signature is offered while it is still timely. */
  readonly firstUse: FirstUse = (signature, expiresAt) => {
    if (this.#until.has(signature)) return false;
    if (this.#until.size >= this.max) this.#dropExpired();
    if (this.#until.size >= this.max) return false;
    this.#until.set(signature, expiresAt);
    return true;
  };

  get size(): number {
    return this.#until.size;
  }

  #dropExpired(): void {
    const now = this.now();
    for (const [signature, until] of this.#until) if (until < now) this.#until.delete(signature);
  }
}
