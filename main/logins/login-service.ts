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
import { loginUrlOf } from '../vault';
import type { EventBus } from '../event-bus';
import { createOtpProvider } from '../inbox';
import type { MessageFeed } from '../inbox';
import type { Account, Vault } from '../vault';
import { accountOtpProvider, type EmailCodeSource } from './account-otp';
import { vaultSealer } from './blob-sealer';
import { createBrowserPool, type BrowserPool } from './browser-pool';

export type { EmailCodeSource } from './account-otp';
import { RunStore, type StoredRun, type VerificationFact } from './run-store';

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
  /** The process's shared headless browser (services.ts); without it the service keeps its own. */
  browser?: BrowserPool;
  /** Told after every successful automated login (the "N hours after login" rotation trigger). */
  onSuccessfulLogin?: (accountId: string) => void;
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

  /** Providers that read the vault only at the moment the engine types. */
  private providers(account: Account): { credentials: CredentialProvider; otpProvider?: OtpProvider } {
    const credentials: CredentialProvider = { username: async () => account.username, password: async () => account.password };
    const otpProvider = accountOtpProvider(account, this.options.emailCodes);
    return otpProvider ? { credentials, otpProvider } : { credentials };
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

  private async prepare(accountId: string): Promise<{ account: Account; loginUrl: string; runId: string; workDir: string }> {
    const account = this.options.vault().accounts.get(accountId);
    if (account.deletedAt !== null) throw new TesseraError('INVALID_INPUT', `"${account.name}" is in the trash. Restore it to log in.`);
    const loginUrl = loginUrlOf(account);
    this.workCleared ??= this.runs.clearWork();
    await this.workCleared;
    const runId = RunStore.newRunId();
    return { account, loginUrl, runId, workDir: await this.runs.workDir(runId) };
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

  /** A real login in a headless browser; stores the run and the verification fact. */
  async verify(accountId: string, request: RunRequest = {}): Promise<StoredRun> {
    const controller = this.begin(accountId, request.signal);
    try {
      const { account, loginUrl, runId, workDir } = await this.prepare(accountId);
      const recipes = await loadRecipes(this.options.dataDir);
      const { credentials, otpProvider } = this.providers(account);
      const { report, artifacts } = await verifyLogin(await this.browser.get(), credentials, {
        loginUrl,
        recipes,
        workDir,
        signal: controller.signal,
        stepEvents: this.progress(accountId, runId, 'verify', request),
        ...(otpProvider ? { otpProvider } : {}),
        ...(this.options.stepTimeoutMs ? { stepTimeoutMs: this.options.stepTimeoutMs } : {}),
        ...(this.options.otpTimeoutMs ? { otpTimeoutMs: this.options.otpTimeoutMs } : {}),
      });
      return await this.finish(accountId, runId, report, artifacts);
    } finally {
      this.active.delete(accountId);
    }
  }

  /**
   * Logs in inside the account's own profile in a visible window and leaves the window to
   * the person (assisted: waits for the person to finish first). The window stays open after
   * this returns; `windowClosed` resolves when the person closes it.
   */
  async open(accountId: string, request: OpenRequest = {}): Promise<StoredRun & { windowClosed: Promise<void> }> {
    const controller = this.begin(accountId, request.signal);
    try {
      const { account, loginUrl, runId, workDir } = await this.prepare(accountId);
      const recipes = await loadRecipes(this.options.dataDir);
      const { credentials, otpProvider } = this.providers(account);
      await this.windows.get(accountId)?.close().catch(() => undefined);
      const kind: RunKind = request.assisted ? 'assisted' : 'open';
      const { report, artifacts, context } = await openLoggedIn(this.profiles, await this.browserInstallation(), credentials, {
        accountId,
        loginUrl,
        recipes,
        workDir,
        signal: controller.signal,
        assisted: request.assisted ?? false,
        headless: request.headless ?? false,
        onContext: (window) => this.windows.set(accountId, window),
        stepEvents: this.progress(accountId, runId, kind, request),
        ...(request.personTimeoutMs ? { personTimeoutMs: request.personTimeoutMs } : {}),
        ...(otpProvider ? { otpProvider } : {}),
        ...(this.options.stepTimeoutMs ? { stepTimeoutMs: this.options.stepTimeoutMs } : {}),
      });
      const windowClosed = new Promise<void>((resolve) => context.once('close', () => resolve()));
      void windowClosed.then(() => {
        if (this.windows.get(accountId) === context) this.windows.delete(accountId);
      });
      return { ...(await this.finish(accountId, runId, report, artifacts)), windowClosed };
    } finally {
      this.active.delete(accountId);
    }
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
    if (this.active.has(accountId)) throw new TesseraError('AUTOMATION_BUSY', 'A login for this account is running. Cancel it before removing the browser profile.');
    await this.windows.get(accountId)?.close().catch(() => undefined);
    this.windows.delete(accountId);
    await this.profiles.removeProfile(accountId);
  }

  async screenshotDataUrl(accountId: string, runId: string, index: number): Promise<string> {
    const png = await this.runs.screenshot(accountId, runId, index);
    return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
  }

  /**
   * One part of a run's Playwright trace (a zip for `playwright show-trace`), decrypted for an
   * export the person asked for; audited. Tracing stops while secrets are typed, so a run has
   * one part per stretch between secret steps, and no part holds a DOM snapshot.
   */
  async exportTrace(accountId: string, runId: string, part: number): Promise<{ bytes: Uint8Array; suggestedName: string }> {
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
