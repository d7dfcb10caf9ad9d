// Handlers for the milestones.* channels: facts from the vault's secret-free summaries, the
// last automated verification and the rotation policies, judged by main/milestones.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';
import { computeMilestones } from '../../milestones/milestones';
import { coveredByRotation, enabledPolicyScopes, factsFromSummary } from '../../milestones/account-facts';
import { hostOf } from '../../vault';

export function milestonesHandlers({ vault, logins, rotation }: Services): HandlerSlice<'milestones.forAccount' | 'milestones.levels'> {
  return {
    'milestones.forAccount': ({ id }) => {
      const account = vault.unlocked().accounts.get(id);
      const hosts = account.urls.map(hostOf).filter((h) => h !== '');
      const rotationPolicy = coveredByRotation(enabledPolicyScopes(rotation.scheduler))({ id, tags: account.tags, hosts });
      return computeMilestones(factsFromSummary({ ...account, hasTotp: account.totp !== null }, logins.verifications().get(id), rotationPolicy));
    },
    'milestones.levels': () => {
      const verifications = logins.verifications();
      const covered = coveredByRotation(enabledPolicyScopes(rotation.scheduler));
      return { accounts: vault.unlocked().accounts.list({ deleted: 'exclude' }).flatMap((entry) => {
        if (entry.status !== 'ok') return [];
        const { level, milestones, attention } = computeMilestones(factsFromSummary(entry, verifications.get(entry.id), covered(entry)));
        return [{ id: entry.id, level, missing: milestones.filter((m) => !m.achieved).map((m) => m.id), attention }];
      }) };
    },
  };
}

