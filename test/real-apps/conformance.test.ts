// The real-app conformance suite: every app under apps/ is started from its own scripts (a
// clean state, a seeded admin with a known password) and driven only through the built
// `tessera` CLI with bundled and user recipes switched off, so the generic engine alone must
// cope: login verify with the right and a wrong password, rotate (the new password logs in,
// the old one is refused by the site, the vault holds the new one, the journal is COMMITTED),
// where the app has a "sign out of all sessions" control, logout (Universal Logout: signed out,
// then rotated), and where the app offers authenticator-app 2FA, mfa enable (with the backup
// codes it shows saved to the account) and a TOTP login after it.
// Results go to RESULTS.md next to this file, whatever passed or failed.
import { hostname } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, type CliSandbox, sandboxWithVault } from '../support/cli-harness';
import { discoverApps, selectApps, startApp, stopApp, type StartedApp } from './app-control';
import { type AppResult, type Check, emptyChecks, resultsMarkdown } from './results-table';

const ALL_APPS = discoverApps();
const APPS = selectApps(ALL_APPS, process.env['TESSERA_REAL_APPS']);
const results: AppResult[] = [];
const LONG = 240_000;

/**
 * Written after each app, so an interrupted run still leaves the apps it finished. A run of
 * some apps only (TESSERA_REAL_APPS) writes RESULTS.partial.md (untracked), so RESULTS.md
 * always describes a whole run.
 */
