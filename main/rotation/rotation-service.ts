// Rotation as the app, the CLI and the scheduler use it: one-click rotation of an account,
// bulk rotation of a selection with a concurrency limit, start-up recovery, reconciliation by
// a person, the policy scheduler with decrypt approvals, and Universal Logout (sign out of
// all sessions, then rotate). Progress goes out as `rotation.progress` events.
import type { Page } from 'playwright-core';
import type { FailureReport } from '../../automation/flows/failure-report';
import { logoutEverywhere, type LogoutEverywhereResult } from '../../automation/logout-everywhere/logout-everywhere-flow';
import { accountOtpProvider, type EmailCodeSource, UsedTotpSteps } from '../logins/account-otp';
import { TesseraError, isTesseraError } from '../errors';
import type { ErrorCode } from '../errors';
import { DecryptApprovals } from './approvals/decrypt-approvals';
import { StandingApprovals } from './approvals/standing-approvals';
import type { Job } from './schedule/job-queue';
import { type JobExecution, PolicyScheduler } from './schedule/policy-scheduler';
import type { AccountAccess } from '../access/account-access';
import type { Vault } from '../vault';
import { runWithConcurrency } from './bulk-rotation';
import { RotationEngine, type RotationProgress, type RotationResult } from './rotation-engine';
import { RotationJournal } from './rotation-journal';
import { hasInterruptedRotation, recoverRotations, settleAccountRotations, type RecoveryReport } from './rotation-recovery';
import type { RotationSite } from './rotation-site';
import type { RotationState } from './rotation-states';
import { newOwnerId } from './process-owner';

export type { RotationProgress, RotationResult } from './rotation-engine';

export interface AccountRotationReport {
  accountId: string;
  state?: RotationState;
  outcome?: RotationResult['outcome'];
  reasons: string[];
  error?: { code: ErrorCode; message: string };
  /** Why it did not complete, for a person to act on (absent once COMMITTED). */
  failure?: FailureReport;
}

export interface UniversalLogoutReport extends AccountRotationReport {
  logout: LogoutEverywhereResult['outcome'] | 'error';
}

export interface RotationStatus {
  accountId: string;
  inProgress: boolean;
  needsReconcile: boolean;
  last?: { rotationId: string; state: RotationState; at: number; reasons: string[]; failure?: FailureReport; hasScreenshot: boolean };
}

export type PageRunner = <T>(use: (page: Page) => Promise<T>) => Promise<T>;

export interface RotationServiceOptions {
  vault: () => Vault;
  site: () => RotationSite;
  /** A fresh browser page for flows other than rotation (Universal Logout). */
  withPage?: PageRunner;
  emit?: (event: string, payload: unknown) => void;
  isLocallyVaulted?: (accountId: string) => boolean;
  /** Who may rotate: Owners only (rotation reveals and replaces the password). */
  access?: AccountAccess;
  /** Emailed codes for the logins inside a rotation (the managed inbox); TOTP comes from the vault. */
  emailCodes?: EmailCodeSource;
  now?: () => number;
  /** The TOTP steps already typed in this process (shared with LoginService); default: the service's own. */
  usedTotpSteps?: UsedTotpSteps;
  /** See RotationEngineOptions.publishCandidate: shares a submitted candidate before the submit. */
  publishCandidate?: (submitted: { accountId: string; rotationId: string }) => Promise<void>;
}

export const DEFAULT_BULK_CONCURRENCY = 4;
const TICK_MS = 60_000;

function errorReport(accountId: string, error: unknown): AccountRotationReport {
  const code: ErrorCode = isTesseraError(error) ? error.code : 'INTERNAL';
  return { accountId, reasons: [], error: { code, message: error instanceof Error ? error.message : String(error) } };
}

