// No table changes: from this version a summary in the sealed index shards may carry a 14th
// and 15th element, the password's keyed fingerprint and its strength score (summary-shards.ts),
// so reuse and strength are known without decrypting or scoring every account again. The version marks it, so an older Tessera refuses the vault
// (VAULT_TOO_NEW) instead of taking those shards for damaged ones. Summaries written before
// get the fingerprint later (AccountService.backfillFingerprints).
import type { Migration } from './migration';

export const migration0005: Migration = {
  version: 5,
  up() {},
};
