// What the rotation engine needs from a site, and the real implementation with a browser:
// change the password (logged in with the old one) and try one login in a fresh browser
// context. The engine and its recovery depend only on this interface, so their logic is
// tested against an in-memory site as well as against real fixture sites in Chromium.
import type { Browser, Page } from 'playwright-core';
import { changePassword, type ChangePasswordOutcome } from '../../automation/change-password/change-password-flow';
import type { LoadedRecipe } from '../../automation/recipes/recipe-matching';
import type { OtpProvider } from '../../automation/login/credential-provider';
import type { StepEventSink } from '../../automation/login/step-runner';
import type { NewPasswordFieldRules } from '../../automation/change-password/new-password-field';
import { performLogin } from '../../automation/login/perform-login';
import type { StepEvent } from '../../automation/login/step-runner';
import { describeFailure, type FailureReport, lastPageOf } from '../../automation/flows/failure-report';
import { maskedFailureScreenshot } from '../../automation/flows/failure-screenshot';
import { TesseraError } from '../errors';

export interface SiteChangeRequest {
  loginUrl: string;
  username: string;
  oldPassword: string;
  chooseNewPassword(rules: NewPasswordFieldRules): Promise<string>;
  beforeSubmit(): Promise<void>;
  onStep?: StepEventSink<string>;
  signal?: AbortSignal;
  /** Codes for a site that asks for one at login (TOTP, emailed); made for this login only. */
  otpProvider?: OtpProvider;
  /** Origins besides the login URL's where the account's secrets may be typed. */
  allowedOrigins?: readonly string[];
}

export interface SiteChangeResult {
  outcome: ChangePasswordOutcome;
  submitted: boolean;
  reasons: string[];
  /** When the change did not go through: the step, why, the last page, what was tried, what to do. */
  failure?: FailureReport;
  /** A screenshot of the page it stopped on, password fields masked (PNG, base64). */
  failureScreenshot?: string;
}

/** 'unknown': the login could not tell (CAPTCHA, lockout, no form, timeout). */
export type LoginProbe = 'success' | 'failure' | 'unknown';

export interface RotationSite {
  changePassword(request: SiteChangeRequest): Promise<SiteChangeResult>;
  tryLogin(request: { loginUrl: string; username: string; password: string; signal?: AbortSignal; otpProvider?: OtpProvider; allowedOrigins?: readonly string[] }): Promise<LoginProbe>;
}

export interface BrowserSiteOptions {
  /** The shared headless browser (launched on first use by the caller's pool). */
  browser: () => Promise<Browser>;
  /**
   * The recipes that apply on this machine, read at each call (a recipe added since is used):
   * flows.login logs in, flows.changePassword finds the change page and its fields.
   */
  recipes?: () => Promise<readonly LoadedRecipe[]>;
  stepTimeoutMs?: number;
}

/** Runs `use` on a page of a new browser context, closed afterwards: no session is ever reused. */
export function pageRunner(browser: () => Promise<Browser>) {
  return async <T>(use: (page: Page) => Promise<T>): Promise<T> => {
    const context = await (await browser()).newContext();
    try {
      return await use(await context.newPage());
    } finally {
      await context.close().catch(() => undefined);
    }
  };
}

/** Each call gets its own browser context: verifications never reuse a session. */
export function browserRotationSite(options: BrowserSiteOptions): RotationSite {
  const stepTimeoutMs = options.stepTimeoutMs ?? 15_000;
  const withPage = pageRunner(options.browser);
  const recipes = async (): Promise<readonly LoadedRecipe[]> => (options.recipes ? options.recipes() : []);
  return {
    changePassword: async (request) => {
      // Read before the browser opens: a broken recipe file is a RECIPE_INVALID error naming it, and nothing was tried.
      const loaded = await recipes();
      return withPage(async (page) => {
        const steps: StepEvent<string>[] = [];
        let submitted = false;
        const explain = async (code: string, reasons: string[]): Promise<Pick<SiteChangeResult, 'failure' | 'failureScreenshot'>> => {
          const screenshot = await maskedFailureScreenshot(page);
          const failure = describeFailure({ flow: 'change-password', code, reasons, steps, lastPage: await lastPageOf(page), siteUrl: request.loginUrl });
          return { failure, ...(screenshot ? { failureScreenshot: screenshot.toString('base64') } : {}) };
        };
        try {
          const result = await changePassword(page, { username: async () => request.username, password: async () => request.oldPassword }, {
            loginUrl: request.loginUrl,
            stepTimeoutMs,
            ...(request.allowedOrigins ? { allowedOrigins: request.allowedOrigins } : {}),
            chooseNewPassword: request.chooseNewPassword,
            beforeSubmit: async () => {
              submitted = true;
              await request.beforeSubmit();
            },
            recipes: loaded,
            stepEvents: (event) => {
              steps.push(event);
              request.onStep?.(event);
            },
            ...(request.signal ? { signal: request.signal } : {}),
            ...(request.otpProvider ? { otpProvider: request.otpProvider } : {}),
          });
          const base = { outcome: result.outcome, submitted: result.submitted, reasons: result.reasons };
          return result.outcome === 'changed' ? base : { ...base, ...(await explain(result.outcome, result.reasons)) };
        } catch (error) {
          // A step that threw (timeout, a page that broke): the engine decides as for "unknown", told why.
          const code = error instanceof TesseraError ? error.code : 'AUTOMATION_FAILED';
          const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
          if (code === 'CANCELLED') throw error;
          return { outcome: 'unknown', submitted, reasons: [message], ...(await explain(code, [message])) };
        }
      });
    },
    tryLogin: (request) =>
      withPage(async (page) => {
        try {
          const result = await performLogin(page, { username: async () => request.username, password: async () => request.password }, {
            loginUrl: request.loginUrl,
            recipes: await recipes(),
            stepTimeoutMs,
            ...(request.allowedOrigins ? { allowedOrigins: request.allowedOrigins } : {}),
            ...(request.signal ? { signal: request.signal } : {}),
            ...(request.otpProvider ? { otpProvider: request.otpProvider } : {}),
          });
          if (result.outcome === 'success') return 'success';
          return result.outcome === 'wrong_credentials' ? 'failure' : 'unknown';
        } catch {
          return 'unknown';
        }
      }),
  };
}
