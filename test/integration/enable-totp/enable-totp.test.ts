// enableTotp against the enrolment fixtures in real Chromium: the key as text, as a QR image
// only, with backup codes, a site that rejects the confirmation code, and a site whose
// settings no heuristic finds, with and without an enrolment recipe.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { discoverBrowser } from '../../../automation/browser/browser-discovery';
import { launchHeadless } from '../../../automation/browser/browser-launcher';
import { enableTotp, type EnableTotpResult } from '../../../automation/enable-totp/enable-totp';
import type { StoredTotp } from '../../../main/mfa/stored-totp';
import { totpToolkit } from '../../../main/mfa/totp-toolkit';
import { credentials } from '../automation/login-harness';
import { start as startText } from '../../fixtures/sites/mfa-enroll-text/server';
import { start as startQr } from '../../fixtures/sites/mfa-enroll-qr/server';
import { start as startBackup } from '../../fixtures/sites/mfa-enroll-backup-codes/server';
import { start as startBackupOnRequest } from '../../fixtures/sites/mfa-enroll-backup-on-request/server';
import { start as startSwitch } from '../../fixtures/sites/mfa-enroll-switch/server';
import { startEnrollSite } from '../../fixtures/sites/mfa-enroll-kit/enroll-site';
import { start as startRejects } from '../../fixtures/sites/mfa-enroll-rejects-code/server';
import { performGenericLogin } from '../../../automation/login/generic-login';
import { start as startOddMenu, ODD_MENU_RECIPE } from '../../fixtures/sites/mfa-enroll-odd-menu/server';
import type { LoadedRecipe } from '../../../automation/recipes/recipe-matching';
import { validateRecipe } from '../../../automation/recipes/recipe-validation';
import { BUSY_MACHINE_STEP_TIMEOUT_MS } from '../../support/timeouts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchHeadless(await discoverBrowser({ configuredPath: process.env.TESSERA_BROWSER }));
});
afterAll(async () => {
  await browser?.close();
});

type Saved = { pending: StoredTotp[]; confirmed: { secret: StoredTotp; backupCodes: string[] }[]; order: string[] };

async function run(url: string, recipes: LoadedRecipe[] = []): Promise<{ result: EnableTotpResult<StoredTotp>; saved: Saved }> {
  const saved: Saved = { pending: [], confirmed: [], order: [] };
  const result = await enableTotp(browser, {
    loginUrl: url,
    recipes,
    credentials: credentials(),
    totp: totpToolkit({ issuer: 'Fixture', label: 'ada@example.test' }),
    savePending: async (secret) => {
      saved.pending.push(secret);
      saved.order.push('pending');
    },
    saveConfirmed: async (secret, backupCodes) => {
      saved.confirmed.push({ secret, backupCodes });
      saved.order.push('confirmed');
    },
    stepEvents: (event) => {
      if (event.step === 'confirm-code' && event.status === 'start') saved.order.push('confirm');
    },
    workDir: mkdtempSync(join(tmpdir(), 'tessera-enroll-')),
    stepTimeoutMs: 30_000, // a guard for a busy CI machine, not a timing
    avoidCodeReuse: false,
  });
  return { result, saved };
}

