// Handlers for the milestones.* channels: facts from the vault's secret-free summaries,
// judged by main/milestones.
import type { HandlerSlice } from '../handler-table';
import type { Services } from '../../services';
import { computeMilestones } from '../../milestones/milestones';
import { factsFromSummary } from '../../milestones/account-facts';

export function milestonesHandlers({ vault }: Services): HandlerSlice<'milestones.forAccount' | 'milestones.levels'> {
  return {
    'milestones.forAccount': ({ id }) => {
      const account = vault.unlocked().accounts.get(id);
      return computeMilestones(factsFromSummary({ ...account, hasTotp: account.totp !== null }));
    },
    'milestones.levels': () => ({
      accounts: vault.unlocked().accounts.list({ deleted: 'exclude' }).flatMap((entry) => {
        if (entry.status !== 'ok') return [];
        const { level, milestones, attention } = computeMilestones(factsFromSummary(entry));
        return [{ id: entry.id, level, missing: milestones.filter((m) => !m.achieved).map((m) => m.id), attention }];
      }),
    }),
  };
}
