// What a relay keeps besides its log (log-store.ts), as the routes use it: share links and
// workspaces' SMTP servers, SCIM and Universal Logout, and the memory of accepted request
// signatures. open-relay-state.ts picks the stores: SQLite and memory, or PostgreSQL
// (postgres-relay-state.ts) shared by every relay node on the database.
import type { ScimStore } from './scim-store';
import type { SeenSignatures } from './seen-signatures';
import type { ShareLinkStore } from './share-link-store';

export interface RelayState {
  links: ShareLinkStore;
  scim: ScimStore;
  seen: SeenSignatures;
  close(): Promise<void>;
}

/** The clock and cap of the signature memory (tests; the relay uses Date.now and MAX_SEEN_SIGNATURES). */
export interface SeenSignatureBounds {
  now?: () => number;
  max?: number;
}
