// Rotates one account's password as a journalled transaction: PREPARE writes
// both candidates, LOGIN_OLD logs in and finds the form, IN_DOUBT is durable before the
// submit, VERIFY_NEW logs in with the new password in a fresh browser context, COMMIT makes it
// current (old one to history, reason 'rotation'); otherwise VERIFY_OLD, and RECONCILE with
// both candidates kept when neither works. A working credential is never lost: whatever step
// the process dies at, start-up recovery (rotation-recovery.ts) finishes the entry.
import type { OtpProvider } from '../../automation/login/credential-provider';
import type { FailureReport } from '../../automation/flows/failure-report';
import { TesseraError } from '../errors';
import type { Vault } from '../vault';
import { describeRefusal, readPasswordRefusal, type PasswordRefusal } from '../passwords';
import { candidateForPage, initialCandidate, refusalExplains } from './new-password';
import { newOwnerId, ownerIsGone } from './process-owner';
import { type JournalEntry, RotationJournal } from './rotation-journal';
import type { LoginProbe, RotationSite } from './rotation-site';
import { BEFORE_SUBMIT_STATES, type RotationState } from './rotation-states';

export type RotationOutcome = 'rotated' | 'unchanged' | 'reconcile';

export interface RotationResult {
  rotationId: string;
  accountId: string;
  state: RotationState;
  outcome: RotationOutcome;
  reasons: string[];
  /** Why the password was not changed: the failed step, the last page, what was tried, what to do. */
  failure?: FailureReport;
}

export interface RotationProgress {
  rotationId: string;
  accountId: string;
  /** The journal state the rotation is in. */
  state: RotationState;
  /** A step inside the state (e.g. 'find-change-page', 'login:submit'); absent for the state change itself. */
  step?: string;
  status: 'start' | 'ok' | 'fail';
  at: number;
  detail?: string;
}

export interface RotationEngineOptions {
  vault: Vault;
  site: RotationSite;
  /** Identifies this process in leases (two processes never work on one account). */
  owner?: string;
  onProgress?: (event: RotationProgress) => void;
  /**
   * The account's one-time codes (TOTP, emailed) for a site that asks at login: called once per
   * login (LOGIN_OLD, VERIFY_NEW, VERIFY_OLD), so an emailed code is the one sent for that login.
   */
  otpFor?: (accountId: string) => OtpProvider | undefined;
  /**
   * Called once a transition is durable (and once more as 'COMMITTING' between the vault
   * update and the COMMITTED entry). Fault-injection tests end the process here.
   */
  afterTransition?: (state: RotationState | 'COMMITTING') => void | Promise<void>;
  /**
   * Told once IN_DOUBT is durable and before the site sees the new password, so the devices
   * of everyone the account is shared with can find the candidate if this process dies
   * before it settles (main/sharing/rotation-markers.ts). Awaited; a failure to publish does
   * not stop the rotation (the candidate goes out once this device syncs again).
   */
  publishCandidate?: (submitted: { accountId: string; rotationId: string }) => Promise<void>;
}

export interface RotateOptions {
  trigger?: string;
  jobId?: string | null;
  signal?: AbortSignal;
}

export const ACCOUNT_LEASE_MS = 10 * 60_000;

export function accountLease(accountId: string): string {
  return `rotation:${accountId}`;
}

export class RotationEngine {
  readonly journal: RotationJournal;
  readonly owner: string;

  constructor(private readonly options: RotationEngineOptions) {
    this.journal = new RotationJournal(options.vault);
    this.owner = options.owner ?? newOwnerId();
  }

  private get vault(): Vault {
    return this.options.vault;
  }

  private progress(entry: JournalEntry, status: RotationProgress['status'], step?: string, detail?: string): void {
    this.options.onProgress?.({
      rotationId: entry.id,
      accountId: entry.accountId,
      state: entry.state,
      status,
      at: Date.now(),
      ...(step ? { step } : {}),
      ...(detail ? { detail } : {}),
    });
  }

  /** Writes the transition durably, reports it, renews the account lease, runs the test hook. */
  private async move(entry: JournalEntry, state: RotationState, reason?: string, patch?: Parameters<RotationJournal['transition']>[3]): Promise<JournalEntry> {
    const next = this.journal.transition(entry, state, reason, patch);
    await this.announce(next, reason);
    return next;
  }

  private async announce(entry: JournalEntry, reason?: string): Promise<void> {
    this.holdAccount(entry.accountId);
    this.progress(entry, 'start', undefined, reason);
    await this.options.afterTransition?.(entry.state);
  }

  /** Takes or renews this process's lease on the account; false when a live process holds it. */
  holdAccount(accountId: string): boolean {
    return this.vault.rotation.acquireLease(accountLease(accountId), this.owner, Date.now(), ACCOUNT_LEASE_MS, ownerIsGone);
  }

