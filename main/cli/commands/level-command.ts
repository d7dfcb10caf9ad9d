// `tessera level`: the security level of every live account in one summary — how many
// accounts sit at each level, how many miss or failed each milestone, and per account below
// level 5 what blocks the next level (every milestone not achieved, failures first).
import type { Command } from 'commander';
import { MILESTONE_IDS, MILESTONE_TITLES, overviewOf, type MilestoneState } from '../../milestones/milestones';
import { cliContext, withUnlockedVault } from '../context';
import { cliFacts } from '../cli-facts';

const ORDER: Record<MilestoneState['status'], number> = { failed: 0, warning: 1, pending: 2, missing: 3, achieved: 4 };

export function registerLevelCommand(program: Command): void {
  program
    .command('level')
    .description('security level summary: accounts per level and what blocks the next level of each')
    .option('--below <n>', 'list only accounts below this level (default 5)', (v) => Number.parseInt(v, 10))
    .action(async (options: { below?: number }, command: Command) => {
      const context = cliContext(command);
      const below = Number.isInteger(options.below) ? options.below! : MILESTONE_IDS.length;
      const results = await withUnlockedVault(context, async (vault) => (await cliFacts(context, vault)).all({ scoreNow: true }));
      const overview = overviewOf(results.map((r) => r.milestones));
      const accounts = results.filter((r) => r.milestones.level < below).map(({ summary, milestones }) => ({
        id: summary.id,
        name: summary.name,
        level: milestones.level,
        blocking: milestones.milestones.filter((m) => !m.achieved).sort((a, b) => ORDER[a.status] - ORDER[b.status])
          .map(({ id, status, detail }) => ({ id, status, detail })),
      }));
      const lines = [
        `${overview.total} account${overview.total === 1 ? '' : 's'}; at level 5: ${overview.distribution[5]}`,
        ...overview.distribution.map((count, level) => `  level ${level}: ${count}`).reverse(),
        'Missing (failed):',
        ...MILESTONE_IDS.map((id) => `  ${MILESTONE_TITLES[id]}: ${overview.missing[id]} (${overview.failed[id]})`),
      ];
      if (accounts.length > 0) lines.push('', 'What blocks the next level:');
      for (const account of accounts) {
        lines.push(`  ${account.name} (${account.id}) — level ${account.level}`);
        for (const m of account.blocking) lines.push(`    ${m.status === 'missing' ? 'not yet' : m.status}: ${MILESTONE_TITLES[m.id]} — ${m.detail}`);
      }
      context.out.result({ ...overview, accounts }, lines.join('\n'));
    });
}
