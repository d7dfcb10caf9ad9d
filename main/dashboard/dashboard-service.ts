// The dashboard's numbers for the unlocked vault: milestone levels of every live account,
// password health, and what needs a person (see attention.ts). Scoring a password (zxcvbn, a few ms each) is the slow part, so the
// per-account results are kept in memory by account version and dropped on lock, and the
// first scoring yields to the event loop every few milliseconds so the main process keeps
// answering other calls. The password itself is never kept: only its score, keyed
// fingerprint and age.
import type { EventBus } from '../event-bus';
import type { VaultManager } from '../vault-manager/vault-manager';
import { coveredByRotation, factsFromSummary } from '../milestones/account-facts';
import type { RotationPolicy } from '../policies/scheduler/rotation-policy';
import type { Job } from '../policies/scheduler/job-queue';
import { attentionOf } from './attention';
import { computeMilestones, overviewOf } from '../milestones/milestones';
import { passwordHealth, type PasswordFacts } from './password-health';
import { passwordStrength } from './password-strength';
import type { DashboardView } from './dashboard-view';

const EXAMPLES_PER_MILESTONE = 5;
/** Longest stretch of scoring before other work gets a turn. */
const SLICE_MS = 10;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Where the dashboard reads automation and rotation state. */
export type DashboardSources = {
  /** The last conclusive automated verification per account (milestone 1). */
  verifications: () => ReadonlyMap<string, { succeeded: boolean; at: number }>;
  /** Every rotation policy (enabled ones count for milestone 5). */
  policies: () => readonly RotationPolicy[];
  /** Rotation jobs waiting for approval or queued. */
  openJobs: () => readonly Job[];
};

const NO_SOURCES: DashboardSources = { verifications: () => new Map(), policies: () => [], openJobs: () => [] };

export class DashboardService {
  private readonly cache = new Map<string, Omit<PasswordFacts, 'id' | 'name'>>();
  /** One computation at a time: a second caller waits for the running one. */
  private running: Promise<DashboardView> | null = null;

  constructor(
    private readonly vault: VaultManager,
    events: EventBus,
    private readonly sources: DashboardSources = NO_SOURCES,
  ) {
    events.subscribe((event) => {
      if (event === 'vault.locked') this.cache.clear();
    });
  }

  overview(now = Date.now()): Promise<DashboardView> {
    this.running ??= this.compute(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async compute(now: number): Promise<DashboardView> {
    let v = this.vault.unlocked();
    const live = v.accounts.list({ deleted: 'exclude' }).flatMap((e) => (e.status === 'ok' ? [e] : []));
    live.sort((a, b) => a.name.localeCompare(b.name));
    const verifications = this.sources.verifications();
    const policies = this.sources.policies();
    const covered = coveredByRotation(policies.filter((p) => p.enabled).map((p) => p.scope));
    const results = live.map((summary) => ({ summary, milestones: computeMilestones(factsFromSummary(summary, verifications.get(summary.id), covered(summary))) }));
    const missingExamples = {} as DashboardView['missingExamples'];
    for (const { summary, milestones } of results) {
      for (const m of milestones.milestones) {
        const list = (missingExamples[m.id] ??= []);
        if (!m.achieved && list.length < EXAMPLES_PER_MILESTONE) list.push({ id: summary.id, name: summary.name });
      }
    }
    const seen = new Set<string>();
    const facts: PasswordFacts[] = [];
    let sliceStart = performance.now();
    for (const summary of live) {
      if (!summary.hasPassword) continue;
      const key = `${summary.id}:${summary.version}`;
      seen.add(key);
      let entry = this.cache.get(key);
      if (!entry) {
        if (performance.now() - sliceStart > SLICE_MS) {
          await yieldToEventLoop();
          // The vault may have locked meanwhile: this throws VAULT_LOCKED then.
          v = this.vault.unlocked();
          sliceStart = performance.now();
        }
        const account = v.accounts.get(summary.id);
        const history = v.accounts.passwordHistory(summary.id);
        entry = {
          score: passwordStrength(account.password, [account.username, account.name, ...summary.hosts]),
          fingerprint: v.secretFingerprint(account.password),
          setAt: history.at(-1)?.replacedAt ?? account.createdAt,
        };
        this.cache.set(key, entry);
      }
      facts.push({ id: summary.id, name: summary.name, ...entry });
    }
    for (const key of this.cache.keys()) if (!seen.has(key)) this.cache.delete(key);
    return {
      levels: overviewOf(results.map((r) => r.milestones)),
      missingExamples,
      passwords: passwordHealth(facts, now),
      attention: attentionOf({ accounts: live, verifications, openJobs: this.sources.openJobs(), policies, now }),
    };
  }
}
