// A person's second device in the app, with two app instances (web test hosts, real vault
// files) over a real relay on 127.0.0.1: Ben links his new laptop from Sharing → Your devices
// (a code to paste or scan, then the six digits the laptop shows), the laptop becomes Ben in his
// workspace, and Ben removes it again after a dialog that says what removal does.
// Screenshots of each step.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useAppSessions } from './harness';
import { sectionButton, seededVault, seriousAxeViolations, useTestRelay } from './desktop-helpers';

const SYNC = { timeout: 20_000 };
const goTo = (page: Page, name: string) => sectionButton(page, name).click();

describe('linking a second device in the app', () => {
  const relay = useTestRelay();
  const app = useAppSessions();

  it('links a laptop with a code and six digits, then removes it', async () => {
    const ben = await app.open({ beforeLoad: seededVault([]) });
    const laptop = await app.open({ beforeLoad: seededVault([]) });

    await goTo(ben.page, 'Sharing');
    const create = ben.page.getByTestId('create-workspace-section');
    await create.getByLabel('Workspace name').fill('Ben & Co');
    await create.getByLabel('Your name').fill('Ben Okafor');
    await create.getByLabel('Your work email').fill('ben@acme.test');
    await create.getByLabel('Relay address').fill(relay.url);
    await create.getByRole('button', { name: 'Create workspace' }).click();
    await expect.poll(() => ben.page.getByTestId('workspace').getByTestId('sync-state').textContent(), SYNC).toMatch(/^Online/);

    const devices = ben.page.getByTestId('devices');
    await expect.poll(() => devices.getByTestId('device-list').getByRole('listitem').count()).toBe(1);
    await devices.getByRole('button', { name: 'Link another device…' }).click();
    const code = (await devices.getByTestId('link-code').textContent())!;
    expect(code).toMatch(/^tessera-link:/);
    await devices.getByTestId('link-qr').waitFor();
    await ben.screenshot('devices-link-code');
    expect(await seriousAxeViolations(ben.page)).toEqual([]);

    await goTo(laptop.page, 'Sharing');
    await laptop.page.getByText('Link this device to your identity').click();
    await laptop.page.getByLabel('Link code from your other device').fill(code);
    await laptop.page.getByRole('button', { name: 'Link', exact: true }).click();
    const sas = laptop.page.getByTestId('link-sas');
    await expect.poll(() => sas.textContent(), SYNC).toMatch(/^\d{3} \d{3}$/);
    await laptop.screenshot('devices-link-this-device');
    expect(await seriousAxeViolations(laptop.page)).toEqual([]);

    await expect.poll(() => devices.getByRole('status').first().textContent(), SYNC).toBe('The new device shows six digits: type them here.');
    await devices.getByLabel('Six digits on the new device').fill((await sas.textContent())!);
    await devices.getByRole('button', { name: 'Link', exact: true }).click();
    await devices.getByText(/^Linked\. Your other device receives your workspace/).waitFor(SYNC);

    // The laptop is Ben now: his workspace, his role, his name.
    const laptopWorkspace = laptop.page.getByTestId('workspace');
    await expect.poll(() => laptopWorkspace.getByTestId('sync-state').textContent(), SYNC).toMatch(/^Online.*You are Owner$/);
    await expect.poll(() => laptop.page.getByTestId('profile-card').getByLabel('Your name').inputValue(), SYNC).toBe('Ben Okafor');
    await expect.poll(() => devices.getByTestId('device-list').getByRole('listitem').count(), SYNC).toBe(2);
    await ben.screenshot('devices-two');

    // Lost laptop: removed after the dialog says what that does.
    await devices.getByRole('button', { name: /^Remove / }).click();
    const dialog = ben.page.getByRole('dialog');
    await dialog.getByText('It stops being you in your workspaces', { exact: false }).waitFor();
    await ben.screenshot('devices-remove-dialog');
    await dialog.getByRole('button', { name: 'Remove device' }).click();
    await devices.getByText(/^Removed .*The team key changed in your workspace/).waitFor(SYNC);
    expect(await devices.getByTestId('device-list').getByRole('listitem').count()).toBe(1);
  });
});
