// The glue between the vault and the login engine: reads an account (the engine gets only
// narrow credential and code providers), picks the recipe, runs verify / open / assisted,
// streams step events, stores every run encrypted, records the verification fact behind
// milestone 1 and an audit entry. One run per account at a time; `cancel` stops it.
// Verifications run in the process's shared headless browser (browser-pool.ts), kept warm
// between runs and closed after a quiet minute.
import type { BrowserContext } from 'playwright-core';
import { discoverBrowser, type BrowserInstallation } from '../../automation/browser/browser-discovery';
import { AccountProfiles } from '../../automation/browser/browser-launcher';
import { openLoggedIn } from '../../automation/flows/open-logged-in';
import type { RunKind, RunReport } from '../../automation/flows/run-report';
import { verifyLogin } from '../../automation/flows/verify-login';
import type { CredentialProvider, OtpProvider } from '../../automation/login/credential-provider';
import type { StepEvent } from '../../automation/login/step-runner';
import { loadRecipes } from '../../automation/recipes/recipe-loader';
import { TesseraError } from '../errors';
import type { EventBus } from '../event-bus';
import { createOtpProvider, type MessageFeed } from '../inbox';
import type { Account, Vault } from '../vault';
import { loginUrlOf } from '../vault/login-url';
import { accountOtpProvider, type EmailCodeSource, type UsedTotpSteps } from './account-otp';
import { vaultSealer } from './blob-sealer';
import { createBrowserPool, type BrowserPool } from './browser-pool';
import { localOwnerAccess, type AccountAccess } from '../access/account-access';

export type { EmailCodeSource } from './account-otp';
import { BROWSER_WORK, RunStore, type StoredRun, type VerificationFact } from './run-store';
import { ELSEWHERE_WORDING, neitherPasswordWorked, probeCandidate, RotationVerdicts, settleStep, type PasswordChoice, type RotationElsewhere } from './rotation-elsewhere';

/** What `automation.progress` carries: one step event of one run. */
export type AutomationProgress = { accountId: string; runId: string; kind: RunKind; event: StepEvent };

export type LoginServiceOptions = {
  dataDir: string;
  /** The unlocked vault (VAULT_LOCKED otherwise). */
  vault: () => Vault;
  events?: EventBus;
  /** The configured browser path, if any (settings). */
  browserPath?: () => string | null | undefined;
  /** Emailed codes for an account; without it only TOTP codes are filled. */
  emailCodes?: EmailCodeSource;
  stepTimeoutMs?: number;
  otpTimeoutMs?: number;
  /**
   * Who may do what: anyone with a role on an account runs its logins and reads their outcome
   * and steps; the evidence (masked screenshots, the trace) stays with Owners. Default: every
   * account is the person's own.
   */
  access?: AccountAccess;
  /** The process's shared headless browser (services.ts); without it the service keeps its own. */
  browser?: BrowserPool;
  /** Told after every successful automated login (the "N hours after login" rotation trigger). */
  onSuccessfulLogin?: (accountId: string) => void;
  /**
   * Settles a rotation of the account that stopped half way, before its password is read
   * (RotationService.settleInterrupted); `onSettling` is told when there is one to settle.
   */
  settleRotation?: (accountId: string, onSettling: () => void) => Promise<unknown>;
  /**
   * The candidate of a rotation an Owner's device submitted and has not settled, as this
   * device last synced the account (a Collaborator's, or another Owner's): logins try it
   * first (rotation-elsewhere.ts).
   */
  rotationElsewhere?: (accountId: string) => RotationElsewhere | undefined;
  /**
   * The TOTP steps already typed, shared with rotation (services.ts): a login right after
   * another one (Verify now, then a Universal Logout) waits for a fresh code instead of
   * typing one the site just accepted and now refuses.
   */
  usedTotpSteps?: UsedTotpSteps;
};

export type RunRequest = {
  onStep?: (event: StepEvent, runId: string) => void;
  signal?: AbortSignal;
};

export type OpenRequest = RunRequest & {
  assisted?: boolean;
  /** Machines without a display (CI): the same flow, headless. */
  headless?: boolean;
  personTimeoutMs?: number;
};


/** An EmailCodeSource over a live message feed, matching mail sent to the account's managed email. */
export function codesFromFeed(feed: MessageFeed, vault: () => Vault): EmailCodeSource {
  return (accountId) => {
    const alias = vault().accounts.get(accountId).managedEmail;
    if (!alias) return undefined;
    const provider = createOtpProvider(feed, { accountId, alias });
    return () => provider();
  };
}

