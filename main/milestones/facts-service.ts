// The one place milestone facts are gathered (docs/architecture.md): the account page, the account
// list, the dashboard and the CLI all ask this service, which asks the vault (accounts, the
// inbox's deliveries), the logins (last verification), the rotation schedule (policies, last
// finished jobs) and sharing (other role holders), and checks the secrets (secret-checks.ts).
// Judging the facts is main/milestones/milestones.ts.
import type { AccountSummary, PasswordReuse, Vault } from '../vault';
import type { Logger } from '../logger';
import type { Job } from '../rotation/schedule/job-queue';
import { policyCovers, type RotationPolicy } from '../rotation/schedule/rotation-policy';
import { WEAK_BELOW_SCORE } from './dashboard/password-health';
import { computeMilestones, type AccountFacts, type AccountMilestones, type PasswordIssue, type RotationBlocker } from './milestones';
import { SecretChecks, type SecretFacts } from './secret-checks';

/** Where the facts come from; every source answers for the unlocked vault. */
export type FactSources = {
  vault(): Vault;
  /** The last conclusive automated verification per account (milestone 1). */
  verifications(): ReadonlyMap<string, { succeeded: boolean; at: number; by?: 'person' }>;
  /** Every rotation policy (enabled ones count for milestone 5). */
  policies(): readonly RotationPolicy[];
  /** Rotation jobs that finished (done or failed). */
  finishedJobs(): readonly Job[];
  /** Per shared account, how many other people hold a role on it (milestone 4). */
  otherRoleHolders(): ReadonlyMap<string, number>;
  /** Runs the background checks' work without counting it as activity for the idle lock. */
  quietly?<T>(work: () => T): T;
  /** Where the secret checks report scoring on the main thread (no worker file); stderr if absent. */
  log?: Logger;
};

export type AccountLevelResult = { summary: AccountSummary; facts: AccountFacts; milestones: AccountMilestones };

type Shared = {
  verifications: ReadonlyMap<string, { succeeded: boolean; at: number; by?: 'person' }>;
  enabledPolicies: readonly RotationPolicy[];
  lastRotation: Map<string, { failed: boolean; at: number }>;
  roleHolders: ReadonlyMap<string, number>;
  deliveries: Map<string, { lastAt: number; lastCodeAt: number | null }>;
  /** Uses per fingerprint (a fingerprint absent or counted once is not reused). */
  fingerprintUses: ReadonlyMap<string, number>;
  /** Whether every live password's fingerprint is known (else reuse is not known yet). */
  fingerprintsKnown: boolean;
};

export class AccountFactsService {
  readonly checks: SecretChecks;

  constructor(private readonly sources: FactSources) {
    this.checks = new SecretChecks(() => sources.vault(), sources.quietly ? (work) => sources.quietly!(work) : undefined, sources.log ? { log: sources.log } : {});
  }

  /**
   * One account's milestones (a deleted one too). Only this account is read now (one decryption,
   * for its TOTP and codes); its strength and reuse come from the background checks, pending
   * until they are known: scoring is never done on a request (the first one alone loads
   * zxcvbn's dictionaries for about a second).
   */
  forAccount(id: string): AccountMilestones {
    const vault = this.sources.vault();
    const all = vault.accounts.list({ deleted: 'include' }).flatMap((e) => (e.status === 'ok' ? [e] : []));
    const summary = all.find((s) => s.id === id);
    if (!summary) {
      vault.accounts.get(id); // throws the reason: not found, or damaged
      throw new Error(`account ${id} has no summary`);
    }
    this.checks.facts(summary);
    const live = all.filter((s) => s.deletedAt === null);
    const result = this.judge(summary, this.shared(this.reuse(vault.accounts.passwordReuse(), live)));
    if (result.facts.passwordIssues === 'pending') this.checks.checkInBackground();
    return result.milestones;
  }

  /**
   * Every live account's facts and milestones, in name order. Answers from what the secret checks
   * already know, never decrypting or scoring on the request: what is not known yet is pending
   * (`checking`) and worked out in the background. With `scoreNow` (the CLI: one answer, no
   * background) every account is read and scored first.
   */
  all(options: { scoreNow?: boolean; only?: ReadonlySet<string> } = {}): AccountLevelResult[] {
    return this.levels(options).results;
  }