describe('turning on authenticator-app MFA on a site', () => {
  it('captures a key shown as text, stores it as pending before confirming, and proves it with a TOTP login', async () => {
    const site = await startText();
    try {
      const { result, saved } = await run(site.url);
      expect(result.outcome, result.reasons.join('; ')).toBe('enabled');
      expect(result.secretSource).toBe('text');
      expect(saved.order.slice(0, 3)).toEqual(['pending', 'confirm', 'confirmed']);
      expect(saved.pending[0]!.secret).toBe(site.state.mfaSecret);
      expect(site.state.totpLogins).toBe(1);
      expect(result.steps.filter((s) => s.status === 'ok').map((s) => s.step)).toEqual(expect.arrayContaining([
        'find-2fa-settings', 'choose-authenticator', 'capture-secret', 'save-pending-secret', 'confirm-code', 'verify-totp-login',
      ]));
      expect(JSON.stringify(result.steps)).not.toContain(site.state.mfaSecret!);
      // The pages with the key and the code were screenshotted with them masked, never traced.
      expect(result.artifacts.screenshots.map((s) => s.name)).toEqual(expect.arrayContaining(['secret-typed', 'result']));
    } finally {
      await site.close();
    }
  });

  it('turns on a two-factor switch, saves it where no code is asked, and confirms the secret only after a login that asks for a code', async () => {
    const site = await startSwitch();
    try {
      const { result, saved } = await run(site.url);
      expect(result.outcome, result.reasons.join('; ')).toBe('enabled');
      expect(site.state.mfaSecret).not.toBeNull();
      expect(saved.pending[0]!.secret).toBe(site.state.mfaSecret);
      expect(saved.confirmed[0]!.secret).toMatchObject({ secret: site.state.mfaSecret });
      expect(site.state.totpLogins).toBe(1);
      const okSteps = result.steps.filter((s) => s.status === 'ok').map((s) => s.step);
      // The proving login comes before the secret is stored as confirmed.
      expect(okSteps.indexOf('verify-totp-login')).toBeLessThan(okSteps.indexOf('save-confirmed-secret'));
      expect(JSON.stringify(result.steps)).toMatch(/no code asked: the two-factor switch is on and \\"Save\\" saved it/);
    } finally {
      await site.close();
    }
  });

  it('keeps the secret pending and fails when saving the switch did not turn two-factor on (the next login asks for no code)', async () => {
    const site = await startEnrollSite({ secretAs: 'qr', switchAndSave: 'save-ignored' });
    try {
      const { result, saved } = await run(site.url);
      expect(result.outcome).toBe('failed');
      expect(result.reasons.join(' ')).toMatch(/without asking for a code/);
      expect(saved.pending).toHaveLength(1);
      expect(saved.confirmed).toHaveLength(0);
      expect(site.state.mfaSecret).toBeNull();
    } finally {
      await site.close();
    }
  });

  it('decodes the secret from a QR image when the page shows no key as text', async () => {
    const site = await startQr();
    try {
      const { result, saved } = await run(site.url);
      expect(result.outcome, result.reasons.join('; ')).toBe('enabled');
      expect(result.secretSource).toBe('qr');
      expect(saved.confirmed[0]!.secret).toMatchObject({ secret: site.state.mfaSecret, issuer: 'Enroll Fixture' });
    } finally {
      await site.close();
    }
  });

  it('confirms the password when the site asks again, and reads the backup codes it shows after the confirmation', async () => {
    const site = await startBackup();
    try {
      const { result, saved } = await run(site.url);
      expect(result.outcome, result.reasons.join('; ')).toBe('enabled');
      expect(site.state.passwordConfirmed).toBe(true);
      expect(result.backupCodes).toEqual(site.state.backupCodes);
      expect(saved.confirmed[0]!.backupCodes).toEqual(site.state.backupCodes);
    } finally {
      await site.close();
    }
  });

  it('follows a "generate backup codes" link offered once 2FA is on, answers its code prompt with a new code, and saves the codes', async () => {
    const site = await startBackupOnRequest();
    try {
      const { result, saved } = await run(site.url);
      expect(result.outcome, result.reasons.join('; ')).toBe('enabled');
      expect(site.state.backupCodes).toHaveLength(10);
      // Shown as "a1b2 c3d4 e5f6"; the site takes them with or without the spaces.
      expect(result.backupCodes.map((code) => code.replace(/\s/g, ''))).toEqual(site.state.backupCodes);
      expect(saved.confirmed[0]!.backupCodes).toEqual(result.backupCodes);
      expect(result.steps.find((s) => s.step === 'capture-backup-codes' && s.status === 'ok')?.detail).toBe('10 codes (after "generate backup codes")');
      expect(JSON.stringify(result.steps)).not.toContain(result.backupCodes[0]!);
    } finally {
      await site.close();
    }
  });

  it('keeps the pending secret and the evidence when the site rejects the code, and the password login still works', async () => {
    const site = await startRejects();
    try {
      const { result, saved } = await run(site.url);
      expect(result.outcome).toBe('code-rejected');
      expect(result.reasons[0]).toContain('did not accept the confirmation code');
      expect(saved.pending).toHaveLength(1);
      expect(saved.confirmed).toHaveLength(0);
      expect(site.state.mfaSecret).toBeNull();
      expect(site.state.confirmationsRejected).toBe(1);
      expect(result.artifacts.screenshots.map((s) => s.name)).toContain('failure');
      expect(result.steps.find((s) => s.status === 'fail')?.step).toBe('confirm-code');
      const context = await browser.newContext();
      try {
        const login = await performGenericLogin(await context.newPage(), credentials(), { loginUrl: site.url, stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS });
        expect(login.outcome).toBe('success');
      } finally {
        await context.close();
      }
    } finally {
      await site.close();
    }
  });
});