/** Only a login that worked, or one the site refused, says something about the credentials. */
export function verificationFact(report: RunReport, runId: string): VerificationFact | null {
  if (report.outcome === 'success') return { succeeded: true, at: report.startedAt, outcome: report.outcome, runId };
  if (report.outcome === 'wrong_credentials') return { succeeded: false, at: report.startedAt, outcome: report.outcome, runId };
  return null;
}

export class LoginService {
  readonly runs: RunStore;
  readonly profiles: AccountProfiles;
  private installation: (BrowserInstallation & { configuredPath: string | undefined }) | undefined;
  private readonly browser: BrowserPool;
  /** A pool the service made itself (none was given): closed with the service. */
  private readonly ownBrowser: boolean;
  private readonly active = new Map<string, AbortController>();
  private readonly windows = new Map<string, BrowserContext>();
  private workCleared: Promise<void> | undefined;
  private readonly verdicts = new RotationVerdicts();

  constructor(private readonly options: LoginServiceOptions) {
    this.runs = new RunStore(options.dataDir, vaultSealer(options.vault));
    this.profiles = new AccountProfiles(options.dataDir);
    this.ownBrowser = options.browser === undefined;
    this.browser = options.browser ?? createBrowserPool({
      ...(options.browserPath ? { browserPath: options.browserPath } : {}),
      tracesDir: () => `${this.runs.root}/.work/browser`,
    });
  }

  private async browserInstallation(): Promise<BrowserInstallation> {
    const configuredPath = this.options.browserPath?.() ?? undefined;
    // Discovery probes the disk; redo it only when the configured path changed.
    if (!this.installation || this.installation.configuredPath !== configuredPath) {
      this.installation = { ...(await discoverBrowser({ configuredPath })), configuredPath };
    }
    return this.installation;
  }

  /** Providers that read the vault only at the moment the engine types; `password` replaces the stored one. */
  private providers(account: Account, password = account.password): { credentials: CredentialProvider; otpProvider?: OtpProvider } {
    const credentials: CredentialProvider = { username: async () => account.username, password: async () => password };
    const otpProvider = accountOtpProvider(account, this.options.emailCodes, this.options.usedTotpSteps);
    return otpProvider ? { credentials, otpProvider } : { credentials };
  }

  /** ITEM_NOT_FOUND / VAULT_LOCKED first (before any browser starts), then NOT_PERMITTED without a role. */
  private known(accountId: string): void {
    this.options.vault().accounts.get(accountId);
    (this.options.access ?? localOwnerAccess).requireAccess(accountId);
  }

  private ownerOf(accountId: string): void {
    this.known(accountId);
    (this.options.access ?? localOwnerAccess).requireOwner(accountId);
  }

  /** The account's stored runs, newest first (anyone with a role). */
  async listRuns(accountId: string) {
    this.known(accountId);
    return this.runs.list(accountId);
  }

  /** One stored run with its steps (anyone with a role). */
  async run(accountId: string, runId: string): Promise<StoredRun> {
    this.known(accountId);
    return this.runs.get(accountId, runId);
  }

  private begin(accountId: string, outer?: AbortSignal): AbortController {
    if (this.active.has(accountId)) {
      throw new TesseraError('AUTOMATION_BUSY', 'A login for this account is already running. Wait for it, or cancel it first.');
    }
    const controller = new AbortController();
    outer?.addEventListener('abort', () => controller.abort(), { once: true });
    this.active.set(accountId, controller);
    return controller;
  }

  private progress(accountId: string, runId: string, kind: RunKind, request: RunRequest) {
    return (event: StepEvent): void => {
      this.options.events?.emit('automation.progress', { accountId, runId, kind, event } satisfies AutomationProgress);
      request.onStep?.(event, runId);
    };
  }

  private async prepare(accountId: string, kind: RunKind, request: RunRequest): Promise<{ account: Account; loginUrl: string; runId: string; workDir: string }> {
    const runId = RunStore.newRunId();
    await this.settleRotation(accountId, this.progress(accountId, runId, kind, request));
    const account = this.options.vault().accounts.get(accountId);
    if (account.deletedAt !== null) throw new TesseraError('INVALID_INPUT', `"${account.name}" is in the trash. Restore it to log in.`);
    const loginUrl = loginUrlOf(account);
    this.workCleared ??= this.runs.clearWork();
    await this.workCleared;
    // The warm browser's trace folder was removed after the last run: recreate it 0700 before
    // Playwright does (with the umask's mode).
    await this.runs.browserWorkDir();
    return { account, loginUrl, runId, workDir: await this.runs.workDir(runId) };
  }

