// Two Owners saved different passwords for a shared account at the same time: the account
// page says so, reveals a value only when asked, and the Owner chooses one through a
// confirmation dialog (keyboard only), after which the conflict is gone. Screens light and dark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, closeSharedBrowser, type AppSession } from './harness';
import { accountList, idsOf, seededVault } from './desktop-helpers';
import { concurrentEdits, FROM_ALICE, FROM_BOB } from '../unit/sync/conflict-helpers';

let session: AppSession;

beforeAll(async () => {
  session = await openApp({
    beforeLoad: async (host) => {
      await seededVault([{ name: 'Shared bank', urls: ['https://bank.example.test'], username: 'ops', password: 'local-1' }])(host);
      const [id] = idsOf(host);
      // As the saved workspace would hold it: the account doc with two concurrent passwords, this device an Owner.
      const { bobPeer } = concurrentEdits(id!, 'owner');
      host.services.sharing.attachPeer(bobPeer);
      host.services.conflicts.attach(bobPeer);
    },
  });
}, 60_000);

afterAll(async () => {
  expect(session.pageErrors).toEqual([]);
  await session.close();
  await closeSharedBrowser();
});

describe('conflicting passwords on a shared account', () => {
  it('says which devices saved them, reveals one on request, and keeps the one the Owner chooses', async () => {
    const { page } = session;
    await accountList(page).getByRole('option', { name: /^Shared bank/ }).click();
    const panel = page.getByTestId('secret-conflicts');
    await panel.waitFor();
    expect(await panel.getByText(/^Two different passwords were saved at the same time on /).textContent()).toMatch(/this device|device \w{6}/);
    expect(await page.content()).not.toContain(FROM_ALICE);
    await panel.getByRole('button', { name: 'Use this one' }).last().scrollIntoViewIfNeeded();
    await session.screenshot('secret-conflict-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await session.screenshot('secret-conflict-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Alice's value: the candidate not saved on this device.
    const alices = panel.getByRole('listitem').filter({ hasNotText: 'this device' });
    await alices.getByRole('button', { name: 'Reveal' }).click();
    await expect.poll(() => alices.locator('code').textContent()).toBe(FROM_ALICE);
    expect(await page.content()).not.toContain(FROM_BOB);

    const use = alices.getByRole('button', { name: 'Use this one' });
    await use.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Use this one' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/^Saved the password from "alice's laptop" \(device [\w-]{6}\)\. Every device will use it once it syncs\.$/);
    expect(await panel.getByRole('listitem').count()).toBe(0);
  }, 60_000);
});
