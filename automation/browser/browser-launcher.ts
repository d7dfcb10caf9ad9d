// Starts the discovered browser: headless for verification, or headed with one persistent
// profile per account (cookies survive, so "open logged in" stays logged in), kept under
// <dataDir>/browser-profiles/<accountId> and removable from the account page.

import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { TesseraError } from '../../main/errors';
import type { BrowserInstallation } from './browser-discovery';

/**
 * Ctrl-C belongs to the caller (the CLI closes the window and reports the run); Playwright's
 * own handler would kill the browser and exit the process with 130 first.
 */
const CALLER_HANDLES_SIGINT = { handleSIGINT: false } as const;

function launchArgs(): string[] {
  const args = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
  // Chromium refuses to start as root with its sandbox on (containers, CI); elsewhere keep it.
  if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

export interface LaunchOptions {
  /** Where Playwright keeps a trace while it records (a private folder of the caller's). */
  tracesDir?: string;
}

/** Playwright loads on the first launch, not with every process that might launch (it takes ~1 s). */
const playwright = () => import('playwright-core');

export async function launchHeadless(installation: BrowserInstallation, { tracesDir }: LaunchOptions = {}): Promise<Browser> {
  const { chromium } = await playwright();
  return chromium.launch({ executablePath: installation.executablePath, headless: true, args: launchArgs(), ...CALLER_HANDLES_SIGINT, ...(tracesDir ? { tracesDir } : {}) });
}

const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** One browser profile folder per account under the data directory. */
export class AccountProfiles {
  constructor(private readonly dataDir: string) {}

  profileDir(accountId: string): string {
    // The id becomes a folder name: refuse anything that could climb out of the data dir.
    if (!ACCOUNT_ID.test(accountId)) {
      throw new TesseraError('INVALID_INPUT', 'An account id may only contain letters, digits, "-" and "_".');
    }
    return path.join(this.dataDir, 'browser-profiles', accountId);
  }

  /**
   * Opens the account's persistent profile, headed by default (the person sees and uses it);
   * `headless` serves machines without a display, such as CI.
   */
  async open(accountId: string, installation: BrowserInstallation, { headless = false, tracesDir }: { headless?: boolean } & LaunchOptions = {}): Promise<BrowserContext> {
    const dir = this.profileDir(accountId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const { chromium } = await playwright();
    return chromium.launchPersistentContext(dir, {
      executablePath: installation.executablePath,
      headless,
      args: launchArgs(),
      viewport: null,
      ...CALLER_HANDLES_SIGINT,
      ...(tracesDir ? { tracesDir } : {}),
    });
  }

  /** Whether the account has a profile folder (it was opened logged in at least once). */
  async hasProfile(accountId: string): Promise<boolean> {
    return stat(this.profileDir(accountId)).then(() => true, () => false);
  }

  /** Deletes the account's profile (cookies, storage, cache). Close its window first. */
  async removeProfile(accountId: string): Promise<void> {
    await rm(this.profileDir(accountId), { recursive: true, force: true });
  }
}
