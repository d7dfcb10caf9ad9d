// Changing the relay address a workspace syncs through on this device, in the app (web test
// host, real vault file, real Chromium) with a real relay on 127.0.0.1 reachable at a second
// port (a TCP forwarder, as a relay's LAN and internet addresses reach one relay): the status
// says which address it connects through; under Advanced, Change address… opens a field
// (focused) whose refusals say what to write (a malformed address, a password in it, another
// relay that does not hold this workspace), Escape cancels and gives the focus back, Enter
// saves, and the status line shows the workspace connecting — then online — through the new
// address. Ben joins with Ada's invitation (which now names the second port) through the first
// address instead ("Reach the relay at another address"). Closing the second port takes Ada's
// workspace offline and leaves Ben's online: each device's connection went where it was told.
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Page } from 'playwright-core';
import { useAppSessions } from './harness';
import { sectionButton, seededVault, seriousAxeViolations, useTestRelay } from './desktop-helpers';
import { startFreezableProxy } from '../support/freezable-proxy';
import { startRelay } from '../../relay/server';

const SYNC = { timeout: 20_000 };
const goTo = (page: Page, name: string) => sectionButton(page, name).click();

describe('the relay address of a workspace', () => {
  const relay = useTestRelay();
  const app = useAppSessions();

  it('changes the address this device syncs through, from the keyboard, and reconnects through it', async () => {
    const secondPort = await startFreezableProxy(Number(new URL(relay.url).port));
    onTestFinished(() => secondPort.close());
    const second = `ws://127.0.0.1:${secondPort.port}`;
    const ada = await app.open({ beforeLoad: seededVault([]) });
    const ben = await app.open({ beforeLoad: seededVault([]) });

    await goTo(ada.page, 'Sharing');
    const create = ada.page.getByTestId('create-workspace-section');
    await create.getByLabel('Workspace name').fill('Acme team');
    await create.getByLabel('Your name').fill('Ada Lovelace');
    await create.getByLabel('Your work email').fill('ada@acme.test');
    await create.getByLabel('Relay address').fill(relay.url);
    await create.getByRole('button', { name: 'Create workspace' }).click();
    const workspace = ada.page.getByTestId('workspace');
    const state = workspace.getByTestId('sync-state');
    const through = workspace.getByTestId('sync-relay');
    await expect.poll(() => state.textContent(), SYNC).toMatch(/^Online/);
    await expect.poll(() => through.textContent(), SYNC).toBe(`Connected through ${relay.url}`);

    // Advanced → Change address…: the field opens with the focus in it.
    await workspace.getByTestId('workspace-advanced').locator('summary').click();
    const setting = workspace.getByTestId('relay-address');
    expect(await setting.getByTestId('relay-address-value').textContent()).toBe(relay.url);
    await setting.getByRole('button', { name: 'Change address…' }).click();
    const field = setting.getByLabel('New relay address');
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await field.inputValue()).toBe(relay.url);

    // Refusals say what to write; nothing changes.
    await field.fill('');
    await field.press('Enter');
    await setting.getByText('Enter the relay address, such as ws://192.168.1.20:8787 or wss://relay.example.com.').waitFor();
    await field.fill('https://relay.example.com');
    await setting.getByRole('button', { name: 'Save' }).click();
    await setting.getByText('A relay is reached over WebSocket: write the address with wss:// instead of https://.').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await field.fill('ws://admin:secret-in-url@127.0.0.1:1');
    await field.press('Enter');
    await setting.getByText('A relay address carries no user name or password: remove the part before @.', { exact: false }).waitFor();
    expect(await setting.textContent()).not.toContain('secret-in-url');
    // Another relay answers there, without this workspace: refused, with what to do.
    const other = await startRelay({ dbPath: ':memory:', host: '127.0.0.1', port: 0 });
    onTestFinished(() => other.close());
    await field.fill(other.url);
    await field.press('Enter');
    await setting.getByText(`The relay at ${other.url} does not hold this workspace: it is another relay, or one that lost its data. Check the address with your team; this device keeps syncing through ${relay.url}.`).waitFor(SYNC);
    await ada.screenshot('workspace-relay-address-refused');
    expect(await seriousAxeViolations(ada.page)).toEqual([]);

    // Escape cancels: the address stays, the focus goes back to Change address….
    await field.press('Escape');
    await expect.poll(() => setting.getByLabel('New relay address').count()).toBe(0);
    const change = setting.getByRole('button', { name: 'Change address…' });
    await expect.poll(() => change.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await through.textContent()).toBe(`Connected through ${relay.url}`);

    // From the keyboard: Enter opens it, the new address, Enter saves.
    await ada.page.keyboard.press('Enter');
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await field.fill(`${second}/`);
    await ada.page.keyboard.press('Enter');
    await setting.getByRole('status').getByText(`Saved. This device now connects through ${second}.`).waitFor(SYNC);
    await expect.poll(() => change.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => through.textContent(), SYNC).toBe(`Connected through ${second}`);
    expect(await state.textContent()).toMatch(/^Online/);
    expect(await setting.getByTestId('relay-address-value').textContent()).toBe(second);
    await ada.screenshot('workspace-relay-address');
    expect(await seriousAxeViolations(ada.page)).toEqual([]);

    // Ada's invitation names the address she uses now; Ben reaches the relay at the first one.
    await workspace.getByRole('button', { name: 'Invite a person…' }).click();
    await workspace.getByRole('button', { name: 'Create invitation' }).click();
    const code = (await workspace.getByTestId('invitation-code').textContent())!;
    await goTo(ben.page, 'Sharing');
    await ben.page.getByText('Join with an invitation').click();
    const join = ben.page.getByTestId('join-workspace-section');
    await join.getByLabel('Invitation code').fill(code);
    await join.getByLabel('Your name').fill('Ben Okafor');
    await join.getByLabel('Your work email').fill('ben@acme.test');
    await join.getByText('Reach the relay at another address').click();
    await join.getByLabel('Another address of the relay').fill(relay.url);
    await join.getByRole('button', { name: 'Join' }).click();
    const sas = ben.page.getByTestId('join-sas');
    await expect.poll(() => sas.textContent(), SYNC).toMatch(/^\d{3} ?\d{3}$/);
    await expect.poll(() => workspace.getByText(/join request is waiting/).count(), SYNC).toBe(1);
    await workspace.getByLabel('Six-digit code they read to you').fill((await sas.textContent())!);
    await workspace.getByRole('button', { name: 'Admit' }).click();
    const benWorkspace = ben.page.getByTestId('workspace');
    await expect.poll(() => benWorkspace.getByTestId('sync-state').textContent(), SYNC).toMatch(/^Online.*You are Member$/);
    expect(await benWorkspace.getByTestId('sync-relay').textContent()).toBe(`Connected through ${relay.url}`);

    // Only the second port closes: Ada's workspace goes offline, Ben's stays online.
    await secondPort.close();
    await expect.poll(() => state.textContent(), SYNC).toMatch(/^Offline/);
    await workspace.getByText(`Cannot reach the relay at ${second}.`, { exact: false }).waitFor(SYNC);
    expect(await benWorkspace.getByTestId('sync-state').textContent()).toMatch(/^Online/);
  });
});
