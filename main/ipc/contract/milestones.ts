// Channels for the five milestones: one account's milestones with what
// completes each, and every live account's level for list badges and filters.
import { z } from 'zod';
import { channel } from './define';
import { id } from './limits';

export type MilestoneId = 'credentials' | 'managedContact' | 'managedMfa' | 'shared' | 'rotation';
/** The one thing a person can do in the app to complete a milestone. */
export type MilestoneAction = 'set-managed-contact' | 'add-totp';
/**
 * achieved: proven. warning: it works but something lowers it (a weak, reused or breach-shaped
 * password). failed: tried or configured and it does not work. pending: the proof is being
 * computed. missing: not set up. Only `achieved` counts toward the level.
 */
export type MilestoneStatus = 'achieved' | 'warning' | 'failed' | 'pending' | 'missing';
export type MilestoneState = {
  id: MilestoneId;
  title: string;
  /** Same as `status === 'achieved'`. */
  achieved: boolean;
  status: MilestoneStatus;
  /** Why it is achieved (achieved) or what is wrong or missing, in one or two sentences. */
  detail: string;
  /** Null when nothing in the app can complete it yet; `detail` then says what will. */
  action: MilestoneAction | null;
  /** When `detail` names a day (UTC, YYYY-MM-DD): the moment it refers to, for the app to show in the person's locale. */
  at?: number;
};
export type AttentionReason = 'verification-failed' | 'password-issues' | 'totp-invalid' | 'rotation-failed';
export type AccountMilestones = {
  /** 0–5: one point per achieved milestone. */
  level: number;
  milestones: MilestoneState[];
  attention: AttentionReason[];
};

/** `missing`: every milestone not achieved; `failed`: those among them that failed (not "not yet"). */
export type AccountLevel = { id: string; level: number; missing: MilestoneId[]; failed: MilestoneId[]; attention: AttentionReason[] };

export const milestonesChannels = {
  'milestones.forAccount': channel<AccountMilestones>()(z.strictObject({ id })),
  /** `checking`: some passwords or TOTP keys are still being checked in the background; ask again for their final level. */
  'milestones.levels': channel<{ accounts: AccountLevel[]; checking: boolean }>()(z.strictObject({})),
};
