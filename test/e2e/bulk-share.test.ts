// Sharing a selection of accounts from the account list (web test host, real vault file, real
// relay on 127.0.0.1): Ada chooses three of her four accounts with the keyboard, opens
// "Share 3 accounts…" from the chosen-accounts bar, picks Ben by name as Collaborator, and one
// sharing.shareMany call shares them all; the dialog says what was shared, Ben's app (its
// services behind the handler table, no browser) lists the three as a Collaborator, and focus
// returns to the button that opened the dialog when it closes. Screenshots of the dialog before and after.
import { describe, expect, it } from 'vitest';
import type { AccountList } from '../../main/ipc/contract/accounts';
import { createDispatcher } from '../../main/ipc/dispatcher';
import { createHandlerTable } from '../../main/ipc/handler-table';
import { silentLogger } from '../../main/logger';
import { openChannelHarness } from '../support/channel-harness';
import { admitInto } from '../support/relay-apps';
import { useAppSessions } from './harness';
import { accountList, accountOptions, idsOf, seededVault, seriousAxeViolations, useTestRelay } from './desktop-helpers';

const SYNC = { timeout: 20_000 };

describe('sharing chosen accounts from the list', () => {
  const relay = useTestRelay();
  const app = useAppSessions();

  it('shares three chosen accounts with a person in one go, from the keyboard', async () => {
    let workspaceId = '';
    const ada = await app.open({
      beforeLoad: async (host) => {
        await seededVault(['Acme Admin', 'Globex Billing', 'Initech Mail', 'Umbrella Cloud'].map((name, i) => ({ name, urls: [`https://site${i}.test/login`], username: `ops${i}@acme.test`, password: `Pw-${i}-Kq7!zz-long` })))(host);
        ({ workspaceId } = await host.services.workspaces.create({ name: 'Acme team', relayUrl: relay.url, profile: { name: 'Ada Lovelace', email: 'ada@acme.test' } }));
      },
    });
    const ben = openChannelHarness({ name: 'ben', relayHost: '127.0.0.1' });
    try {
      await ben.value('vault.create', { password: 'master-password-b' });
      await ben.value('sharing.setProfile', { profile: { name: 'Ben Okafor', email: 'ben@acme.test' } });
      // Ada's side of the admission through her app's own services, as her Sharing screen would call them.
      const adaDispatch = createDispatcher(createHandlerTable(ada.host.services), silentLogger);
      const adaCalls = {
        value: async <T,>(channel: string, input: unknown = {}): Promise<T> => {
          const result = await adaDispatch(channel, input, { transport: 'test' });
          if (!result.ok) throw new Error(`ada ${channel}: ${result.error.code} ${result.error.message}`);
          return result.value as T;
        },
      };
      await admitInto(adaCalls, ben, workspaceId, 'member');

      const { page } = ada;
      await accountOptions(page).first().waitFor(SYNC);
      // Space chooses the active row, ArrowDown moves: the first three (by name) are chosen.
      const list = accountList(page);
      await list.focus();
      for (const key of ['Space', 'ArrowDown', 'Space', 'ArrowDown', 'Space']) await page.keyboard.press(key);
      const bar = page.getByRole('group', { name: 'Chosen accounts' });
      await expect.poll(() => bar.textContent()).toContain('3 chosen');
      const open = bar.getByRole('button', { name: 'Share 3 accounts…' });
      await open.focus();
      await page.keyboard.press('Enter');

      const dialog = page.getByRole('dialog', { name: 'Share 3 accounts' });
      await dialog.getByText('Acme Admin, Globex Billing, Initech Mail.', { exact: false }).waitFor();
      const withWhom = dialog.getByRole('combobox', { name: 'With' });
      await expect.poll(() => withWhom.locator('option').allTextContents(), SYNC).toEqual(['Ben Okafor <ben@acme.test> (Member)']);
      await dialog.getByRole('combobox', { name: 'As' }).selectOption('collaborator');
      await ada.screenshot('bulk-share-dialog-light');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: 'Share 3 accounts' }).click();
      await expect.poll(() => dialog.getByTestId('bulk-share-result').textContent(), SYNC)
        .toBe('Shared 3 accounts with Ben Okafor <ben@acme.test> as Collaborator. The change syncs to their devices.');
      await ada.screenshot('bulk-share-done-light');

      // Ben's app lists the three, as a Collaborator; the fourth stays Ada's alone.
      const [acme, globex, initech, umbrella] = idsOf(ada.host);
      await expect.poll(async () => (await ben.value<AccountList>('accounts.list')).accounts.map((a) => [a.id, a.sharedRole]).sort(), SYNC)
        .toEqual([[acme, 'collaborator'], [globex, 'collaborator'], [initech, 'collaborator']].sort());
      expect((await ben.value<AccountList>('accounts.list')).accounts.some((a) => a.id === umbrella)).toBe(false);

      // Close (focus was on it once the result showed): focus goes back to the button that opened the dialog.
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Close');
      await page.keyboard.press('Enter');
      await expect.poll(() => dialog.count()).toBe(0);
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Share 3 accounts…');
    } finally {
      await ben.close();
    }
  }, 120_000);
});
