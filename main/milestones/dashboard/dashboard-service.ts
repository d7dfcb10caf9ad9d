// The dashboard's numbers for the unlocked vault: milestone levels of every live account,
// password health, and what needs a person (see attention.ts). Scoring a password (zxcvbn,
// several ms each) is the slow part: at 10k accounts the first scoring takes minutes. So an
// overview answers at once with everything else and, until every password is scored, no
// password health but how far the scoring got; the scoring runs in the background, yields to
// the event loop every few milliseconds so the main process keeps answering, and keeps each
// result in memory by (account id, item version), dropped on lock. The password itself is
// never kept: only its score, keyed fingerprint and age.
import type { EventBus } from '../../event-bus';
import type { VaultManager } from '../../vault';
import type { AccountSummary } from '../../vault';
import { coveredByRotation, factsFromSummary } from '../account-facts';
import type { RotationPolicy } from '../../rotation/schedule/rotation-policy';
import type { Job } from '../../rotation/schedule/job-queue';
import { attentionOf } from './attention';
import { computeMilestones, overviewOf } from '../milestones';
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

type Scored = Omit<PasswordFacts, 'id' | 'name'>;
const cacheKey = (summary: AccountSummary) => `${summary.id}:${summary.version}`;

export class DashboardService {
  private readonly cache = new Map<string, Scored>();
  /** The background scoring, while it runs. */
  private scoring: Promise<void> | null = null;
  /** Bumped on lock: a scoring started before stops at its next slice. */
  private generation = 0;

  constructor(
    private readonly vault: VaultManager,
    events: EventBus,
    private readonly sources: DashboardSources = NO_SOURCES,
  ) {
    events.subscribe((event) => {
      if (event !== 'vault.locked') return;
      this.generation++;
      this.cache.clear();
    });
  }

  overview(now = Date.now()): DashboardView {
    // accounts.list comes in name order, so the examples below are the first by name.
    const live = this.vault.unlocked().accounts.list({ deleted: 'exclude' }).flatMap((e) => (e.status === 'ok' ? [e] : []));
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
    const withPassword = live.filter((s) => s.hasPassword);
    const facts: PasswordFacts[] = [];
    for (const summary of withPassword) {
      const scored = this.cache.get(cacheKey(summary));
      if (scored) facts.push({ id: summary.id, name: summary.name, ...scored });
    }
    const complete = facts.length === withPassword.length;
    if (complete) this.forgetOthers(withPassword);
    else this.scoreInBackground();
    return {
      levels: overviewOf(results.map((r) => r.milestones)),
      missingExamples,
      passwords: complete ? passwordHealth(facts, now) : null,
      passwordCheck: { scored: facts.length, total: withPassword.length },
      attention: attentionOf({ accounts: live, verifications, openJobs: this.sources.openJobs(), policies, now }),
    };
  }

  /** Resolves when the background scoring (if any) has finished or stopped. */
  async settled(): Promise<void> {
    await this.scoring;
  }

  private scoreInBackground(): void {
    // A lock stops the scoring (VAULT_LOCKED at its next slice); the next overview restarts it.
    // Started after this answer is sent, so the first slice does not delay it.
    const generation = this.generation;
    this.scoring ??= yieldToEventLoop().then(() => this.scoreMissing(generation)).catch(() => undefined).finally(() => {
      this.scoring = null;
    });
  }

  private async scoreMissing(generation: number): Promise<void> {
    let sliceStart = performance.now();
    const v = this.vault.unlocked();
    const pending = v.accounts.list({ deleted: 'exclude' }).flatMap((e) => (e.status === 'ok' && e.hasPassword && !this.cache.has(cacheKey(e)) ? [e] : []));
    for (const summary of pending) {
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        if (generation !== this.generation) return;
        sliceStart = performance.now();
      }
      const unlocked = this.vault.unlocked();
      let account;
      try {
        account = unlocked.accounts.get(summary.id);
      } catch {
        continue; // changed or deleted meanwhile: the next overview sees its new version
      }
      const history = unlocked.accounts.passwordHistory(summary.id);
      this.cache.set(`${summary.id}:${account.version}`, {
        score: passwordStrength(account.password, [account.username, account.name, ...summary.hosts]),
        fingerprint: unlocked.secretFingerprint(account.password),
        setAt: history.at(-1)?.replacedAt ?? account.createdAt,
      });
    }
  }

  /** Drops results for versions no longer current (edited or deleted accounts). */
  private forgetOthers(current: readonly AccountSummary[]): void {
    if (this.cache.size === current.length) return;
    const keep = new Set(current.map(cacheKey));
    for (const key of this.cache.keys()) if (!keep.has(key)) this.cache.delete(key);
  }
}