  /**
   * `all`, and whether some secrets are still being checked (ask again for their final level).
   * `only`: just these accounts' levels (a search's matches, in no particular order); reuse still
   * compares every password.
   */
  levels({ scoreNow = false, only }: { scoreNow?: boolean; only?: ReadonlySet<string> } = {}): { results: AccountLevelResult[]; checking: boolean } {
    const accounts = this.sources.vault().accounts;
    // A few accounts' levels (a search's matches): when every live password's fingerprint is
    // in the index, reuse comes from the counts the search snapshot carries and only these
    // accounts' summaries are opened.
    const reuse = only ? accounts.passwordReuse() : null;
    const fast = only !== undefined && reuse !== null && reuse.known;
    const live = fast ? null : this.live(only ? 'none' : 'name');
    const wanted = fast ? accounts.liveSummaries(only) : only ? live!.filter((s) => only.has(s.id)) : live!;
    if (scoreNow) {
      // Reuse needs every password's fingerprint: the index carries it, so only summaries written
      // before it did are read. The other facts and the costly strength score only where asked.
      for (const summary of live ?? []) if (summary.hasPassword && summary.passwordFingerprint === undefined) this.checks.facts(summary);
      for (const summary of wanted) {
        this.checks.facts(summary);
        if (summary.hasPassword) this.checks.score(summary);
      }
      this.checks.saveScores();
    }
    // For the whole list the summaries are open by now: the counts come from them, not from the snapshot.
    const shared = this.shared(this.reuse(reuse ?? accounts.passwordReuse(), live));
    const results = wanted.map((summary) => this.judge(summary, shared));
    const checking = wanted.some((s) => this.checks.known(s) === undefined || (s.hasPassword && this.checks.knownScore(s) === undefined));
    if (checking) this.checks.checkInBackground();
    else if (!only) this.checks.keepOnly(live!);
    return { results, checking };
  }

  clear(): void {
    this.checks.clear();
  }

  /** Live accounts; `order` 'none' when the caller needs no name order (a search's matches). */
  private live(order: 'name' | 'none' = 'name'): AccountSummary[] {
    return this.sources.vault().accounts.list({ deleted: 'exclude', order }).flatMap((e) => (e.status === 'ok' ? [e] : []));
  }

  /**
   * Uses per password fingerprint: the vault's counts when every summary carries its fingerprint,
   * else counted over `live` with the secret checks' fingerprints for summaries written before.
   */
  private reuse(counts: PasswordReuse, live: readonly AccountSummary[] | null): { uses: ReadonlyMap<string, number>; known: boolean } {
    if (counts.known || live === null) return { uses: counts.reused, known: counts.known };
    return this.fingerprintUses(live);
  }

  private fingerprintUses(live: readonly AccountSummary[]): { uses: ReadonlyMap<string, number>; known: boolean } {
    const uses = new Map<string, number>();
    let known = true;
    for (const summary of live) {
      if (!summary.hasPassword) continue;
      const fingerprint = summary.passwordFingerprint ?? this.checks.known(summary)?.fingerprint;
      if (fingerprint === undefined) {
        known = false;
        continue;
      }
      uses.set(fingerprint, (uses.get(fingerprint) ?? 0) + 1);
    }
    return { uses, known };
  }

  private shared(fingerprints: { uses: ReadonlyMap<string, number>; known: boolean }): Shared {
    const lastRotation = new Map<string, { failed: boolean; at: number }>();
    for (const job of this.sources.finishedJobs()) {
      if (job.status !== 'done' && job.status !== 'failed') continue;
      const previous = lastRotation.get(job.accountId);
      if (!previous || job.updatedAt >= previous.at) lastRotation.set(job.accountId, { failed: job.status === 'failed', at: job.updatedAt });
    }
    return {
      verifications: this.sources.verifications(),
      enabledPolicies: this.sources.policies().filter((p) => p.enabled),
      lastRotation,
      roleHolders: this.sources.otherRoleHolders(),
      deliveries: this.sources.vault().inbox.deliveries(),
      fingerprintUses: fingerprints.uses,
      fingerprintsKnown: fingerprints.known,
    };
  }

  private judge(summary: AccountSummary, shared: Shared): AccountLevelResult {
    const secrets = this.checks.known(summary);
    const delivered = shared.deliveries.get(summary.id);
    const rotationPolicy = shared.enabledPolicies.some((p) => policyCovers(p.scope, summary));
    const blockers: RotationBlocker[] = [];
    if (summary.urls.length === 0) blockers.push('no-url');
    if (!summary.hasPassword) blockers.push('no-password');
    const facts: AccountFacts = {
      lastVerification: shared.verifications.get(summary.id) ?? null,
      passwordIssues: this.passwordIssues(summary, secrets, shared),
      managedEmail: summary.managedEmail,
      managedPhone: summary.managedPhone,
      contactConfirmedAt: summary.managedEmail || summary.managedPhone ? (delivered?.lastAt ?? null) : null,
      totp: secrets?.totp ?? 'pending',
      codesBy: secrets?.codesBy ?? '',
      lastCodeAt: delivered?.lastCodeAt ?? null,
      otherRoleHolders: shared.roleHolders.get(summary.id) ?? 0,
      rotationPolicy,
      rotationBlockers: rotationPolicy ? blockers : [],
      lastRotation: shared.lastRotation.get(summary.id) ?? null,
    };
    return { summary, facts, milestones: computeMilestones(facts) };
  }

  private passwordIssues(summary: AccountSummary, secrets: SecretFacts | undefined, shared: Shared): AccountFacts['passwordIssues'] {
    if (!summary.hasPassword) return [];
    const score = this.checks.knownScore(summary);
    if (!secrets || score === undefined || !shared.fingerprintsKnown) return 'pending';
    const issues: PasswordIssue[] = [];
    if (score < WEAK_BELOW_SCORE) issues.push('weak');
    if ((shared.fingerprintUses.get(secrets.fingerprint) ?? 0) > 1) issues.push('reused');
    if (secrets.breachedFormat) issues.push('breached-format');
    return issues;
  }
}
