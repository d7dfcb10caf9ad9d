// The rotation journal: one entry per rotation, holding the old and the new candidate
// password (sealed in the vault, never plaintext), written durably at every transition
// together with its audit entry (`rotation.<state>`). When a rotation finishes the
// candidates are dropped from the entry: the vault item and its history hold them; an
// entry flagged RECONCILE keeps both until a person resolves it.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { TesseraError } from '../errors';
import { FailureReportSchema } from '../../automation/flows/failure-report';
import type { JournalRecord, Vault } from '../vault';
import { FINAL_STATES, OPEN_STATES, SUBMITTED_STATES, canTransition, isRotationState, type RotationState } from './rotation-states';

export const JournalDataSchema = z.object({
  username: z.string(),
  loginUrl: z.string(),
  /** Null once the rotation finished (the vault holds it). */
  oldPassword: z.string().nullable(),
  newPassword: z.string().nullable(),
  /** The account version the old password was read at. */
  accountVersion: z.number().int(),
  trigger: z.string(),
  /** Why the rotation is where it is; never contains a password. */
  reasons: z.array(z.string()),
  /** Set when the site change did not go through: what a person needs to act (automation/flows/failure-report.ts). */
  failure: FailureReportSchema.optional(),
  /** The page the change stopped on, password and code fields masked (PNG, base64). */
  failureScreenshot: z.string().max(4_000_000).optional(),
});
export type JournalData = z.output<typeof JournalDataSchema>;

export interface JournalEntry {
  id: string;
  accountId: string;
  jobId: string | null;
  state: RotationState;
  createdAt: number;
  updatedAt: number;
  data: JournalData;
}

function toEntry(record: JournalRecord): JournalEntry {
  const data = JournalDataSchema.safeParse(record.data);
  if (!data.success || !isRotationState(record.state)) {
    throw new TesseraError('ITEM_CORRUPT', `The rotation journal entry ${record.id} is damaged. Check the account's password by hand.`, { itemId: record.id });
  }
  return { id: record.id, accountId: record.accountId, jobId: record.jobId, state: record.state, createdAt: record.createdAt, updatedAt: record.updatedAt, data: data.data };
}

/** Audit kinds per state, e.g. rotation.in_doubt. */
export function auditKindFor(state: RotationState): string {
  return `rotation.${state.toLowerCase()}`;
}

export class RotationJournal {
  constructor(private readonly vault: Vault) {}

  /**
   * PREPARE: records both candidates before anything else happens. Refuses when the account
   * already has an unfinished rotation (or one flagged RECONCILE).
   */
  begin(accountId: string, jobId: string | null, data: JournalData): JournalEntry {
    return this.vault.rotation.write((tx) => {
      const open = this.openFor(accountId);
      if (open) {
        throw new TesseraError(
          'ROTATION_IN_PROGRESS',
          open.state === 'RECONCILE'
            ? 'A rotation of this account needs reconciling first: choose which password works on the site.'
            : 'This account is already being rotated (or an interrupted rotation waits for recovery). Try again in a minute.',
          { rotationId: open.id, state: open.state },
        );
      }
      const entry: JournalEntry = { id: randomUUID(), accountId, jobId, state: 'PREPARE', createdAt: tx.now, updatedAt: tx.now, data };
      tx.putJournal(entry);
      tx.audit(auditKindFor('PREPARE'), accountId, { rotationId: entry.id, trigger: data.trigger, ...(jobId ? { jobId } : {}) });
      return entry;
    });
  }

  /** Moves the entry to `state` (durable before it returns); `patch` updates its data. */
  transition(entry: JournalEntry, state: RotationState, reason?: string, patch: Partial<JournalData> = {}): JournalEntry {
    if (!canTransition(entry.state, state)) {
      throw new TesseraError('INTERNAL', `The rotation cannot go from ${entry.state} to ${state}.`);
    }
    const reasons = reason ? [...entry.data.reasons, reason] : entry.data.reasons;
    let data: JournalData = { ...entry.data, ...patch, reasons };
    if (FINAL_STATES.includes(state)) data = { ...data, oldPassword: null, newPassword: null };
    return this.vault.rotation.write((tx) => {
      // The stored state must be the one this transition starts from: never overwrite a newer one.
      const stored = this.vault.rotation.journal(entry.id)?.state;
      if (stored !== entry.state) {
        throw new TesseraError('ROTATION_IN_PROGRESS', `Rotation ${entry.id} moved on to ${stored ?? 'nothing'} elsewhere; it was not changed.`, { rotationId: entry.id });
      }
      const next: JournalEntry = { ...entry, state, updatedAt: tx.now, data };
      tx.putJournal(next);
      tx.audit(auditKindFor(state), entry.accountId, { rotationId: entry.id, from: entry.state, ...(reason ? { reason } : {}) });
      return next;
    });
  }

  get(id: string): JournalEntry {
    const record = this.vault.rotation.journal(id);
    if (!record) throw new TesseraError('ITEM_NOT_FOUND', `No rotation ${id}.`);
    return toEntry(record);
  }

  /** Interrupted rotations (of one account, or of all), oldest first. */
  interrupted(accountId?: string): JournalEntry[] {
    return this.vault.rotation.journalEntries({ states: OPEN_STATES, ...(accountId !== undefined ? { accountId } : {}) }).map(toEntry);
  }

  /** Entries flagged RECONCILE. */
  needingReconcile(): JournalEntry[] {
    return this.vault.rotation.journalEntries({ states: ['RECONCILE'] }).map(toEntry);
  }

  forAccount(accountId: string): JournalEntry[] {
    return this.vault.rotation.journalEntries({ accountId }).map(toEntry);
  }

  /**
   * The newest rotation of the account whose new password may be on the site but not yet in
   * the vault (submitted, not settled: IN_DOUBT, VERIFY_*, RECONCILE), with that candidate.
   */
  submitted(accountId: string): { rotationId: string; newPassword: string; since: number } | undefined {
    const entry = this.vault.rotation
      .journalEntries({ states: SUBMITTED_STATES, accountId })
      .map(toEntry)
      .filter((e) => e.data.newPassword)
      .at(-1);
    return entry ? { rotationId: entry.id, newPassword: entry.data.newPassword!, since: entry.updatedAt } : undefined;
  }

  openFor(accountId: string): JournalEntry | undefined {
    return this.forAccount(accountId).find((entry) => !FINAL_STATES.includes(entry.state));
  }
}