  /** Codes, and the origins besides the login URL's where this account's secrets may be typed. */
  private otp(accountId: string): { otpProvider?: OtpProvider; allowedOrigins: readonly string[] } {
    const otpProvider = this.options.otpFor?.(accountId);
    // An account deleted while its rotation waited in doubt: only the login URL's own origin.
    let allowedOrigins: readonly string[] = [];
    try {
      allowedOrigins = this.vault.accounts.get(accountId).allowedOrigins;
    } catch {
      // ITEM_NOT_FOUND
    }
    return otpProvider ? { otpProvider, allowedOrigins } : { allowedOrigins };
  }

  releaseAccount(accountId: string): void {
    this.vault.rotation.releaseLease(accountLease(accountId), this.owner);
  }

  /** Rotates the account's password. Throws ROTATION_IN_PROGRESS when another rotation holds it. */
  async rotate(accountId: string, { trigger = 'manual', jobId = null, signal }: RotateOptions = {}): Promise<RotationResult> {
    const { account, loginUrl } = this.rotatable(accountId);
    if (!this.holdAccount(accountId)) {
      throw new TesseraError('ROTATION_IN_PROGRESS', `"${account.name}" is being rotated by another Tessera process. Try again in a few minutes.`);
    }
    try {
      const first = await this.attempt(accountId, { trigger, jobId, signal });
      // A site that refused the new password's characters or length kept the old one: one more
      // try with a candidate that avoids what its message refused (WordPress: 'may not contain
      // the character "\"'), when that message explains the refusal of this candidate.
      const refusal = first.result.state === 'ROLLED_BACK' ? readPasswordRefusal(first.result.reasons.join('\n')) : undefined;
      if (!refusal || !first.submitted || signal?.aborted || !refusalExplains(loginUrl, refusal, first.submitted)) return first.result;
      const second = await this.attempt(accountId, { trigger, jobId, signal }, {
        refusal,
        reason: `second try: the site refused ${describeRefusal(refusal)} in rotation ${first.result.rotationId}; this candidate avoids them`,
      });
      return second.result;
    } finally {
      this.releaseAccount(accountId);
    }
  }

  private rotatable(accountId: string) {
    const account = this.vault.accounts.get(accountId);
    const [loginUrl] = account.urls;
    if (!loginUrl || !account.username || !account.password) {
      throw new TesseraError('INVALID_INPUT', `"${account.name}" needs a login URL, a username and a password before it can be rotated. Add them and try again.`);
    }
    return { account, loginUrl, username: account.username, password: account.password };
  }

  /**
   * One journalled try: PREPARE to COMMITTED, ROLLED_BACK, ABORTED or RECONCILE. The caller
   * holds the lease. `submitted` is the candidate the site saw, kept in memory only.
   */
  private async attempt(
    accountId: string,
    { trigger, jobId, signal }: { trigger: string; jobId: string | null; signal: AbortSignal | undefined },
    retry?: { refusal: PasswordRefusal; reason: string },
  ): Promise<{ result: RotationResult; submitted?: string }> {
    const { account, loginUrl, username, password } = this.rotatable(accountId);
    const refusal = retry?.refusal;
    let entry = this.journal.begin(accountId, jobId, {
      username,
      loginUrl,
      oldPassword: password,
      newPassword: initialCandidate(loginUrl, refusal),
      accountVersion: account.version,
      trigger,
      reasons: retry ? [retry.reason] : [],
    });
    this.progress(entry, 'start');
    await this.options.afterTransition?.('PREPARE');
    entry = await this.move(entry, 'LOGIN_OLD');

    let submittedEntry: JournalEntry | undefined;
    let change: Awaited<ReturnType<RotationSite['changePassword']>> | undefined;
    let failure: unknown;
    try {
      change = await this.options.site.changePassword({
        loginUrl,
        username,
        oldPassword: password,
        ...(signal ? { signal } : {}),
        ...this.otp(accountId),
        onStep: (event) => this.progress(submittedEntry ?? entry, event.status, event.step, event.detail),
        chooseNewPassword: async (rules) => {
          const chosen = candidateForPage(loginUrl, entry.data.newPassword!, rules, refusal);
          if (chosen.replaced) {
            // Still before the submit: journal the replacement before the page ever sees it.
            entry = await this.move(entry, 'LOGIN_OLD', `new candidate to meet the page's rules (${chosen.sources.join(', ') || 'field'})`, { newPassword: chosen.password });
          }
          return chosen.password;
        },
        beforeSubmit: async () => {
          // Assigned as soon as IN_DOUBT is durable, before anything else can throw.
          submittedEntry = this.journal.transition(entry, 'IN_DOUBT');
          await this.announce(submittedEntry);
          await this.options.publishCandidate?.({ accountId, rotationId: submittedEntry.id }).catch(() => undefined);
        },
      });
    } catch (error) {
      failure = error;
    }
    const reason = failure instanceof Error ? failure.message : change ? `${change.outcome}: ${change.reasons.join('; ')}` : 'no result';
    // The site's account of a failed change goes into the journal entry (the run record), screenshot included.
    const explained = change?.failure ? { failure: change.failure, ...(change.failureScreenshot ? { failureScreenshot: change.failureScreenshot } : {}) } : {};
    if (!submittedEntry) {
      // Nothing was submitted: the site still has the old password, which stays current.
      const aborted = await this.move(entry, 'ABORTED', reason, explained);
      return { result: this.result(aborted, 'unchanged') };
    }
    const submitted = submittedEntry.data.newPassword ?? undefined;
    const result = await this.settle(this.journal.get(submittedEntry.id), change?.outcome === 'rejected' ? 'old-first' : 'new-first', reason, signal, explained);
    return { result, ...(submitted ? { submitted } : {}) };
  }

