// The facts service for one CLI command: the same AccountFactsService the app uses, fed from
// what the CLI can read without live sync — the sealed verification record next to the vault,
// the vault's policies and finished jobs, and the workspaces saved in the vault.
import { dirname } from 'node:path';
import type { Vault } from '../vault';
import type { AccountFactsService } from '../milestones/facts-service';
import type { AccountMilestones, MilestoneState } from '../milestones/milestones';
import { workspaceIds } from '../sharing/saved-workspace-ids';
import type { CliContext } from './context';

/** Per shared account, how many others hold a role on it; the sync engine loads only for a vault in a workspace. */
async function savedRoleHolders(vault: Vault): Promise<Map<string, number>> {
  if (workspaceIds(vault.sync).length === 0) return new Map();
  const { otherRoleHolders, savedPeers } = await import('../sharing/role-holders');
  return otherRoleHolders(await savedPeers(vault));
}

/** Loaded when first needed, not at start: only the commands that show a level need them. */
function factsModules() {
  return Promise.all([import('../milestones/facts-service'), import('../logins/run-store'), import('../logins/blob-sealer'), import('../rotation/schedule/policy-scheduler')]);
}

/** Loads what cliFacts needs ahead (a command does it while the KDF runs). */
export async function loadCliFacts(): Promise<void> {
  await factsModules();
}

export async function cliFacts(context: CliContext, vault: Vault): Promise<AccountFactsService> {
  const [{ AccountFactsService }, { RunStore }, { vaultSealer }, { PolicyScheduler }] = await factsModules();
  // Once per vault written before summaries carried the password's fingerprint: after this,
  // a level needs no account decrypted but the ones it shows.
  vault.accounts.backfillFingerprints();
  const runs = new RunStore(dirname(context.vaultPath), vaultSealer(() => vault));
  const scheduler = new PolicyScheduler({ vault: () => vault });
  const holders = await savedRoleHolders(vault);
  return new AccountFactsService({
    vault: () => vault,
    verifications: () => runs.verifications(),
    policies: () => scheduler.policies(),
    finishedJobs: () => scheduler.jobs.list(['done', 'failed']),
    otherRoleHolders: () => holders,
  });
}

/** The level as `--json` carries it: the level, and each milestone's id, status and detail. */
export function levelJson(result: AccountMilestones) {
  return {
    level: result.level,
    milestones: result.milestones.map(({ id, status, detail }) => ({ id, status, detail })),
    attention: result.attention,
  };
}

const MARK: Record<MilestoneState['status'], string> = { achieved: '✓', warning: '!', failed: '✗', pending: '…', missing: '○' };

/** One line per milestone: mark, title, status and detail. */
export function milestoneLines(result: AccountMilestones, indent = '  '): string[] {
  return result.milestones.map((m) => `${indent}${MARK[m.status]} ${m.title}${m.achieved ? '' : ` (${m.status === 'missing' ? 'not yet' : m.status})`}: ${m.detail}`);
}
