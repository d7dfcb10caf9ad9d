// Handlers for the audit.* channels: an account's entries, newest first, and the chain check.
// Audit details never hold secrets (the vault seals them anyway); a Collaborator may read them.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';

export function auditHandlers({ vault }: Services): HandlerSlice<'audit.forAccount' | 'audit.verify'> {
  return {
    'audit.forAccount': ({ id, limit = 100 }) =>
      vault
        .unlocked()
        .audit.forAccount(id, limit)
        .map((entry) => ({ seq: entry.seq, at: entry.at, kind: entry.kind, details: entry.details })),
    'audit.verify': () => {
      const verdict = vault.unlocked().audit.verify();
      return verdict.ok ? { intact: true as const } : { intact: false as const, firstBadSeq: verdict.firstBadSeq, reason: verdict.message };
    },
  };
}
