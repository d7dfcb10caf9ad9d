// Channels for the audit log as people read it: an account's entries on its page, and a check
// that the whole hash chain still verifies.
import { z } from 'zod';
import { channel } from './define';
import { id } from './limits';

export type AuditDetailValue = string | number | boolean | null | readonly string[];

export type AuditEntryView = {
  seq: number;
  at: number;
  kind: string;
  /** Null when the sealed details did not decrypt (the chain check says why). */
  details: Record<string, AuditDetailValue> | null;
};

export type AuditChainStatus = { intact: true } | { intact: false; firstBadSeq: number | null; reason: string };

export const auditChannels = {
  'audit.forAccount': channel<AuditEntryView[]>()(
    z.strictObject({ id, limit: z.number().int().min(1).max(500).optional() }),
  ),
  'audit.verify': channel<AuditChainStatus>()(z.strictObject({})),
};