  /**
   * A rotation interrupted after its submit may have changed the site's password: settle it
   * (probe new, then old) before reading the account, and say so in the run's steps, instead
   * of failing with a wrong-password outcome that is not true.
   */
  private async settleRotation(accountId: string, step: (event: StepEvent) => void): Promise<void> {
    if (!this.options.settleRotation) return;
    let settling = false;
    try {
      await this.options.settleRotation(accountId, () => {
        settling = true;
        step({ step: 'settle-rotation', status: 'start', at: Date.now(), detail: 'A password rotation of this account was interrupted: settling it before logging in' });
      });
      if (settling) step({ step: 'settle-rotation', status: 'ok', at: Date.now(), detail: 'The interrupted rotation is settled; logging in with the password the site has' });
    } catch (error) {
      step({ step: 'settle-rotation', status: 'fail', at: Date.now(), detail: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  /**
   * Deletes what a run left in the clear (trace data, screencast frames) once it is sealed: the
   * run's folder, and the browser's trace folder when no other run is recording into it.
   */
  private async removeRunWork(runId: string): Promise<void> {
    await this.runs.removeWork(runId);
    if (this.active.size === 0) await this.runs.removeWork(BROWSER_WORK);
  }

  private async finish(accountId: string, runId: string, report: RunReport, artifacts: Parameters<RunStore['save']>[3]): Promise<StoredRun> {
    const stored = await this.runs.save(accountId, runId, report, artifacts);
    const vault = this.options.vault();
    vault.audit.append(`automation.${report.kind}`, accountId, { outcome: report.outcome, runId, strategy: report.strategy });
    if (report.kind === 'verify') {
      const fact = verificationFact(report, runId);
      if (fact) this.runs.recordVerification(accountId, fact);
    }
    if (report.outcome === 'success') this.options.onSuccessfulLogin?.(accountId);
    return stored;
  }

  /** The unsettled rotation elsewhere of the account, unless its candidate is already the stored password. */
  private elsewhere(account: Account): RotationElsewhere | undefined {
    const marker = this.options.rotationElsewhere?.(account.id);
    return marker && marker.candidate !== account.password ? marker : undefined;
  }

  /**
   * A real login in a headless browser; stores the run and the verification fact. With a
   * rotation unsettled elsewhere: the candidate first, then the stored password.
   */
  async verify(accountId: string, request: RunRequest = {}): Promise<StoredRun> {
    this.known(accountId);
    const controller = this.begin(accountId, request.signal);
    let started: string | undefined;
    try {
      const { account, loginUrl, runId, workDir } = await this.prepare(accountId, 'verify', request);
      started = runId;
      const recipes = await loadRecipes(this.options.dataDir);
      const step = this.progress(accountId, runId, 'verify', request);
      const attempt = async (password: string | undefined, dir: string) => {
        const { credentials, otpProvider } = this.providers(account, password);
        return verifyLogin(await this.browser.get(), credentials, {
          loginUrl,
          allowedOrigins: account.allowedOrigins,
          recipes,
          workDir: dir,
          signal: controller.signal,
          stepEvents: step,
          ...(otpProvider ? { otpProvider } : {}),
          ...(this.options.stepTimeoutMs ? { stepTimeoutMs: this.options.stepTimeoutMs } : {}),
          ...(this.options.otpTimeoutMs ? { otpTimeoutMs: this.options.otpTimeoutMs } : {}),
        });
      };
      const elsewhere = this.elsewhere(account);
      if (!elsewhere) {
        const { report, artifacts } = await attempt(undefined, workDir);
        return await this.finish(accountId, runId, report, artifacts);
      }
      // A rotation submitted on an Owner's device and not settled: which password the site has.
      const settling: StepEvent[] = [];
      const say = (event: StepEvent) => {
        settling.push(event);
        step(event);
      };
      const known = this.verdicts.get(elsewhere.rotationId);
      say(known ? settleStep('ok', ELSEWHERE_WORDING.known(known)) : settleStep('start', ELSEWHERE_WORDING.start));
      const passwordOf = (choice: PasswordChoice) => (choice === 'new' ? elsewhere.candidate : undefined);
      let tried: PasswordChoice = known ?? 'new';
      let run = await attempt(passwordOf(tried), workDir);
      let steps = [...settling, ...run.report.steps];
      if (run.report.outcome === 'wrong_credentials' && !controller.signal.aborted) {
        // The other password: the site kept the old one, or took the new one after all.
        tried = tried === 'new' ? 'old' : 'new';
        say(settleStep('ok', ELSEWHERE_WORDING.fallback(tried)));
        await this.runs.removeWork(runId);
        run = await attempt(passwordOf(tried), await this.runs.workDir(runId));
        steps = [...steps, settling.at(-1)!, ...run.report.steps];
      }
      if (run.report.outcome === 'success') {
        this.verdicts.worked(elsewhere.rotationId, tried);
        if (!known && tried === 'new') {
          say(settleStep('ok', ELSEWHERE_WORDING.probed('new')));
          steps = [...steps, settling.at(-1)!];
        }
      }
      if (run.report.outcome === 'wrong_credentials') this.verdicts.forget(elsewhere.rotationId);
      return await this.finish(accountId, runId, neitherPasswordWorked({ ...run.report, steps }), run.artifacts);
    } finally {
      this.active.delete(accountId);
      if (started) await this.removeRunWork(started);
    }
  }

  /**
   * Logs in inside the account's own profile in a visible window and leaves the window to
   * the person (assisted: waits for the person to finish first). The window stays open after
   * this returns; `windowClosed` resolves when the person closes it.
   */
  async open(accountId: string, request: OpenRequest = {}): Promise<StoredRun & { windowClosed: Promise<void> }> {
    this.known(accountId);
    const controller = this.begin(accountId, request.signal);
    try {
      const kind: RunKind = request.assisted ? 'assisted' : 'open';
      const { account, loginUrl, runId, workDir } = await this.prepare(accountId, kind, request);
      const recipes = await loadRecipes(this.options.dataDir);
      const step = this.progress(accountId, runId, kind, request);
      const elsewhere = this.elsewhere(account);
      const choice = elsewhere ? await this.chooseBeforeOpening(account, elsewhere, step, { loginUrl, recipes, signal: controller.signal }) : undefined;
      const { credentials, otpProvider } = this.providers(account, choice === 'new' ? elsewhere?.candidate : undefined);
      await this.windows.get(accountId)?.close().catch(() => undefined);
      const { report, artifacts, context } = await openLoggedIn(this.profiles, await this.browserInstallation(), credentials, {
        accountId,
        loginUrl,
        allowedOrigins: account.allowedOrigins,
        recipes,
        workDir,
        signal: controller.signal,
        assisted: request.assisted ?? false,
        headless: request.headless ?? false,
        onContext: (window) => this.windows.set(accountId, window),
        stepEvents: step,
        ...(request.personTimeoutMs ? { personTimeoutMs: request.personTimeoutMs } : {}),
        ...(otpProvider ? { otpProvider } : {}),
        ...(this.options.stepTimeoutMs ? { stepTimeoutMs: this.options.stepTimeoutMs } : {}),
      });
      const windowClosed = new Promise<void>((resolve) => context.once('close', () => resolve()));
      void windowClosed.then(() => {
        if (this.windows.get(accountId) === context) this.windows.delete(accountId);
        // The window's profile recorded into the run's folder until it closed.
        return this.removeRunWork(runId);
      });
      if (elsewhere && report.outcome === 'success') this.verdicts.worked(elsewhere.rotationId, choice ?? 'old');
      if (elsewhere && report.outcome === 'wrong_credentials') this.verdicts.forget(elsewhere.rotationId);
      return { ...(await this.finish(accountId, runId, elsewhere ? neitherPasswordWorked(report) : report, artifacts)), windowClosed };
    } finally {
      this.active.delete(accountId);
    }
  }

  /**
   * Before a window opens for the person: which password of an unsettled rotation elsewhere
   * the site has, from an earlier login here or a headless probe with the candidate.
   */
  private async chooseBeforeOpening(
    account: Account,
    elsewhere: RotationElsewhere,
    step: (event: StepEvent) => void,
    { loginUrl, recipes, signal }: { loginUrl: string; recipes: Awaited<ReturnType<typeof loadRecipes>>; signal: AbortSignal },
  ): Promise<PasswordChoice | undefined> {
    const known = this.verdicts.get(elsewhere.rotationId);
    if (known) {
      step(settleStep('ok', ELSEWHERE_WORDING.known(known)));
      return known;
    }
    step(settleStep('start', ELSEWHERE_WORDING.start));
    const { credentials, otpProvider } = this.providers(account, elsewhere.candidate);
    const outcome = await probeCandidate(await this.browser.get(), credentials, {
      loginUrl,
      allowedOrigins: account.allowedOrigins,
      recipes,
      signal,
      ...(otpProvider ? { otpProvider } : {}),
      ...(this.options.stepTimeoutMs ? { stepTimeoutMs: this.options.stepTimeoutMs } : {}),
      ...(this.options.otpTimeoutMs ? { otpTimeoutMs: this.options.otpTimeoutMs } : {}),
    });
    const choice: PasswordChoice | undefined = outcome === 'success' ? 'new' : outcome === 'wrong_credentials' ? 'old' : undefined;
    if (choice === 'new') this.verdicts.worked(elsewhere.rotationId, 'new');
    step(settleStep('ok', ELSEWHERE_WORDING.probed(choice)));
    return choice;
  }

  /** Stops the account's running login; false when none runs. */
  cancel(accountId: string): boolean {
    const controller = this.active.get(accountId);
    controller?.abort();
    return controller !== undefined;
  }

  isRunning(accountId: string): boolean {
    return this.active.has(accountId);
  }

  /** Closes the account's window and deletes its browser profile (cookies, storage). */
  async removeProfile(accountId: string): Promise<void> {
    this.known(accountId);
    if (this.active.has(accountId)) throw new TesseraError('AUTOMATION_BUSY', 'A login for this account is running. Cancel it before removing the browser profile.');
    await this.windows.get(accountId)?.close().catch(() => undefined);
    this.windows.delete(accountId);
    await this.profiles.removeProfile(accountId);
  }

  async screenshotDataUrl(accountId: string, runId: string, index: number): Promise<string> {
    this.ownerOf(accountId);
    const png = await this.runs.screenshot(accountId, runId, index);
    return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
  }

  /**
   * One part of a run's Playwright trace (a zip for `playwright show-trace`), decrypted for an
   * export the person asked for; audited. Tracing stops while secrets are typed, so a run has
   * one part per stretch between secret steps, and no part holds a DOM snapshot.
   */
  async exportTrace(accountId: string, runId: string, part: number): Promise<{ bytes: Uint8Array; suggestedName: string }> {
    this.ownerOf(accountId);
    const vault = this.options.vault();
    const account = vault.accounts.get(accountId);
    const run = await this.runs.get(accountId, runId);
    if (!Number.isInteger(part) || part < 1 || part > run.traceChunks) {
      throw new TesseraError('INVALID_INPUT', run.traceChunks === 0 ? 'This run kept no trace.' : `This run's trace has ${run.traceChunks} part(s); choose 1 to ${run.traceChunks}.`);
    }
    const bytes = await this.runs.traceChunk(accountId, runId, part - 1);
    vault.audit.append('automation.trace_export', accountId, { runId, part });
    const slug = account.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'account';
    const suffix = run.traceChunks > 1 ? `-part${part}` : '';
    return { bytes, suggestedName: `tessera-${slug}-${runId.split("-")[1] ?? runId}${suffix}.trace.zip` };
  }

  /**
   * A login a person made by hand in their own browser succeeded (the browser extension saw
   * the next page logged in): it counts for milestone 1 like a verified one, marked as theirs.
   */
  recordPersonLogin(accountId: string, at = Date.now()): void {
    this.known(accountId);
    this.runs.recordVerification(accountId, { succeeded: true, at, outcome: 'success', runId: '', by: 'person' });
    this.options.vault().audit.append('login.person', accountId, {});
  }

  /** Last conclusive verification per account, for milestone 1. */
  verifications(): Map<string, VerificationFact> {
    return this.runs.verifications();
  }

  async close(): Promise<void> {
    for (const controller of this.active.values()) controller.abort();
    await Promise.all([...this.windows.values()].map((window) => window.close().catch(() => undefined)));
    this.windows.clear();
    // A shared pool is closed by its owner (services.ts), after every user of it.
    if (this.ownBrowser) await this.browser.close();
  }
}
