// Handlers for the milestones.* channels: thin calls into the one facts service
// (main/milestones/facts-service.ts), which gathers and judges every account's facts.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';

export function milestonesHandlers({ facts }: Services): HandlerSlice<'milestones.forAccount' | 'milestones.levels'> {
  return {
    'milestones.forAccount': ({ id }) => facts.forAccount(id),
    'milestones.levels': () => ({
      accounts: facts.all().map(({ summary, milestones: { level, milestones, attention } }) => ({
        id: summary.id,
        level,
        missing: milestones.filter((m) => !m.achieved).map((m) => m.id),
        failed: milestones.filter((m) => m.status === 'failed').map((m) => m.id),
        attention,
      })),
    }),
  };
}
