// Attack (review item 2): automated login typed the password into other origins — a login URL
// that redirects to another host, and a login form inside a cross-origin iframe, received the
// real password (and `login verify` reported success). Performed here in real Chromium against
// two fixture origins; the hostile one records every form post and every keystroke its script
// reports, so "nothing was typed" is proven by what that server received. The same runs with
// the hostile origin on the account's allowed list do deliver the password there, which shows
// the recording would have caught it.
import { describe, expect, it } from 'vitest';
import { verifyLogin } from '../../../automation/flows/verify-login';
import { originAllowed, originPolicy } from '../../../automation/login/origin-guard';
import { performLogin } from '../../../automation/login/perform-login';
import { parseRecipe } from '../../../automation/recipes/recipe-validation';
import { TesseraError } from '../../../main/errors';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { start as hostileOrigin } from '../../fixtures/sites/hostile-origin/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useFixtureSites, useSharedBrowser } from './browser-fixture';
import { credentials } from './login-harness';
import { discoverBrowser } from '../../../automation/browser/browser-discovery';
import { launchHeadless } from '../../../automation/browser/browser-launcher';
import { BUSY_MACHINE_STEP_TIMEOUT_MS } from '../../support/timeouts';

const browser = useSharedBrowser();
const started = useFixtureSites();

/** A person's recipe for the account's site: open the login page, fill, submit. */
const LOCAL_RECIPE = {
  name: 'Local test site',
  version: 1,
  match: { hosts: ['127.0.0.1'] },
  flows: {
    login: {
      steps: [{ goto: '/login' }, { fill: 'username', target: { css: '#email' } }, { fill: 'password', target: { css: '#password' } }, { submit: { css: 'button' } }],
      success: [{ urlPath: '/dashboard' }],
    },
  },
};

const hostOf = (origin: string): string => new URL(origin).host;
const sawSecret = (received: string[]): boolean => received.some((body) => body.includes(FIXTURE_PASSWORD) || body.includes(FIXTURE_USERNAME));

async function attempt(loginUrl: string, options: { allowedOrigins?: string[]; recipe?: boolean } = {}) {
  const page = await browser.newPage();
  try {
    const recipes = options.recipe ? [{ recipe: parseRecipe('test.json', JSON.stringify(LOCAL_RECIPE)), file: 'test.json', origin: 'user' as const }] : [];
    return await performLogin(page, credentials(), { loginUrl, stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS, recipes, ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}) })
      .then((result) => ({ result, error: undefined }), (error: unknown) => ({ result: undefined, error }));
  } finally {
    await page.context().close();
  }
}

describe('credentials only on their own origin (real Chromium)', () => {
  it.each([
    ['a login URL that redirects to another host (heuristics)', '/login', false],
    ['a login URL that redirects to another host (recipe)', '/login', true],
    ['a login form in a cross-origin iframe (heuristics)', '/framed', false],
  ])('%s: nothing is typed there, the run stops with ORIGIN_MISMATCH naming both hosts', async (_label, path, recipe) => {
    const site = await started(hostileOrigin());
    const { result, error } = await attempt(`${site.state.accountOrigin}${path}`, { recipe });
    expect(result).toBeUndefined();
    expect(error).toBeInstanceOf(TesseraError);
    expect((error as TesseraError).code).toBe('ORIGIN_MISMATCH');
    expect((error as TesseraError).message).toContain(hostOf(site.state.accountOrigin));
    expect((error as TesseraError).message).toContain(hostOf(site.state.hostileOrigin));
    expect(sawSecret(site.state.received)).toBe(false);
    expect(site.state.received).toEqual([]);
  });

  it('with the other origin on the account\'s allowed list, the same page does receive the credentials', async () => {
    const site = await started(hostileOrigin());
    await attempt(`${site.state.accountOrigin}/login`, { allowedOrigins: [site.state.hostileOrigin] });
    expect(sawSecret(site.state.received)).toBe(true);
  });

  it('verify reports the outcome origin_mismatch with both hosts, and the hostile site got nothing', async () => {
    const site = await started(hostileOrigin());
    const workDir = mkdtempSync(join(tmpdir(), 'tessera-origin-'));
    const installation = await discoverBrowser({ configuredPath: process.env.TESSERA_BROWSER });
    const headless = await launchHeadless(installation);
    try {
      const { report } = await verifyLogin(headless, credentials(), { loginUrl: `${site.state.accountOrigin}/login`, workDir, stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS });
      expect(report.outcome).toBe('origin_mismatch');
      expect(report.error?.code).toBe('ORIGIN_MISMATCH');
      expect(report.reasons.join(' ')).toContain(hostOf(site.state.hostileOrigin));
      expect(report.reasons.join(' ')).toContain(hostOf(site.state.accountOrigin));
      expect(site.state.received).toEqual([]);
    } finally {
      await headless.close();
      rmSync(workDir, { recursive: true, force: true });
    }
  });
});

describe('origin policy', () => {
  it('allows the login URL\'s origin, the allowed list and an https upgrade of the same host only', () => {
    const policy = originPolicy('http://127.0.0.1:8080/login', ['https://SSO.example.com:443/start']);
    expect(originAllowed(policy, 'http://127.0.0.1:8080')).toBe(true);
    expect(originAllowed(policy, 'https://sso.example.com')).toBe(true);
    expect(originAllowed(policy, 'https://127.0.0.1')).toBe(true);
    expect(originAllowed(policy, 'http://127.0.0.1:8081')).toBe(false);
    expect(originAllowed(policy, 'https://example.com')).toBe(false);
    expect(originAllowed(policy, 'null')).toBe(false);
  });

  it('refuses an http:// login URL to another machine until its origin is confirmed; loopback is fine', () => {
    expect(() => originPolicy('http://intranet.example/login')).toThrow(expect.objectContaining({ code: 'INSECURE_LOGIN_URL' }));
    expect(originPolicy('http://intranet.example/login', ['http://intranet.example']).accountOrigin).toBe('http://intranet.example');
    for (const url of ['http://127.0.0.1:9/login', 'http://localhost:3000/', 'http://[::1]:8080/', 'https://intranet.example/']) {
      expect(() => originPolicy(url)).not.toThrow();
    }
  });
});
