// Channels for the five milestones (DESIGN.md §1): one account's milestones with what
// completes each, and every live account's level for list badges and filters. The shapes
// are main/milestones' own (a pure module), re-exported as the contract's types.
import { z } from 'zod';
import { channel } from './define';
import { id } from './limits';
import type { AccountMilestones, AttentionReason, MilestoneId } from '../../milestones/milestones';

export type { AccountMilestones, AttentionReason, MilestoneAction, MilestoneId, MilestoneState, MilestoneStatus } from '../../milestones/milestones';

/** `missing`: every milestone not achieved; `failed`: those among them that failed (not "not yet"). */
export type AccountLevel = { id: string; level: number; missing: MilestoneId[]; failed: MilestoneId[]; attention: AttentionReason[] };

export const milestonesChannels = {
  'milestones.forAccount': channel<AccountMilestones>()(z.strictObject({ id })),
  'milestones.levels': channel<{ accounts: AccountLevel[] }>()(z.strictObject({})),
};
