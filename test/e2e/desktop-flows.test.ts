// The desktop experience in real Chromium: the account list (keyboard, filters, sort),
// the account page's milestones, the dashboard, settings, the launcher, and focus in
// dialogs. Screens are seeded through the host's services so each test starts where it is about.
import { describe, expect, it, onTestFinished } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useAppSessions, type AppSession } from './harness';
import { accountList, accountOptions, deliverMail, idsOf, seededVault, seriousAxeViolations, withAttention, withDeliveredMail } from './desktop-helpers';
import type { AccountInput } from '../../main/vault';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../fixtures/sites/kit/site-server';
import { start as classicChange } from '../fixtures/sites/change-password-classic/server';
import { start as classicForm } from '../fixtures/sites/classic-form/server';
import { start as rejectsSymbols } from '../fixtures/sites/change-password-rejects-symbols/server';

const TOTP = { secret: 'JBSWY3DPEHPK3PXP' };

/** 30 accounts: tags, managed contacts and TOTP spread so every filter has something to find. */
function manyAccounts(): AccountInput[] {
  return Array.from({ length: 30 }, (_, i) => ({
    name: `Service ${String(i).padStart(2, '0')}`,
    urls: [`https://service${i}.test/login`],
    username: `ops${i}@team.test`,
    password: `Unique-Pass-${i}-x7#Qm!2vR9`,
    tags: i % 3 === 0 ? ['social'] : i % 3 === 1 ? ['vendor'] : [],
    managedEmail: i % 2 === 0 ? `svc${i}@inbox.team.test` : '',
    ...(i % 5 === 0 ? { totp: TOTP } : {}),
  }));
}

/**
 * The first answer of a freshly opened app: the page loads, the vault's first list arrives and the
 * main process starts checking every password in the background (zxcvbn loads its dictionaries
 * once, about a second on a busy machine), so this waits longer than the 1 s default. Not a speed
 * claim: numbers are in bench/.
 */
const FIRST_LOAD = { timeout: 15_000 };

const selectedName = async (session: AppSession) =>
  (await accountList(session.page).locator('[aria-selected="true"] .account-name').textContent()) ?? '';

