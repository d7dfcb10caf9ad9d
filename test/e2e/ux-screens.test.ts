// Issue 21: every screen at 1280×800 and 1024×768, light and dark — a screenshot in
// test-results/screens/ (ux-<screen>-<width>-<scheme>.png), no sideways scroll anywhere, axe
// clean, and no developer words on screen (schema paths, step ids, exception classes, browser
// API names, accelerator strings).
import { describe, expect, it } from 'vitest';
import { useAppSessions, type AppSession } from './harness';
import { accountOptions, MASTER, sectionButton, seededVault, seriousAxeViolations, withAttention } from './desktop-helpers';
import { developerWordsIn, horizontalScrollers } from './human-text';

const TOTP = { secret: 'JBSWY3DPEHPK3PXP' };
const VIEWPORTS = [{ width: 1280, height: 800 }, { width: 1024, height: 768 }] as const;

/** Screenshot, sideways scroll, axe and developer words, in light and dark; the screen name says which broke. */
async function checkScreen(session: AppSession, screen: string, width: number) {
  const { page } = session;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction((wanted) => document.documentElement.dataset['theme'] === wanted, scheme);
    await session.screenshot(`ux-${screen}-${width}-${scheme}`);
    expect({ screen, scheme, width, scrollers: await horizontalScrollers(page) }).toEqual({ screen, scheme, width, scrollers: [] });
    expect({ screen, scheme, violations: await seriousAxeViolations(page) }).toEqual({ screen, scheme, violations: [] });
  }
  expect({ screen, words: await developerWordsIn(page) }).toEqual({ screen, words: [] });
  await page.emulateMedia({ colorScheme: 'light' });
}

describe.each(VIEWPORTS)('screens at $width×$height', ({ width, height }) => {
  const app = useAppSessions();

  it('create vault (strength and repeat), recovery key kit, unlock', async () => {
    const session = await app.open();
    const { page } = session;
    await page.setViewportSize({ width, height });
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    // A weak master password is refused in words, with its strength shown.
    await page.getByLabel('Master password', { exact: true }).fill('password');
    await page.getByLabel('Repeat master password').fill('password');
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByRole('alert').filter({ hasText: /at least 10 characters/ }).waitFor();
    await page.getByLabel('Master password', { exact: true }).fill('passwordpassword');
    await expect.poll(() => page.getByTestId('password-strength').textContent()).toMatch(/Strength: (Very weak|Weak|Fair)/);
    await page.getByRole('alert').filter({ hasText: /^(Very weak|Weak|Fair):/ }).waitFor();
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    expect(await page.getByLabel('Master password', { exact: true }).getAttribute('type')).toBe('text');
    await checkScreen(session, 'create-vault', width);
    await page.getByLabel('Master password', { exact: true }).fill(MASTER);
    await page.getByLabel('Repeat master password').fill(MASTER);
    await expect.poll(() => page.getByTestId('password-strength').textContent()).toMatch(/Strength: (Strong|Very strong)/);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByTestId('recovery-key').waitFor();
    await page.getByRole('button', { name: 'Print or save as PDF…' }).waitFor();
    await page.getByRole('button', { name: 'Copy' }).waitFor();
    await checkScreen(session, 'recovery-key', width);
    await page.getByLabel('I have stored the recovery key somewhere safe').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock Tessera' }).waitFor();
    await checkScreen(session, 'unlock', width);
  });

  it('accounts, account page, edit dialog, dashboard, policies, settings and sharing', async () => {
    const session = await app.open({ beforeLoad: withAttention(seededVault([
      { name: 'Acme Admin', urls: ['https://admin.acme.test/login'], username: 'ops@acme.test', password: 'k7#Qm!2vR9$zLp@4', totp: TOTP, managedEmail: 'acme@inbox.team.test', tags: ['admin'] },
      { name: 'Brand Twitter', urls: ['https://x.test'], username: 'brand', password: 'password1', tags: ['social'] },
      { name: 'Vendor Portal', urls: ['https://portal.vendor.test'], username: 'team', password: 'Same-Long-Secret-41!x', tags: ['vendor'] },
      { name: 'Vendor Billing with a rather long name that must wrap, not scroll', urls: ['https://billing.vendor.test/a/very/long/path/that/should/wrap/and/never/push/the/page/sideways'], username: 'team', password: 'Same-Long-Secret-41!x', managedPhone: '+1 555 0100', tags: ['vendor'] },
    ]), 'vendor') });
    const { page } = session;
    await page.setViewportSize({ width, height });
    await accountOptions(page).first().waitFor();
    await page.getByRole('option', { name: /Acme Admin/ }).click();
    await page.getByTestId('milestone-credentials').waitFor();
    await expect.poll(async () => (await page.locator('dl').getByTestId('totp-code').textContent())?.replace(/\s/g, '')).toMatch(/^\d{6}$/);
    // The failed verification shows as a failure on the page: icon, colour and words.
    expect(await page.getByTestId('milestone-credentials').getAttribute('data-state')).toBe('failed');
    await checkScreen(session, 'account-page', width);

    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('dialog').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).waitFor();
    await checkScreen(session, 'account-dialog', width);
    await page.keyboard.press('Escape');

    await sectionButton(page, 'Dashboard').click();
    await page.getByTestId('chart-passwords').waitFor();
    expect(await page.getByTestId('dashboard-headline').textContent()).toMatch(/^0 of 4 accounts are at level 5 · 1 failed login$/);
    const next = await page.getByTestId('do-next').getByRole('listitem').allTextContents();
    expect(next[0]).toMatch(/^1 login failed last time: check the username and passwordFix the login: Acme Admin$/);
    await checkScreen(session, 'dashboard', width);
    await page.getByRole('button', { name: 'Fix the login: Acme Admin' }).click();
    await page.getByRole('heading', { level: 1, name: 'Acme Admin' }).waitFor();

    await sectionButton(page, 'Policies').click();
    await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
    await checkScreen(session, 'policies', width);

    await sectionButton(page, 'Settings').click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(await page.getByRole('button', { name: /^Save/ }).allTextContents()).toEqual(['Save settings']);
    await page.getByLabel('Clear copied secrets after (seconds)').fill('2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: 'Clipboard timeout must be at least 5 seconds.' }).waitFor();
    await checkScreen(session, 'settings', width);

    await sectionButton(page, 'Sharing').click();
    await page.getByRole('heading', { level: 1, name: 'Sharing' }).waitFor();
    await checkScreen(session, 'sharing', width);
  });
});