describe('an enrolment recipe (flows.enrollTotp)', () => {
  const oddMenu = (change: (recipe: typeof ODD_MENU_RECIPE) => void = () => undefined): LoadedRecipe[] => {
    const json = structuredClone(ODD_MENU_RECIPE);
    change(json);
    return [{ recipe: validateRecipe('odd-menu.json', json), file: 'odd-menu.json', origin: 'user' }];
  };

  it('is needed where the heuristics find no two-factor settings: without it the run stops there and says so', async () => {
    const site = await startOddMenu();
    try {
      const { result, saved } = await run(site.url);
      expect(result.outcome).toBe('settings-not-found');
      expect(result.reasons.join(' ')).toMatch(/No two-factor settings were found.*A recipe for this site can say where they are \(flows\.enrollTotp\.settings\)/);
      // The run says what a person can act on: the step, why, the last page with its title, what was tried, what to do.
      expect(result.failure).toMatchObject({ step: 'find-2fa-settings', code: 'settings-not-found', why: expect.stringMatching(/No two-factor settings were found/) });
      expect(result.failure?.lastPage?.url.startsWith(new URL(site.url).origin)).toBe(true);
      expect(result.failure?.lastPage?.title).not.toBe('');
      expect(result.failure?.tried.some((line) => /^wait-result ok/.test(line))).toBe(true);
      expect(result.failure?.advice).toMatch(new RegExp(`add a recipe for ${new URL(site.url).host.replace('.', '\\.')} with flows\\.enrollTotp\\.settings\\.goto`));
      expect(result.artifacts.screenshots.map((shot) => shot.name)).toContain('failure');
      expect(saved.pending).toEqual([]);
      expect(site.state.offeredSecret).toBeNull();
    } finally {
      await site.close();
    }
  });

  it('replaces each heuristic step it names: settings, method, secret, confirmation and backup codes', async () => {
    const site = await startOddMenu();
    try {
      const { result, saved } = await run(site.url, oddMenu());
      expect(result.outcome, result.reasons.join('; ')).toBe('enabled');
      const detail = (step: string) => result.steps.find((event) => event.step === step && event.status === 'ok')?.detail;
      expect(detail('find-2fa-settings')).toBe('by the recipe "Odd menu fixture": link "Gatehouse" → button "Forge a second key"');
      expect(detail('choose-authenticator')).toBe('by the recipe "Odd menu fixture": clicked link "Pocket oracle"');
      expect(saved.order.slice(0, 3)).toEqual(['pending', 'confirm', 'confirmed']);
      expect(saved.confirmed[0]).toMatchObject({ secret: { secret: site.state.mfaSecret }, backupCodes: site.state.backupCodes });
      expect(detail('capture-backup-codes')).toBe('8 codes, then "The scroll is safe"');
      expect(site.state.totpLogins).toBe(1);
    } finally {
      await site.close();
    }
  });

  it('names the recipe and the element when the page lacks what it names, keeping the secret as pending', async () => {
    const site = await startOddMenu();
    try {
      const recipes = oddMenu((recipe) => {
        (recipe as { flows: { enrollTotp: { confirm: { field: unknown } } } }).flows.enrollTotp.confirm.field = { label: 'Answer of the sphinx' };
      });
      const { result, saved } = await run(site.url, recipes);
      expect(result.outcome).toBe('failed');
      expect(result.reasons.join(' ')).toMatch(/The recipe "Odd menu fixture" says the confirmation code field is label "Answer of the sphinx", but the page at \/settings\/2fa\/app shows no such element\. Correct the recipe \(odd-menu\.json\)\./);
      expect(saved.pending).toHaveLength(1);
      expect(site.state.mfaSecret).toBeNull();
    } finally {
      await site.close();
    }
  });
});