describe('desktop flows', () => {
  let session: AppSession | null = null;
  const app = useAppSessions();

  it('moves through the list with the keyboard: / to search, arrows, Home/End, Enter, Esc', async () => {
    session = await app.open({ beforeLoad: seededVault(manyAccounts()) });
    const { page } = session;
    await expect.poll(() => page.getByTestId('list-count').textContent(), FIRST_LOAD).toBe('30 accounts');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search accounts');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Account list');
    expect(await selectedName(session)).toBe('Service 00');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => selectedName(session!)).toBe('Service 02');
    await page.getByRole('heading', { level: 1, name: 'Service 02' }).waitFor();
    await page.keyboard.press('End');
    await expect.poll(() => selectedName(session!)).toBe('Service 29');
    // The active row is the list's aria-activedescendant, and it is on screen.
    const active = await accountList(page).getAttribute('aria-activedescendant');
    expect(active).toBe(await accountList(page).locator('[aria-selected="true"]').getAttribute('id'));
    await page.keyboard.press('Home');
    await expect.poll(() => selectedName(session!)).toBe('Service 00');
    await page.keyboard.press('PageDown');
    await expect.poll(() => selectedName(session!)).not.toBe('Service 00');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await accountList(page).focus();
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search accounts');
    await page.keyboard.type('ops1');
    await expect.poll(() => page.getByTestId('list-count').textContent()).not.toBe('30 accounts');
    expect(await accountOptions(page).first().textContent()).toMatch(/ops1/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    // The account opens once its details load: on a loaded machine focus can reach the heading first.
    const chosen = await selectedName(session);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(chosen);
    await page.getByRole('searchbox').focus();
    await page.keyboard.press('Escape');
    expect(await page.getByRole('searchbox').inputValue()).toBe('');
    await expect.poll(() => page.getByTestId('list-count').textContent()).toBe('30 accounts');
  });

  it('filters by tag, security level and attention, and sorts', async () => {
    // Every managed address but Service 04's (and the odd ones, which have none) has received mail.
    const evens = Array.from({ length: 15 }, (_, k) => 2 * k).filter((i) => i !== 4);
    session = await app.open({ beforeLoad: withDeliveredMail(seededVault(manyAccounts()), evens) });
    const { page } = session;
    await expect.poll(() => page.getByTestId('list-count').textContent(), FIRST_LOAD).toBe('30 accounts');
    await page.getByRole('combobox', { name: 'Tag' }).selectOption('social');
    await expect.poll(() => page.getByTestId('list-count').textContent()).toBe('10 accounts');
    await page.getByRole('combobox', { name: 'Tag' }).selectOption('');
    // Level 2 = a managed email that received mail, and TOTP: i even and i % 5 == 0 → 0, 10, 20.
    await page.getByRole('combobox', { name: 'Security level' }).selectOption('2');
    await expect.poll(() => page.getByTestId('list-count').textContent()).toBe('3 accounts');
    expect(await accountOptions(page).locator('.account-name').allTextContents()).toEqual(['Service 00', 'Service 10', 'Service 20']);
    // Level 1: TOTP alone (5, 15, 25) or a confirmed managed email alone (the other evens, but 4:
    // an alias that was only typed in and never received mail does not count).
    await page.getByRole('combobox', { name: 'Security level' }).selectOption('1');
    await expect.poll(() => page.getByTestId('list-count').textContent()).toBe('14 accounts');
    expect(await accountOptions(page).locator('.account-name').allTextContents()).not.toContain('Service 04');
    await page.getByRole('combobox', { name: 'Security level' }).selectOption('any');
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('level');
    await expect.poll(async () => (await accountOptions(page).first().getAttribute('aria-label')) ?? (await accountOptions(page).first().textContent())).toMatch(/Service 01/);
    await page.getByLabel('Needs attention').check();
    // No verification has run yet, so nothing has failed one.
    await expect.poll(() => page.getByTestId('list-count').textContent()).toBe('0 accounts');
    await page.getByText('No account matches this search and these filters.').waitFor();
    await page.getByLabel('Needs attention').uncheck();
    await page.keyboard.press('/');
    await page.keyboard.type('service');
    await page.getByRole('combobox', { name: 'Tag' }).selectOption('vendor');
    await expect.poll(() => page.getByTestId('list-count').textContent()).toBe('10 accounts');
  });

  it('shows the five milestones, each missing one with its action, and the result where the button was', async () => {
    // A real login form that refuses this password, so Verify now fails for the right reason.
    const site = await classicForm();
    onTestFinished(() => site.close());
    session = await app.open({ beforeLoad: seededVault([{ name: 'Acme Admin', urls: [site.url], username: FIXTURE_USERNAME, password: 'k7#Qm!2vR9$zLp@4', totp: TOTP }]) });
    const { page } = session;
    await page.getByRole('heading', { level: 1, name: 'Acme Admin' }).waitFor();
    await expect.poll(() => page.getByRole('img', { name: /^Security level 1 of 5/ }).count()).toBe(2);
    const milestone = (id: string) => page.getByTestId(`milestone-${id}`);
    await expect.poll(() => milestone('credentials').textContent()).toMatch(/^○Credentials correct Not yetNot verified/);
    expect(await milestone('managedMfa').textContent()).toMatch(/^✓Managed MFA DoneThe vault holds the TOTP secret/);
    expect(await milestone('shared').textContent()).toMatch(/Only you can use it\. Share it with a teammate/);
    // Every missing milestone offers its one action.
    expect(await milestone('credentials').getByRole('button').allTextContents()).toEqual(['Verify now']);
    expect(await milestone('managedContact').getByRole('button').allTextContents()).toEqual(['Set managed email/phone']);
    expect(await milestone('shared').getByRole('button').allTextContents()).toEqual(['Share…']);
    expect(await milestone('rotation').getByRole('button').allTextContents()).toEqual(['Add to a policy']);
    // Credentials come before the level on the page.
    const order = await page.evaluate(() => [...document.querySelectorAll('h2')].map((h) => h.textContent));
    expect(order.indexOf('Credentials')).toBeLessThan(order.indexOf('Security level'));
    await session.screenshot('account-page-light');

    await milestone('managedContact').getByRole('button', { name: 'Set managed email/phone' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('email');
    await dialog.getByLabel('Managed email alias').fill('acme+ops@inbox.team.test');
    await dialog.getByRole('button', { name: 'Save' }).click();
    // A typed-in alias is not yet a managed address: the site must send mail there first.
    await expect.poll(() => milestone('managedContact').textContent()).toMatch(/acme\+ops@inbox\.team\.test is set but has not received anything yet/);
    expect(await milestone('managedContact').getAttribute('data-state')).not.toBe('achieved');
    // The list's badge follows once the edited account's secrets are checked again (in the background).
    await expect.poll(() => page.getByRole('img', { name: /^Security level 1 of 5/ }).count()).toBe(2);
    await deliverMail(session.host, idsOf(session.host));
    await expect.poll(() => milestone('managedContact').getAttribute('data-state')).toBe('achieved');
    expect(await milestone('managedContact').textContent()).toMatch(/acme\+ops@inbox\.team\.test, which received mail on/);
    await expect.poll(() => page.getByRole('img', { name: /^Security level 2 of 5/ }).count()).toBe(2);

    // Share… opens the sharing section and moves focus to it.
    await milestone('shared').getByRole('button', { name: 'Share…' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid'))).toBe('section-sharing');

    // Add to a policy: a monthly policy at night is made for it, first run tonight, not now.
    await milestone('rotation').getByRole('button', { name: 'Add to a policy' }).click();
    await milestone('rotation').getByRole('combobox', { name: 'Policy' }).waitFor();
    await milestone('rotation').getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => milestone('rotation').getAttribute('data-state')).toBe('achieved');
    const [policy] = session.host.services.rotation.scheduler.policies();
    expect(policy).toMatchObject({ name: 'Acme Admin monthly', enabled: true });
    expect(policy!.schedule.type === 'interval' && policy!.schedule.startAt).toBeGreaterThan(Date.now());
    expect(session.host.services.rotation.scheduler.jobs.list().filter((job) => job.dueAt <= Date.now())).toEqual([]);

    // Verify now: the site refuses the password; the failure shows as a failure (icon, colour,
    // words) and the outcome stands where the button was.
    await milestone('credentials').getByRole('button', { name: 'Verify now' }).click();
    await expect.poll(() => milestone('credentials').getAttribute('data-state'), { timeout: 45_000 }).toBe('failed');
    expect(await milestone('credentials').textContent()).toMatch(/^✕Credentials correct Failed/);
    expect(await milestone('credentials').getByTestId('verify-result').textContent()).toMatch(/^✕ Wrong username or password\./);
    // The list's badge follows the run: level and needs-attention, without reloading.
    await expect.poll(() => accountOptions(page).first().getByRole('img').getAttribute('aria-label')).toMatch(/^Security level 3 of 5, needs attention/);
    await session.screenshot('account-page-after-actions-light');
  }, 90_000);

  it('opens the dashboard with levels, missing milestones, weak and reused passwords, and what needs attention', async () => {
    session = await app.open({ beforeLoad: withAttention(seededVault([
      { name: 'Weak Portal', password: 'password1', managedEmail: 'w@inbox.team.test' },
      { name: 'Reuse A', password: 'Same-Long-Secret-41!x', totp: TOTP, tags: ['vendor'] },
      { name: 'Reuse B', password: 'Same-Long-Secret-41!x', tags: ['vendor'] },
      { name: 'Fine', password: 'k7#Qm!2vR9$zLp@4', totp: TOTP, managedEmail: 'f@inbox.team.test' },
    ]), 'vendor', 3) });
    const { page } = session;
    // The waiting rotation asks for approval at once; Esc leaves it waiting.
    await page.getByTestId('approval-dialog').waitFor();
    await page.keyboard.press('Escape');
    await accountOptions(page).first().waitFor();
    await page.keyboard.press('Control+2');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    // Password strength is scored in worker threads in the background; the screen asks again until it is done.
    await expect
      .poll(() => page.getByTestId('dashboard-summary').textContent(), { timeout: 20_000 })
      .toMatch(/4 accounts; 0 fully configured; 3 need attention; 1 waiting for approval; 2 rotations in the next 14 days/);
    expect(await page.getByTestId('chart-attention').locator('table tr').allTextContents()).toEqual(['Failed verification1', 'Waiting for approval1']);
    // The weekly policy starts tomorrow for the two vendor accounts.
    const days = await page.getByTestId('chart-upcoming').locator('table td').allTextContents();
    expect(days.slice(0, 2)).toEqual(['0', '2']);
    const attention = page.getByRole('region', { name: 'Needs attention' });
    expect(await attention.getByRole('button').allTextContents()).toEqual(['Weak Portal', 'Fine']);
    const upcoming = page.getByRole('region', { name: 'Upcoming rotations' });
    expect(await upcoming.textContent()).toMatch(/Reuse A.*Weekly vendor rotation.*Reuse B.*Weekly vendor rotation/);
    // Each entry opens its account, by keyboard too.
    await attention.getByRole('button', { name: 'Fine' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Fine' }).waitFor();
    await page.keyboard.press('Control+2');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const levelRows = await page.getByTestId('chart-levels').locator('table tr').allTextContents();
    // Truthful levels: only the TOTP counts (Reuse A, Fine). The vendor policy covers Reuse A and
    // B but cannot rotate them (no login URL), and no managed address has received mail yet.
    expect(levelRows).toEqual(['Level 02', 'Level 12', 'Level 20', 'Level 30', 'Level 40', 'Level 50']);
    // Password strength is scored in the background; the dashboard shows it when done.
    await page.getByTestId('chart-passwords').waitFor();
    const passwordRows = await page.getByTestId('chart-passwords').locator('table tr').allTextContents();
    expect(passwordRows).toEqual(['Weak1', 'Reused2', 'Older than a year0']);
    const reused = page.getByRole('region', { name: 'Reused passwords' });
    expect(await reused.textContent()).toMatch(/Same password on 2 accounts: Reuse AReuse B/);
    expect(await page.content()).not.toContain('Same-Long-Secret-41!x');
    await page.getByRole('region', { name: 'Weak passwords' }).getByRole('button', { name: 'Weak Portal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Weak Portal' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Accounts' }).getAttribute('aria-current')).toBe('page');
  });

  it('rotates the accounts chosen with Space and Shift+arrows, with live progress and a summary', async () => {
    // The second site refuses every new password with a message a second try cannot learn from.
    const sites = [await classicChange(), await rejectsSymbols({ serverRule: () => 'This password appears in a list of breached passwords.' }), await classicChange()];
    try {
      session = await app.open({ beforeLoad: seededVault([
        ...sites.map((site, i) => ({ name: `Rotate ${i + 1}`, urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD })),
        { name: 'Zeta Untouched', password: FIXTURE_PASSWORD },
      ]) });
      const { page } = session;
      const chosen = () => accountList(page).locator('[aria-checked="true"] .account-name').allTextContents();
      await expect.poll(() => page.getByTestId('list-count').textContent()).toBe('4 accounts');
      // The first row is the active one when the list opens.
      await accountList(page).focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+ArrowDown');
      await expect.poll(chosen).toEqual(['Rotate 1', 'Rotate 2', 'Rotate 3']);
      // Ctrl+A chooses every row, Ctrl+click lets one go; Esc clears, and the mouse builds it again.
      await page.keyboard.press('Control+A');
      await expect.poll(chosen).toHaveLength(4);
      await accountList(page).getByRole('option', { name: /Zeta Untouched/ }).click({ modifiers: ['Control'] });
      await expect.poll(chosen).toEqual(['Rotate 1', 'Rotate 2', 'Rotate 3']);
      await page.keyboard.press('Escape');
      await expect.poll(chosen).toEqual([]);
      await accountList(page).getByRole('option', { name: /Rotate 1/ }).click({ modifiers: ['Control'] });
      await accountList(page).getByRole('option', { name: /Rotate 3/ }).click({ modifiers: ['Shift'] });
      await expect.poll(chosen).toEqual(['Rotate 1', 'Rotate 2', 'Rotate 3']);
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByRole('group', { name: 'Chosen accounts' }).getByRole('button', { name: 'Rotate 3 accounts' }).click();
      const confirm = page.getByRole('dialog', { name: 'Rotate the passwords of 3 accounts?' });
      expect(await confirm.textContent()).toMatch(/rotates all 3 side by side/);
      await session.screenshot('bulk-rotation-confirm-light');
      await confirm.getByRole('button', { name: 'Rotate 3 accounts' }).click();
      const progress = page.getByTestId('bulk-rotation');
      await expect.poll(() => progress.getByTestId('bulk-rotation-summary').textContent(), { timeout: 60_000 })
        .toMatch(/^3 of 3 finished: 2 rotated, 1 unchanged, 0 to reconcile, 0 failed\./);
      expect(await progress.getByTestId('bulk-rotation-rows').locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-outcome'))))
        .toEqual(['rotated', 'unchanged', 'rotated']);
      expect(await progress.getByRole('heading').textContent()).toBe('Rotated 2 of 3 accounts');
      await session.screenshot('bulk-rotation-done-light');
      await page.emulateMedia({ colorScheme: 'dark' });
      await session.screenshot('bulk-rotation-done-dark');
      expect(await seriousAxeViolations(page)).toEqual([]);
      // The vault holds what the sites now accept; the site that refused keeps the old password.
      const [first, second] = idsOf(session.host);
      expect(session.host.services.vault.unlocked().accounts.get(first!).password).toBe(sites[0]!.state.passwords.get(FIXTURE_USERNAME));
      expect(session.host.services.vault.unlocked().accounts.get(second!).password).toBe(FIXTURE_PASSWORD);
      await page.keyboard.press('Escape');
      await expect.poll(() => progress.count()).toBe(0);
      // Focus comes back to the list the accounts were chosen in, not to the page heading.
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('listbox');
    } finally {
      for (const site of sites) await site.close();
    }
  });

  it('saves settings, refuses bad values with a reason, and applies the theme at once', async () => {
    session = await app.open({ beforeLoad: seededVault([{ name: 'Acme' }]) });
    const { page, dataDir } = session;
    await accountOptions(page).first().waitFor();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();

    // One form, one Save; each refusal is a sentence under its own field.
    const save = page.getByRole('button', { name: 'Save settings' });
    await page.getByLabel('Lock after (minutes of inactivity)').fill('5');
    await page.getByLabel('Clear copied secrets after (seconds)').fill('15');
    await save.click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    await page.getByLabel('Clear copied secrets after (seconds)').fill('2');
    await save.click();
    await page.getByRole('alert').filter({ hasText: 'Clipboard timeout must be at least 5 seconds.' }).waitFor();
    expect(await page.getByLabel('Clear copied secrets after (seconds)').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Clear copied secrets after (seconds)').fill('15');

    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light');
    await page.getByLabel('Dark').check();
    // The web host's stand-in for the main process's file dialog picks the machine's Chromium.
    await page.getByRole('button', { name: 'Choose browser…' }).click();
    await page.getByText(/^Automated logins will use \//).waitFor();
    const shortcut = page.getByLabel('Launcher shortcut');
    await page.getByRole('button', { name: 'Record keys' }).click();
    await page.keyboard.press('Shift+A');
    await expect.poll(() => shortcut.inputValue()).toBe('Shift+A');
    await save.click();
    await page.getByRole('alert').filter({ hasText: /needs Ctrl, Cmd, Alt or Super/ }).waitFor();
    expect(await shortcut.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');

    await page.getByRole('button', { name: 'Record keys' }).click();
    await page.keyboard.press('Control+Alt+K');
    // Shown with the platform's names; stored as the portable accelerator.
    await expect.poll(() => shortcut.inputValue()).toBe('Ctrl+Alt+K');
    await save.click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();

    const saved = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ theme: 'dark', autoLockMinutes: 5, clipboardClearSeconds: 15, launcherShortcut: 'CommandOrControl+Alt+K' });
    expect(saved).not.toHaveProperty('browserPath');
    await session.screenshot('settings-after-save-dark');

    // In the background: the tray by default; start at login writes the OS's autostart entry
    // (the web host keeps it under its data folder instead of ~/.config).
    const keepRunning = page.getByRole('checkbox', { name: 'Keep Tessera running in the tray when its window is closed' });
    const atLogin = page.getByRole('checkbox', { name: 'Start Tessera when I log in to this computer' });
    expect(await keepRunning.isChecked()).toBe(true);
    expect(await atLogin.isChecked()).toBe(false);
    const entry = join(dataDir, 'xdg-config', 'autostart', 'tessera.desktop');
    await atLogin.check();
    await keepRunning.uncheck();
    await save.click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    expect(readFileSync(entry, 'utf8')).toContain('Exec=/usr/bin/tessera --background');
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ keepRunningWhenClosed: false, startAtLogin: true });
    await atLogin.scrollIntoViewIfNeeded();
    await session.screenshot('settings-background-dark');
    await atLogin.uncheck();
    await save.click();
    await expect.poll(() => existsSync(entry)).toBe(false);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('runs the launcher: search, copy username and code, show the account in the main window, open logged in, hide', async () => {
    session = await app.open({ beforeLoad: seededVault([
      { name: 'Acme Admin', urls: ['https://admin.acme.test'], username: 'ops@acme.test', password: 'k7#Qm!2vR9$zLp@4', totp: TOTP },
      { name: 'Beta Portal', username: 'beta-user' },
    ]) });
    const { page: main, host, context } = session;
    const hides: unknown[] = [];
    host.services.events.subscribe((event, payload) => {
      if (event === 'launcher.hide') hides.push(payload);
    });
    await accountOptions(main).first().waitFor();
    await main.getByRole('option', { name: /Beta Portal/ }).click();

    const launcher = await context.newPage();
    launcher.on('pageerror', (e) => session!.pageErrors.push(e.message));
    await launcher.goto(host.url);
    await launcher.evaluate(() => { location.hash = '#/launcher'; });
    const input = launcher.getByRole('combobox', { name: 'Find an account' });
    await input.waitFor();
    await input.fill('acme');
    await launcher.getByRole('option', { name: /Acme Admin/ }).waitFor();
    expect(await launcher.getByRole('option', { name: /Acme Admin/ }).getAttribute('aria-selected')).toBe('true');
    await launcher.getByText(/Enter\s*open logged in/).waitFor();

    await input.press('Control+c');
    await launcher.getByText(/Username copied\. The clipboard clears in \d+ s\./).waitFor();
    expect(host.clipboard.readText()).toBe('ops@acme.test');
    await input.press('Control+Shift+C');
    await launcher.getByText(/Code copied/).waitFor();
    expect(host.clipboard.readText()).toMatch(/^\d{6}$/);

    await input.press('Shift+Enter');
    await main.getByRole('heading', { level: 1, name: 'Acme Admin' }).waitFor();
    expect(await selectedName(session)).toBe('Acme Admin');
    // Enter opens the site logged in; an account without a login URL says what to fix.
    await input.fill('beta');
    await launcher.getByRole('option', { name: /Beta Portal/ }).waitFor();
    await input.press('Enter');
    await launcher.getByText('"Beta Portal" has no website address. Add its login URL, then verify again.').waitFor();
    await input.press('Escape');
    await expect.poll(() => hides.length).toBe(1);
    await expect.poll(() => input.inputValue()).toBe('');
    expect(idsOf(host)).toHaveLength(2);
  });

  it('tells the launcher honestly when the vault is locked', async () => {
    session = await app.open({ beforeLoad: seededVault([{ name: 'Acme Admin' }]) });
    const { host, context } = session;
    host.services.vault.lock('manual');
    const launcher = await context.newPage();
    await launcher.goto(host.url);
    await launcher.evaluate(() => { location.hash = '#/launcher'; });
    await launcher.getByRole('combobox', { name: 'Find an account' }).fill('acme');
    await launcher.getByText('Tessera is locked. Press Enter to unlock it in the main window.').waitFor();
  });

  it('shows a notice from the main process (e.g. a launcher shortcut another app holds) until dismissed', async () => {
    session = await app.open({ beforeLoad: seededVault([{ name: 'Acme Admin' }]) });
    const { page, host } = session;
    await accountOptions(page).first().waitFor();
    host.services.events.emit('app.notice', { level: 'warning', message: 'The launcher shortcut Control+Alt+K could not be registered.' });
    const notice = page.getByRole('status').filter({ hasText: 'could not be registered' });
    await notice.waitFor();
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => notice.count()).toBe(0);
  });

  it('switches sections and locks from the keyboard', async () => {
    session = await app.open({ beforeLoad: seededVault([{ name: 'Acme Admin' }]) });
    const { page } = session;
    await accountOptions(page).first().waitFor();
    await page.keyboard.press('Control+3');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.keyboard.press('Control+1');
    await accountOptions(page).first().waitFor();
    await page.keyboard.press('Control+n');
    await page.getByRole('dialog', { name: 'New account' }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+l');
    await page.getByRole('heading', { name: 'Unlock Tessera' }).waitFor();
  });

  it('traps focus inside dialogs and gives it back to the button that opened them', async () => {
    session = await app.open({ beforeLoad: seededVault([{ name: 'Acme Admin', username: 'ops' }]) });
    const { page } = session;
    await page.getByRole('heading', { level: 1, name: 'Acme Admin' }).waitFor();
    const inDialog = () => page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')));

    const newButton = page.getByRole('button', { name: 'New account' });
    await newButton.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'New account' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id && document.querySelector(`label[for="${document.activeElement.id}"]`)?.textContent)).toBe('App name');
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      expect(await inDialog()).toBe(true);
    }
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await inDialog()).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // Radix gives focus back as the dialog unmounts, which can be a frame after it is gone.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('New account');

    const deleteButton = page.getByRole('button', { name: 'Delete', exact: true });
    await deleteButton.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Delete Acme Admin?' }).waitFor();
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      expect(await inDialog()).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Delete');
  });
});
