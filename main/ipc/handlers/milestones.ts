// Handlers for the milestones.* channels: facts from the vault's secret-free summaries and
// the last automated verification, judged by main/milestones.
import type { HandlerSlice } from '../handler-table';
import type { Services } from '../../services';
import { computeMilestones } from '../../milestones/milestones';
import { factsFromSummary } from '../../milestones/account-facts';

export function milestonesHandlers({ vault, logins }: Services): HandlerSlice<'milestones.forAccount' | 'milestones.levels'> {
  return {
    'milestones.forAccount': ({ id }) => {
      const account = vault.unlocked().accounts.get(id);
      return computeMilestones(factsFromSummary({ ...account, hasTotp: account.totp !== null }, logins.verifications().get(id)));
    },
    'milestones.levels': () => {
      const verifications = logins.verifications();
      return { accounts: vault.unlocked().accounts.list({ deleted: 'exclude' }).flatMap((entry) => {
        if (entry.status !== 'ok') return [];
        const { level, milestones, attention } = computeMilestones(factsFromSummary(entry, verifications.get(entry.id)));
        return [{ id: entry.id, level, missing: milestones.filter((m) => !m.achieved).map((m) => m.id), attention }];
      }) };
    },
  };
}
