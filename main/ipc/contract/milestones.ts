// Channels for the five milestones: one account's milestones with what
// completes each, and every live account's level for list badges and filters.
import { z } from 'zod';
import { channel } from './define';
import { id } from './limits';

export type MilestoneId = 'credentials' | 'managedContact' | 'managedMfa' | 'shared' | 'rotation';
/** The one thing a person can do in the app to complete a milestone. */
export type MilestoneAction = 'set-managed-contact' | 'add-totp';
export type MilestoneState = {
  id: MilestoneId;
  title: string;
  achieved: boolean;
  /** Why it is achieved (achieved) or what is missing (not achieved), in one sentence. */
  detail: string;
  /** Null when nothing in the app can complete it yet; `detail` then says what will. */
  action: MilestoneAction | null;
};
export type AttentionReason = 'verification-failed';
export type AccountMilestones = {
  /** 0–5: one point per achieved milestone. */
  level: number;
  milestones: MilestoneState[];
  attention: AttentionReason[];
};

export type AccountLevel = { id: string; level: number; missing: MilestoneId[]; attention: AttentionReason[] };

export const milestonesChannels = {
  'milestones.forAccount': channel<AccountMilestones>()(z.strictObject({ id })),
  'milestones.levels': channel<{ accounts: AccountLevel[] }>()(z.strictObject({})),
};
