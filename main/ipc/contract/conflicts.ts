// Channels for concurrent edits of the same secret on a shared account (main/sync
// secret-conflicts.ts): who wrote each value and when, one value on explicit request, and
// the Owner's choice. Owners only; values never travel unless revealed, and each reveal and
// resolution is audited.
import { z } from 'zod';
import { channel } from './define';
import { id, shortText } from './limits';

export type ConflictCandidateView = {
  id: string;
  /** Short, stable label for the device that wrote it ("this device" when it is ours). */
  device: string;
  member: string;
  at: number;
  thisDevice: boolean;
};

export type SecretConflictView = { field: string; candidates: ConflictCandidateView[] };

const choice = z.strictObject({ id, field: shortText.min(1), candidateId: shortText.min(1) });

export const conflictsChannels = {
  'conflicts.list': channel<SecretConflictView[]>()(z.strictObject({ id })),
  'conflicts.reveal': channel<{ value: string }>()(choice),
  'conflicts.resolve': channel<{ resolved: true }>()(choice),
};