function writeResults(): void {
  const machine = `${hostname()}, Node ${process.versions.node}`;
  const file = APPS.length === ALL_APPS.length ? 'RESULTS.md' : 'RESULTS.partial.md';
  writeFileSync(join(import.meta.dirname, file), resultsMarkdown(results, { date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', machine }));
}
afterAll(writeResults);

/** Parsed --json stdout of a CLI run (ok or error). */
function json(result: CliResult): { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } } {
  try {
    return JSON.parse(result.stdout) as { ok: boolean };
  } catch {
    return { ok: false, error: { code: 'NO_JSON', message: `exit ${result.code}: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}` } };
  }
}

/** The error, and for a failed rotation the step that failed and why (the reports ride on the --json error). */
function why(result: CliResult): string {
  const parsed = json(result);
  if (!parsed.error) return `exit ${result.code}`;
  const reports = (parsed.error as { results?: { failure?: { step: string; why: string } }[] }).results ?? [];
  const failures = reports.flatMap((r) => (r.failure ? [`step ${r.failure.step}: ${r.failure.why}`] : []));
  return [`${parsed.error.code}: ${parsed.error.message}`, ...failures].join(' — ');
}

/** Seconds until the next 30-second TOTP step has begun (plus a margin), so no code is reused. */
function msToNextTotpStep(now = Date.now()): number {
  return 30_000 - (now % 30_000) + 1_000;
}

describe.each(APPS)('real app %s', (app) => {
  let started: StartedApp;
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  const result: AppResult = { app, name: app, version: '?', checks: emptyChecks(true) };
  results.push(result);

  /** Runs a check, timing it and recording pass/fail with the reason; rethrows so the test fails. */
  async function check(name: Check, work: () => Promise<void>): Promise<void> {
    const startedAt = Date.now();
    try {
      await work();
      result.checks[name] = { status: 'pass', seconds: (Date.now() - startedAt) / 1000 };
    } catch (error) {
      const note = (error instanceof Error ? error.message : String(error)).split('\n').find((line) => line.trim() !== '') ?? 'failed';
      result.checks[name] = { status: 'fail', seconds: (Date.now() - startedAt) / 1000, note: note.slice(0, 500) };
      throw error;
    }
  }

  const cli = (args: string[], input?: string) => sandbox.spawn(['--json', ...args], { env, timeoutMs: LONG, ...(input !== undefined ? { input } : {}) });
  const addAccount = async (name: string, password: string) => {
    const added = await cli(['account', 'add', '--name', name, '--url', started.loginUrl, '--username', started.username, '--password-stdin'], password);
    expect(added.code, why(added)).toBe(0);
  };
  const verify = (name: string) => cli(['login', 'verify', name]);

  beforeAll(async () => {
    started = await startApp(app);
    Object.assign(result, { name: started.name, version: started.version, checks: emptyChecks(started.totp, started.logoutEverywhere === true) });
    ({ sandbox, env } = await sandboxWithVault({ spawned: true }));
    env = { ...env, TESSERA_RECIPES: 'off' };
    sandbox.secret(started.password);
    await addAccount('app', started.password);
  }, LONG);

  afterAll(async () => {
    try {
      sandbox?.expectNoSecretOnStderr();
    } finally {
      sandbox?.cleanup();
      writeResults();
      await stopApp(app);
    }
  }, LONG);

  it('logs in with the right password, and tells a wrong one apart', async () => {
    await check('login', async () => {
      const run = await verify('app');
      expect(run.code, why(run)).toBe(0);
      expect(json(run).value).toMatchObject({ outcome: 'success' });
    });
    await check('wrongPassword', async () => {
      await addAccount('wrong', `${started.password}-not-it`);
      const run = await verify('wrong');
      expect(run.code, `a wrong password was not told apart: ${why(run)}`).toBe(1);
      expect(json(run).error?.message ?? '').toMatch(/^wrong_credentials/);
    });
  }, LONG);

  it('rotates the password: the new one logs in, the old one is refused, the vault holds the new one, the journal is COMMITTED', async () => {
    await check('rotation', async () => {
      const rotated = await cli(['rotate', 'app', '--yes']);
      expect(rotated.code, why(rotated)).toBe(0);
      const reports = (json(rotated).value as { results: { state: string }[] }).results;
      expect(reports.map((r) => r.state)).toEqual(['COMMITTED']);

      const shown = await cli(['account', 'show', 'app', '--reveal']);
      const newPassword = (json(shown).value as { password?: string }).password ?? '';
      sandbox.secret(newPassword);
      expect(newPassword).not.toBe('');
      expect(newPassword).not.toBe(started.password);

      const withNew = await verify('app');
      expect(withNew.code, `the new password does not log in: ${why(withNew)}`).toBe(0);
      await addAccount('old', started.password);
      const withOld = await verify('old');
      expect(withOld.code, `the old password still logs in: ${why(withOld)}`).toBe(1);
    });
  }, LONG);

  it('logs out everywhere (where the app has the control): every other session ends, the password rotates and the new one logs in', async () => {
    if (!started.logoutEverywhere) {
      expect(result.checks.universalLogout.status).toBe('n/a');
      return;
    }
    await check('universalLogout', async () => {
      const run = await cli(['logout', 'app', '--yes']);
      expect(run.code, why(run)).toBe(0);
      const reports = (json(run).value as { results: { logout: string; state: string }[] }).results;
      expect(reports.map((r) => r.state)).toEqual(['COMMITTED']);
      expect(['signed_out', 'no_other_sessions'], `the sign-out: ${reports[0]?.logout}`).toContain(reports[0]?.logout);
      const shown = await cli(['account', 'show', 'app', '--reveal']);
      sandbox.secret((json(shown).value as { password?: string }).password ?? '');
      const withNew = await verify('app');
      expect(withNew.code, `the new password does not log in: ${why(withNew)}`).toBe(0);
    });
  }, LONG);

  it('turns on authenticator-app MFA and then logs in with a TOTP code (where the app offers it)', async () => {
    if (!started.totp) {
      // Recorded as n/a in RESULTS.md: this app has no authenticator-app 2FA to turn on.
      expect(result.checks.mfaEnrolment.status).toBe('n/a');
      return;
    }
    await check('mfaEnrolment', async () => {
      const enabled = await cli(['mfa', 'enable', 'app', '--yes']);
      expect(enabled.code, why(enabled)).toBe(0);
      expect(JSON.stringify(json(enabled).value)).toMatch(/"outcome":"enabled"/);
      // Where the site showed backup codes (at once or behind a "generate" link), the account holds them.
      const shownCodes = /"step":"capture-backup-codes"[^}]*"detail":"(\d+) codes/.exec(JSON.stringify(json(enabled).value));
      if (shownCodes) {
        const shown = await cli(['account', 'show', 'app', '--reveal']);
        const codes = (json(shown).value as { backupCodes?: string[] }).backupCodes ?? [];
        codes.forEach((code) => sandbox.secret(code));
        expect(codes, 'the backup codes the site showed are not in the vault').toHaveLength(Number(shownCodes[1]));
      }
    });
    await check('totpLogin', async () => {
      // The enrolment's proving login spent this step's code; sites refuse a code twice.
      await new Promise((resolve) => setTimeout(resolve, msToNextTotpStep()));
      const run = await verify('app');
      expect(run.code, why(run)).toBe(0);
      expect(JSON.stringify(json(run).value?.['steps'] ?? [])).toMatch(/totp|otp|code/i);
    });
  }, LONG);
});
