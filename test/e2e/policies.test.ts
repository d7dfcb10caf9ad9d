// The Policies screen in real Chromium through the web test host: add a policy with the
// keyboard, see the preview and a validation message that says what to change, see the
// policy's next runs and planned jobs, turn it off, approve its runs ahead of time and revoke
// that, and remove it; screenshots and axe in light and dark.
import { describe, expect, it } from 'vitest';
import { useAppSessions, type AppSession } from './harness';
import { checkInBothSchemes, seededVault } from './desktop-helpers';

describe('rotation policies screen', () => {
  let session: AppSession | null = null;
  const app = useAppSessions();

  it('adds, shows, turns off and removes a policy; refuses one it cannot run with what to change', async () => {
    session = await app.open({ beforeLoad: seededVault([
      { name: 'Vendor Portal', urls: ['https://portal.vendor.test'], username: 'team', password: 'pw-1', tags: ['vendor'] },
      { name: 'Vendor Billing', urls: ['https://billing.vendor.test'], username: 'team', password: 'pw-2', tags: ['vendor'] },
      { name: 'Brand Social', urls: ['https://social.test'], username: 'brand', password: 'pw-3' },
    ]) });
    const { page, host } = session;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Policies' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rotation policies' }).waitFor();
    await page.getByText('No rotation policies yet').waitFor();

    // Open the form from the keyboard; focus goes back to the button when it closes.
    const addButton = page.getByRole('button', { name: 'Add policy' });
    await addButton.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Add a rotation policy' });
    await dialog.waitFor();
    await expect.poll(() => dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);

    // An after-login policy of 3 days is refused with what to do, in the preview and on save.
    await dialog.getByLabel('Name', { exact: true }).fill('After logins');
    await dialog.getByLabel('Some hours after each automated login').check();
    await dialog.getByLabel('Hours after a login').fill('72');
    const preview = dialog.getByTestId('policy-preview');
    await expect.poll(() => preview.textContent()).toContain('Rotate 1 to 48 hours (2 days) after a login');
    await dialog.getByRole('button', { name: 'Add policy' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('enter a whole number in that range');

    // A weekly policy for the vendor tag, at night, previewed before saving.
    await dialog.getByLabel('Name', { exact: true }).fill('Vendors weekly');
    await dialog.getByLabel('On a schedule').check();
    await dialog.getByLabel('Every', { exact: true }).fill('1');
    await dialog.getByLabel('Unit').selectOption('weeks');
    // Started eight days ago: saved, its first run is the next window ahead, not at once.
    const start = new Date(Date.now() - 8 * 86_400_000);
    await dialog.getByLabel('Starting').fill(`${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}-${String(start.getDate()).padStart(2, '0')}`);
    await dialog.getByLabel('Only within a time window').check();
    await dialog.getByLabel('Chosen accounts, tags or apps').check();
    await dialog.getByLabel('Tags', { exact: true }).fill('vendor');
    await expect.poll(() => preview.textContent()).toMatch(/Runs every week \(22–6h\); covers 2 accounts\. Next: .+ · .+ · .+\./);
    await preview.scrollIntoViewIfNeeded();
    await checkInBothSchemes(session, 'policy-dialog');
    await dialog.getByRole('button', { name: 'Add policy' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => addButton.evaluate((el) => el === document.activeElement)).toBe(true);

    const card = page.getByRole('region', { name: /Vendors weekly/ });
    await card.getByText('Runs every week (22–6h). Covers 2 accounts: tag vendor.').waitFor();
    expect(await card.getByRole('listitem').count()).toBe(3);
    const [policy] = host.services.rotation.scheduler.policies();
    expect(policy).toMatchObject({ name: 'Vendors weekly', enabled: true, schedule: { type: 'interval', every: 1, unit: 'weeks', window: { startHour: 22, endHour: 6 } }, scope: { tags: ['vendor'] } });

    // Edit: the form comes back filled in; a change shows on the card, and focus returns to Edit.
    const edit = page.getByRole('button', { name: 'Edit Vendors weekly' });
    await edit.click();
    const editor = page.getByRole('dialog', { name: 'Edit Vendors weekly' });
    expect(await editor.getByLabel('Tags', { exact: true }).inputValue()).toBe('vendor');
    expect(await editor.getByLabel('From hour').inputValue()).toBe('22');
    await editor.getByLabel('Every', { exact: true }).fill('2');
    await editor.getByRole('button', { name: 'Save policy' }).click();
    await card.getByText('Runs every 2 weeks (22–6h). Covers 2 accounts: tag vendor.').waitFor();
    await expect.poll(() => edit.evaluate((el) => el === document.activeElement)).toBe(true);
    await editor.waitFor({ state: 'detached' });

    // A start in the past makes the first run the next window ahead (never at once on saving).
    // Time passes: the test moves the start back eight days instead of waiting, so a run is due
    // and the scheduler plans jobs, which the card lists as waiting for approval.
    const scheduler = host.services.rotation.scheduler;
    const saved = scheduler.policies()[0]!;
    expect(saved.schedule.type === 'interval' && saved.schedule.startAt).toBeGreaterThan(Date.now());
    if (saved.schedule.type !== 'interval') throw new Error('an interval policy was saved');
    scheduler.updatePolicy(saved.id, { input: { name: saved.name, schedule: { ...saved.schedule, startAt: Date.now() - 8 * 86_400_000 }, scope: saved.scope } });
    scheduler.tick();
    await page.getByRole('button', { name: 'Turn off Vendors weekly' }).click();
    await card.getByText('None while the policy is off.').waitFor();
    await page.getByRole('button', { name: 'Turn on Vendors weekly' }).click();
    await card.getByRole('table').waitFor();
    expect(await card.getByRole('cell', { name: 'waits for your approval' }).count()).toBe(2);
    // The approval dialog is the next test's subject; here it is dismissed.
    if (await page.getByTestId('approval-dialog').isVisible()) await page.keyboard.press('Escape');
    await checkInBothSchemes(session, 'policies');
    expect(host.services.vault.unlocked().audit.entries().map((e) => e.kind)).toEqual(expect.arrayContaining(['policy.create', 'policy.update', 'policy.disable', 'policy.enable']));

    // Approve its runs ahead of time for a day: the two waiting jobs are released, the card says
    // until when; revoking ends it. Both audited; the approval is the vault's, not the screen's.
    await page.getByRole('button', { name: 'Approve runs ahead for Vendors weekly' }).click();
    const approve = page.getByRole('dialog', { name: 'Approve the runs of Vendors weekly ahead of time?' });
    await approve.getByLabel('For').selectOption({ label: '1 day' });
    await approve.getByText('It ends when Tessera locks.').waitFor();
    await approve.getByLabel('Keep it while Tessera is locked').check();
    await approve.getByText(/can rotate these accounts until the approval ends/).waitFor();
    await approve.getByLabel('Keep it while Tessera is locked').uncheck();
    await session.screenshot('policy-approve-ahead-light');
    await approve.getByRole('button', { name: 'Approve runs' }).click();
    await page.getByRole('status').filter({ hasText: /Vendors weekly: runs approved until .+; 2 waiting jobs may run now\./ }).waitFor();
    await card.getByTestId('standing-approval').filter({ hasText: /Runs approved ahead until .+, while Tessera stays unlocked/ }).waitFor();
    const [standing] = host.services.rotation.standingApprovals.list();
    expect(standing).toMatchObject({ policyName: 'Vendors weekly', inactiveBecause: null, approval: { keepWhileLocked: false } });
    expect(standing!.approval.expiresAt - standing!.approval.grantedAt).toBe(24 * 3_600_000);
    expect(host.services.rotation.scheduler.jobs.list(['needs_approval'])).toEqual([]);
    await session.screenshot('policy-approved-ahead-light');
    await page.getByRole('button', { name: 'Revoke approval of Vendors weekly' }).click();
    await card.getByTestId('standing-approval').filter({ hasText: 'waits for you to approve decrypting it' }).waitFor();
    expect(host.services.rotation.standingApprovals.list()).toEqual([]);
    expect(host.services.vault.unlocked().audit.entries().map((e) => e.kind)).toEqual(expect.arrayContaining(['approval.grant_standing', 'approval.revoke_standing']));

    await page.getByRole('button', { name: 'Remove Vendors weekly' }).click();
    await page.getByRole('dialog', { name: 'Remove Vendors weekly?' }).getByRole('button', { name: 'Remove policy' }).click();
    await page.getByText('No rotation policies yet').waitFor();
    expect(host.services.rotation.scheduler.policies()).toEqual([]);
  });
});