export class RotationService {
  readonly owner = newOwnerId();
  readonly scheduler: PolicyScheduler;
  readonly approvals: DecryptApprovals;
  readonly standingApprovals: StandingApprovals;
  /** A rotation logs in two or three times within a minute: never type the same TOTP code twice. */
  private readonly usedTotpSteps: UsedTotpSteps;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  /** Accounts this process is rotating right now (their journal entries are open, not interrupted). */
  private readonly rotating = new Set<string>();
  /** Recovery and per-account settling never run side by side in one process. */
  private settling: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RotationServiceOptions) {
    this.usedTotpSteps = options.usedTotpSteps ?? new UsedTotpSteps();
    this.scheduler = new PolicyScheduler({ vault: options.vault, owner: this.owner, ...(options.now ? { now: options.now } : {}), ...(options.access ? { access: options.access } : {}) });
    this.approvals = new DecryptApprovals(options.vault, this.scheduler.jobs);
    this.standingApprovals = new StandingApprovals(options.vault, this.scheduler.jobs, options.now);
  }

  private engine(onProgress?: (event: RotationProgress) => void): RotationEngine {
    return new RotationEngine({
      vault: this.options.vault(),
      site: this.options.site(),
      owner: this.owner,
      // The same code providers as LoginService: sites with TOTP or emailed codes at login rotate too.
      otpFor: (accountId) => accountOtpProvider(this.options.vault().accounts.get(accountId), this.options.emailCodes, this.usedTotpSteps),
      onProgress: (event) => {
        this.options.emit?.('rotation.progress', event);
        onProgress?.(event);
      },
      ...(this.options.publishCandidate ? { publishCandidate: this.options.publishCandidate } : {}),
    });
  }

  /**
   * The account's submitted, unsettled candidate (IN_DOUBT, VERIFY_*, RECONCILE), if any: what
   * the account's shared doc tells other devices while this one settles it. Owners only hold it.
   */
  submittedCandidate(accountId: string): { rotationId: string; newPassword: string; since: number } | undefined {
    return new RotationJournal(this.options.vault()).submitted(accountId);
  }

  /** One-click rotation. Throws ROTATION_IN_PROGRESS, INVALID_INPUT (no URL / username / password), VAULT_LOCKED. */
  rotate(accountId: string, options: { trigger?: string; jobId?: string; signal?: AbortSignal; onProgress?: (event: RotationProgress) => void } = {}): Promise<RotationResult> {
    const vault = this.options.vault();
    vault.accounts.get(accountId); // ITEM_NOT_FOUND before anything else
    this.options.access?.requireOwner(accountId);
    this.rotating.add(accountId);
    return this.engine(options.onProgress)
      .rotate(accountId, {
        trigger: options.trigger ?? 'manual',
        jobId: options.jobId ?? null,
        ...(options.signal ? { signal: options.signal } : {}),
      })
      .finally(() => this.rotating.delete(accountId));
  }

  /** Rotates a selection, at most `concurrency` at a time; one report per account, in order. */
  rotateMany(accountIds: readonly string[], options: { concurrency?: number; onProgress?: (event: RotationProgress) => void; onResult?: (report: AccountRotationReport) => void } = {}): Promise<AccountRotationReport[]> {
    return runWithConcurrency([...new Set(accountIds)], options.concurrency ?? DEFAULT_BULK_CONCURRENCY, async (accountId) => {
      let report: AccountRotationReport;
      try {
        const result = await this.rotate(accountId, { ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
        report = { accountId, state: result.state, outcome: result.outcome, reasons: result.reasons, ...(result.failure ? { failure: result.failure } : {}) };
      } catch (error) {
        report = errorReport(accountId, error);
      }
      options.onResult?.(report);
      this.options.emit?.('rotation.result', report);
      return report;
    });
  }

  /** Finishes every rotation a dead process left behind (start-up). */
  recover(): Promise<RecoveryReport> {
    return this.exclusive(() => recoverRotations(this.engine(), this.options.vault(), (accountId) => this.rotating.has(accountId)));
  }

  /**
   * Before an account's password is used (a login, a job): a rotation of it that stopped half
   * way is settled first, so the login does not type a password the site no longer has.
   * Quick when there is none. `onSettling` is told before the probing logins begin. Throws
   * ROTATION_IN_PROGRESS when this or another process is rotating the account right now.
   */
  async settleInterrupted(accountId: string, onSettling?: () => void): Promise<RecoveryReport> {
    const none: RecoveryReport = { recovered: [], skipped: [] };
    // Every login asks: read the journal alone, not a whole engine with its site.
    if (!hasInterruptedRotation(new RotationJournal(this.options.vault()), accountId)) return none;
    if (this.rotating.has(accountId)) {
      throw new TesseraError('ROTATION_IN_PROGRESS', 'Tessera is changing this account\'s password right now. Try again when the rotation has finished.');
    }
    onSettling?.();
    const report = await this.exclusive(() => settleAccountRotations(this.engine(), this.options.vault(), accountId));
    if (report.skipped.length > 0) {
      throw new TesseraError(
        'ROTATION_IN_PROGRESS',
        'Another Tessera process (the app, the agent or a CLI command) is finishing a rotation of this account. Try again in a minute.',
        { rotationId: report.skipped[0]! },
      );
    }
    for (const result of report.recovered) this.options.emit?.('rotation.result', { accountId, state: result.state, outcome: result.outcome, reasons: result.reasons });
    return report;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.settling.then(work, work);
    this.settling = next.catch(() => undefined);
    return next;
  }

  status(accountId: string): RotationStatus {
    const entries = this.engine().journal.forAccount(accountId);
    const last = entries.at(-1);
    return {
      accountId,
      inProgress: entries.some((e) => !['COMMITTED', 'ROLLED_BACK', 'ABORTED', 'RECONCILE'].includes(e.state)),
      needsReconcile: entries.some((e) => e.state === 'RECONCILE'),
      ...(last
        ? {
            last: {
              rotationId: last.id, state: last.state, at: last.updatedAt, reasons: last.data.reasons,
              ...(last.data.failure && last.state !== 'COMMITTED' ? { failure: last.data.failure } : {}),
              hasScreenshot: last.data.failureScreenshot !== undefined,
            },
          }
        : {}),
    };
  }

  /** The masked screenshot of the page a rotation of the account stopped on, as a data: URL. */
  failureScreenshot(accountId: string, rotationId: string): string {
    this.options.access?.requireOwner(accountId);
    const entry = this.engine().journal.forAccount(accountId).find((e) => e.id === rotationId);
    if (!entry?.data.failureScreenshot) throw new TesseraError('ITEM_NOT_FOUND', 'That rotation kept no screenshot.');
    return `data:image/png;base64,${entry.data.failureScreenshot}`;
  }

  /** A person says which candidate works on the site; the journal entry is closed accordingly. */
  resolveReconcile(rotationId: string, working: 'new' | 'old'): RotationResult {
    const engine = this.engine();
    const entry = engine.journal.get(rotationId);
    if (entry.state !== 'RECONCILE') throw new TesseraError('INVALID_INPUT', `Rotation ${rotationId} does not need reconciling (it is ${entry.state}).`);
    const vault = this.options.vault();
    if (working === 'new') {
      const account = vault.accounts.get(entry.accountId);
      if (account.password !== entry.data.newPassword) vault.accounts.update(entry.accountId, account.version, { password: entry.data.newPassword! }, 'rotation');
    }
    const closed = engine.journal.transition(entry, working === 'new' ? 'COMMITTED' : 'ROLLED_BACK', `resolved by a person: the ${working} password works`);
    // Told like every transition: the shared docs drop the rotation's marker (services.ts).
    this.options.emit?.('rotation.progress', { rotationId, accountId: entry.accountId, state: closed.state, status: 'start', at: Date.now(), detail: `resolved by a person: the ${working} password works` } satisfies RotationProgress);
    return { rotationId, accountId: entry.accountId, state: closed.state, outcome: working === 'new' ? 'rotated' : 'unchanged', reasons: closed.data.reasons };
  }

  /**
   * A person's Universal Logout of accounts (the account page, a member's accounts, `tessera
   * logout`): fires the 'universal_logout' policy event, as when it comes from elsewhere, and
   * runs one logout-and-rotate job per account now, the person's confirmation approving it —
   * the event's job where a policy covers the account, a manual job otherwise. The event's job
   * is the run, so nothing rotates twice. Owners only; one report per account, in order.
   */
  async logoutEverywhereNow(
    accountIds: readonly string[],
    options: { subject?: string; concurrency?: number; onResult?: (report: UniversalLogoutReport) => void } = {},
  ): Promise<UniversalLogoutReport[]> {
    if (!this.options.withPage) throw new TesseraError('INTERNAL', 'No browser is available for Universal Logout.');
    const ids = [...new Set(accountIds)];
    const vault = this.options.vault();
    for (const accountId of ids) {
      vault.accounts.get(accountId); // ITEM_NOT_FOUND before anything runs
      this.options.access?.requireOwner(accountId);
    }
    const fired = this.scheduler.onEvent({ type: 'universal_logout', accountIds: ids, ...(options.subject ? { subject: options.subject } : {}) });
    const now = this.options.now?.() ?? Date.now();
    const reason = `Universal Logout${options.subject ? `: ${options.subject}` : ''}, asked by a person`;
    const jobs = ids.map((accountId) => {
      const job = fired.find((j) => j.accountId === accountId)
        ?? this.scheduler.jobs.enqueue({ accountId, task: 'logout-and-rotate', trigger: 'manual', dueAt: now, reason }).job!;
      // The person's confirmation is the decrypt approval a locally vaulted account waits for.
      const queued = job.status === 'needs_approval' ? this.approvals.decide(job.id, 'approve-job')[0]! : job;
      // Claimed at once, so the scheduler's next round does not pick it up meanwhile.
      return { job: queued, claimed: this.scheduler.jobs.claim(queued.id, this.owner, now) };
    });
    return runWithConcurrency(jobs, options.concurrency ?? DEFAULT_BULK_CONCURRENCY, async ({ job, claimed: waiting }) => {
      // A fresh lease as the work starts: jobs late in a long batch waited under the first one.
      const claimed = waiting && this.scheduler.jobs.claim(waiting.id, this.owner, this.options.now?.() ?? Date.now(), 'running');
      let report: UniversalLogoutReport;
      if (!claimed) {
        report = { accountId: job.accountId, logout: 'error', reasons: [], error: { code: 'ROTATION_IN_PROGRESS', message: 'Another Tessera process is already running this account\'s Universal Logout.' } };
      } else {
        const run = await this.runJob(claimed);
        this.scheduler.jobs.update(claimed, run.execution.status, `rotation.job_${run.execution.status}`, {
          result: run.execution.result.slice(0, 1000),
          ...(run.execution.journalId ? { journalId: run.execution.journalId } : {}),
        });
        report = 'logout' in run.report ? run.report : { ...run.report, logout: 'error' };
      }
      options.onResult?.(report);
      this.options.emit?.('rotation.result', report);
      return report;
    });
  }

  /**
   * Signs out every session, then rotates. The rotation runs whatever the sign-out did — no
   * control, a disabled one, a page that stopped — because the new password is what keeps a
   * surviving session's owner from logging in again; the report says how the sign-out went.
   */
  private async logoutThenRotate(accountId: string, withPage: PageRunner, jobId?: string): Promise<UniversalLogoutReport> {
    let logout: UniversalLogoutReport['logout'] = 'error';
    let logoutReasons: string[] = [];
    try {
      const vault = this.options.vault();
      const account = vault.accounts.get(accountId);
      const loginUrl = account.urls[0];
      if (!loginUrl) throw new TesseraError('INVALID_INPUT', `"${account.name}" has no login URL.`);
      const otpProvider = accountOtpProvider(account, this.options.emailCodes, this.usedTotpSteps);
      try {
        const result = await withPage((page) =>
          logoutEverywhere(page, { username: async () => account.username, password: async () => account.password }, {
            loginUrl,
            allowedOrigins: account.allowedOrigins,
            ...(otpProvider ? { otpProvider } : {}),
            stepEvents: (event) => this.options.emit?.('rotation.progress', { accountId, rotationId: '', state: 'PREPARE', step: `logout:${event.step}`, status: event.status, at: event.at, ...(event.detail ? { detail: event.detail } : {}) } satisfies RotationProgress),
          }),
        );
        logout = result.outcome;
        logoutReasons = result.reasons;
      } catch (error) {
        if (isTesseraError(error) && error.code === 'CANCELLED') throw error;
        logoutReasons = [`signing out every session stopped: ${error instanceof Error ? error.message : String(error)}`];
      }
      vault.audit.append('rotation.logout_everywhere', accountId, { outcome: logout });
      const rotated = await this.rotate(accountId, { trigger: 'universal-logout', ...(jobId ? { jobId } : {}) });
      return { accountId, logout, state: rotated.state, outcome: rotated.outcome, reasons: [...logoutReasons, ...rotated.reasons] };
    } catch (error) {
      return { ...errorReport(accountId, error), logout, reasons: logoutReasons };
    }
  }

  /** Runs one approved job (the scheduler's executor). */
  async execute(job: Job): Promise<JobExecution> {
    return (await this.runJob(job)).execution;
  }

  /** Runs one claimed job: the report for whoever started it, and how the job ended. */
  private async runJob(job: Job): Promise<{ report: AccountRotationReport | UniversalLogoutReport; execution: JobExecution }> {
    // A rotation of this account that a dead process left half way is settled before the job
    // logs in with the stored password (the job's own rotation would refuse to begin anyway).
    const unsettled = await this.settleInterrupted(job.accountId).then(() => null, (error: unknown) => errorReport(job.accountId, error));
    if (unsettled) return { report: unsettled, execution: { status: 'failed', result: `${unsettled.error!.code}: ${unsettled.error!.message}` } };
    const report: AccountRotationReport | UniversalLogoutReport = job.task === 'logout-and-rotate' && this.options.withPage
      ? await this.logoutThenRotate(job.accountId, this.options.withPage, job.id)
      : await this.rotate(job.accountId, { trigger: job.trigger, jobId: job.id }).then(
          (r): AccountRotationReport => ({ accountId: r.accountId, state: r.state, outcome: r.outcome, reasons: r.reasons }),
          (error: unknown) => errorReport(job.accountId, error),
        );
    const journalId = this.engine().journal.forAccount(job.accountId).find((e) => e.jobId === job.id)?.id;
    const result = report.error ? `${report.error.code}: ${report.error.message}` : `${report.state}: ${report.reasons.at(-1) ?? ''}`;
    return { report, execution: { status: report.state === 'COMMITTED' ? 'done' : 'failed', result, ...(journalId ? { journalId } : {}) } };
  }

  /** Start-up: recover interrupted rotations, catch up missed policy runs, run due jobs; then every minute. */
  /**
   * One round of the scheduler, as the app's timer and `tessera agent` run it: recover
   * interrupted rotations, enqueue what is due, tell who listens how many jobs wait for an
   * approval, and run the approved due jobs. Returns the jobs it finished and the number waiting.
   */
  async runCycle(): Promise<{ finished: Job[]; waiting: number }> {
    await this.recover();
    this.scheduler.tick();
    const waiting = this.approvals.pending();
    if (waiting.length > 0) this.options.emit?.('rotation.approvalNeeded', { jobs: waiting.length });
    const finished = await this.scheduler.runDue((job) => this.execute(job));
    return { finished, waiting: this.approvals.pending().length };
  }

  start(): void {
    const run = (): void => {
      if (this.running) return;
      this.running = this.runCycle()
        .catch(() => undefined) // locked vault or no browser: the next cycle tries again
        .finally(() => (this.running = undefined));
    };
    run();
    this.timer ??= setInterval(run, TICK_MS);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