  /**
   * Decides an IN_DOUBT (or interrupted verification) entry by logging in: one try with each
   * candidate, in the given order. New works → COMMITTED; old works → ROLLED_BACK; else RECONCILE.
   */
  async settle(entry: JournalEntry, order: 'new-first' | 'old-first', reason: string | undefined, signal?: AbortSignal, explained: Parameters<RotationJournal['transition']>[3] = {}): Promise<RotationResult> {
    const { loginUrl, username, newPassword, oldPassword } = entry.data;
    if (newPassword === null || oldPassword === null) throw new TesseraError('INTERNAL', `Rotation ${entry.id} has no candidates left to verify.`);
    const probe = async (which: 'new' | 'old'): Promise<LoginProbe> => {
      const first = which === (order === 'new-first' ? 'new' : 'old');
      entry = await this.move(entry, which === 'new' ? 'VERIFY_NEW' : 'VERIFY_OLD', first ? reason : undefined, first ? explained : {});
      const result = await this.options.site.tryLogin({ loginUrl, username, password: which === 'new' ? newPassword : oldPassword, ...(signal ? { signal } : {}), ...this.otp(entry.accountId) });
      this.progress(entry, result === 'success' ? 'ok' : 'fail', which === 'new' ? 'login-with-new' : 'login-with-old', result);
      return result;
    };
    const sequence: ('new' | 'old')[] = order === 'new-first' ? ['new', 'old'] : ['old', 'new'];
    const results: Partial<Record<'new' | 'old', LoginProbe>> = {};
    for (const which of sequence) {
      results[which] = await probe(which);
      if (results[which] === 'success') return which === 'new' ? this.commit(entry) : this.result(await this.move(entry, 'ROLLED_BACK', 'the old password still works; the site kept it'), 'unchanged');
    }
    const why = `neither password could log in (new: ${results.new}, old: ${results.old}); both are kept in the journal`;
    return this.result(await this.move(entry, 'RECONCILE', why), 'reconcile');
  }

  /** New password verified: make it current (old to history), idempotently, then COMMITTED. */
  private async commit(entry: JournalEntry): Promise<RotationResult> {
    const account = this.vault.accounts.get(entry.accountId);
    const { newPassword, oldPassword } = entry.data;
    if (account.password !== newPassword) {
      if (account.password !== oldPassword) {
        return this.result(await this.move(entry, 'RECONCILE', 'the site took the new password, but the vault\'s password was edited meanwhile; both candidates are kept'), 'reconcile');
      }
      this.vault.accounts.update(entry.accountId, account.version, { password: newPassword! }, 'rotation');
      await this.options.afterTransition?.('COMMITTING');
    }
    return this.result(await this.move(entry, 'COMMITTED', 'the new password works'), 'rotated');
  }

  /** Ends an entry interrupted before its submit: nothing reached the site. */
  async abortUnsubmitted(entry: JournalEntry, reason: string): Promise<RotationResult> {
    if (!BEFORE_SUBMIT_STATES.includes(entry.state)) throw new TesseraError('INTERNAL', `Rotation ${entry.id} was already submitted.`);
    return this.result(await this.move(entry, 'ABORTED', reason), 'unchanged');
  }

  private result(entry: JournalEntry, outcome: RotationOutcome): RotationResult {
    // A committed rotation needs no explanation, even when the change page's answer was unclear.
    const failure = entry.state === 'COMMITTED' ? undefined : entry.data.failure;
    return { rotationId: entry.id, accountId: entry.accountId, state: entry.state, outcome, reasons: entry.data.reasons, ...(failure ? { failure } : {}) };
  }
}
