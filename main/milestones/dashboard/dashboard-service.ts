// The dashboard's numbers for the unlocked vault: milestone levels of every live account (from
// the one facts service), password health, and what needs a person (see attention.ts).
// Scoring a password (zxcvbn, several ms each) is the slow part: at 10k accounts the first
// scoring takes minutes. So an overview answers at once with everything else and, until every
// password is scored, no password health but how far the scoring got; the facts service's
// secret checks score in the background and keep each result by (account id, item version),
// dropped on lock. The password itself is never kept: only its score, keyed fingerprint and age.
import type { RotationPolicy } from '../../rotation/schedule/rotation-policy';
import type { Job } from '../../rotation/schedule/job-queue';
import type { AccountFactsService } from '../facts-service';
import { attentionOf } from './attention';
import { overviewOf } from '../milestones';
import { passwordHealth, type PasswordFacts } from './password-health';
import type { DashboardView } from './dashboard-view';

const EXAMPLES_PER_MILESTONE = 5;

/** Where the dashboard reads automation and rotation state besides the facts service. */
export type DashboardSources = {
  /** The last conclusive automated verification per account. */
  verifications: () => ReadonlyMap<string, { succeeded: boolean; at: number }>;
  /** Every rotation policy (for upcoming rotations). */
  policies: () => readonly RotationPolicy[];
  /** Rotation jobs waiting for approval or queued. */
  openJobs: () => readonly Job[];
};

export class DashboardService {
  constructor(
    private readonly facts: AccountFactsService,
    private readonly sources: DashboardSources,
  ) {}

  overview(now = Date.now()): DashboardView {
    // The facts come in name order, so the examples below are the first by name.
    const results = this.facts.all();
    const missingExamples = {} as DashboardView['missingExamples'];
    for (const { summary, milestones } of results) {
      for (const m of milestones.milestones) {
        const list = (missingExamples[m.id] ??= []);
        if (!m.achieved && list.length < EXAMPLES_PER_MILESTONE) list.push({ id: summary.id, name: summary.name });
      }
    }
    const checks = this.facts.checks;
    const withPassword = results.filter((r) => r.summary.hasPassword).map((r) => r.summary);
    const facts: PasswordFacts[] = [];
    for (const summary of withPassword) {
      // Only what is known: a score kept in the summary still needs the password's age, which
      // the background reads (never the whole vault decrypted on a request).
      const score = checks.knownScore(summary);
      const secrets = checks.known(summary);
      if (score === undefined || secrets === undefined) continue;
      facts.push({ id: summary.id, name: summary.name, score, fingerprint: secrets.fingerprint, setAt: secrets.setAt });
    }
    const complete = facts.length === withPassword.length;
    const live = results.map((r) => r.summary);
    return {
      levels: overviewOf(results.map((r) => r.milestones)),
      missingExamples,
      passwords: complete ? passwordHealth(facts, now) : null,
      passwordCheck: { scored: facts.length, total: withPassword.length },
      attention: attentionOf({ accounts: live, verifications: this.sources.verifications(), openJobs: this.sources.openJobs(), policies: this.sources.policies(), now }),
    };
  }

  /** Resolves when the background scoring (if any) has finished or stopped. */
  async settled(): Promise<void> {
    await this.facts.checks.settled();
  }
}
