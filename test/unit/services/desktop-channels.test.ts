// The desktop channels (milestones, dashboard, settings, launcher) through the real
// dispatcher, services and a real vault file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Services } from '../../../main/services';
import { openChannelHarness, type ChannelHarness } from '../../support/channel-harness';
import type { DashboardView } from '../../../main/ipc/contract/dashboard';
import type { AccountMilestones, AccountLevel } from '../../../main/ipc/contract/milestones';

describe('desktop channels', () => {
  let h: ChannelHarness;
  let dir: string;
  let services: Services;
  let emitted: Array<[string, unknown]>;
  const call = (channel: string, input: unknown = {}) => h.call(channel, input);
  const value = <T,>(channel: string, input: unknown = {}) => h.value<T>(channel, input);
  const create = (input: Record<string, unknown>) => value<{ id: string }>('accounts.create', input).then((r) => r.id);

  beforeEach(() => {
    h = openChannelHarness();
    ({ dir, services, emitted } = h);
  });
  afterEach(() => h.close());

  it('computes an account’s milestones from proof: a typed-in alias earns nothing until mail arrives', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const id = await create({ name: 'Acme', managedEmail: 'acme@team.test', totp: { secret: 'JBSWY3DPEHPK3PXP' } });
    const result = await value<AccountMilestones>('milestones.forAccount', { id });
    expect(result.level).toBe(1);
    expect(result.milestones.filter((m) => m.achieved).map((m) => m.id)).toEqual(['managedMfa']);
    expect(result.milestones.find((m) => m.id === 'managedContact')).toMatchObject({ status: 'missing', detail: expect.stringMatching(/has not received anything yet/) });
    // A message the mailbox routed to the account is the proof.
    services.vault.unlocked().inbox.putMessage('<m1@site.test>', { category: 'other', receivedAt: Date.now(), accountIds: [id], data: { subject: 'Welcome' } });
    expect((await value<AccountMilestones>('milestones.forAccount', { id })).level).toBe(2);
    const levels = await value<{ accounts: AccountLevel[] }>('milestones.levels');
    expect(levels.accounts).toEqual([{ id, level: 2, missing: ['credentials', 'shared', 'rotation'], failed: [], attention: [] }]);
  });

  it('reports a junk TOTP secret and a policy that cannot run as failures', async () => {
    await value('vault.create', { password: 'master-password-1' });
    // "not-a-secret" passes the vault's character check (NOTASECRET) but is no authenticator key.
    const junk = await create({ name: 'Junk', totp: { secret: 'not-a-secret' } });
    services.rotation.scheduler.addPolicy({ name: 'Everything', schedule: { type: 'interval', every: 1, unit: 'months', startAt: Date.now() }, scope: {} });
    const result = await value<AccountMilestones>('milestones.forAccount', { id: junk });
    expect(result.level).toBe(0);
    expect(result.milestones.find((m) => m.id === 'managedMfa')).toMatchObject({ achieved: false, status: 'failed' });
    expect(result.milestones.find((m) => m.id === 'rotation')).toMatchObject({ achieved: false, status: 'failed', detail: expect.stringMatching(/no login URL and it has no password/) });
    expect(result.attention).toEqual(['totp-invalid']);
    const levels = await value<{ accounts: AccountLevel[] }>('milestones.levels');
    expect(levels.accounts[0]).toMatchObject({ level: 0, failed: ['managedMfa', 'rotation'] });
    expect((await value<DashboardView>('dashboard.overview')).levels.failed).toMatchObject({ managedMfa: 1, rotation: 1 });
  });

  it('counts automatic rotation for accounts an enabled policy covers, by tag or by site', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const site = { urls: ['https://ledger.test/login'], password: 'k7#Qm!2vR9$zLp@4xx' };
    const tagged = await create({ name: 'Ledger', tags: ['finance'], ...site });
    const bySite = await create({ name: 'GitHub', urls: ['https://eu.github.com/login'], password: 'Other-k7#Qm!2vR9$zLp@4' });
    const other = await create({ name: 'Other', ...site });
    services.rotation.scheduler.addPolicy({ name: 'Finance monthly', schedule: { type: 'interval', every: 1, unit: 'months', startAt: Date.now() }, scope: { tags: ['finance'], hosts: ['github.com'] } });
    const rotation = async (id: string) =>
      (await value<AccountMilestones>('milestones.forAccount', { id })).milestones.find((m) => m.id === 'rotation')!.achieved;
    expect([await rotation(tagged), await rotation(bySite), await rotation(other)]).toEqual([true, true, false]);
    const levels = await value<{ accounts: AccountLevel[] }>('milestones.levels');
    expect(levels.accounts.filter((l) => !l.missing.includes('rotation')).map((l) => l.id).sort()).toEqual([tagged, bySite].sort());
    expect((await value<DashboardView>('dashboard.overview')).levels.missing.rotation).toBe(1);
  });

  /** The overview once every password is scored (the first call starts the scoring). */
  const scoredOverview = async () => {
    await value('dashboard.overview');
    await services.dashboard.settled();
    const view = await value<DashboardView>('dashboard.overview');
    return { ...view, passwords: view.passwords! };
  };

  it('reports weak, reused and old passwords by name, never by value', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const weak = await create({ name: 'Weak One', password: 'password1' });
    const a = await create({ name: 'Reuse A', password: 'Shared-Secret-Value-91!' });
    const b = await create({ name: 'Reuse B', password: 'Shared-Secret-Value-91!' });
    await create({ name: 'Unique', password: 'k7#Qm!2vR9$zLp@4xx' });
    await create({ name: 'No password' });
    const view = await scoredOverview();
    expect(view.passwords.checked).toBe(4);
    expect(view.passwords.weak.map((w) => w.id)).toEqual([weak]);
    expect(view.passwords.reused).toEqual([[{ id: a, name: 'Reuse A' }, { id: b, name: 'Reuse B' }]]);
    expect(view.passwords.old).toEqual([]);
    expect(view.levels.distribution).toEqual([5, 0, 0, 0, 0, 0]);
    expect(view.levels.missing.managedMfa).toBe(5);
    expect(JSON.stringify(view)).not.toContain('Shared-Secret-Value-91!');
  });

  it('finds reuse again after an edit changes one of the passwords', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const a = await create({ name: 'A', password: 'Shared-Secret-Value-91!' });
    await create({ name: 'B', password: 'Shared-Secret-Value-91!' });
    expect((await scoredOverview()).passwords.reused).toHaveLength(1);
    await value('accounts.update', { id: a, version: 1, patch: { password: 'Another-Secret-Value-92!' } });
    expect((await scoredOverview()).passwords.reused).toHaveLength(0);
  });

  it('answers at once and scores many passwords in the background, answering other calls meanwhile', async () => {
    await value('vault.create', { password: 'master-password-1' });
    services.vault.unlocked().accounts.createMany(
      Array.from({ length: 120 }, (_, i) => ({ name: `Account ${i}`, password: `pw-${i}-${(i * 7919).toString(36)}Xq!` })), null);
    const first = await value<DashboardView>('dashboard.overview');
    expect(first).toMatchObject({ passwords: null, passwordCheck: { scored: 0, total: 120 }, levels: { total: 120 } });
    expect((await call('vault.status')).ok).toBe(true);
    await services.dashboard.settled();
    expect(await value('dashboard.overview')).toMatchObject({ passwords: { checked: 120 }, passwordCheck: { scored: 120, total: 120 } });
  });

  it('stops scoring on lock and forgets in memory what it worked out (finished scores stay sealed in the vault)', async () => {
    await value('vault.create', { password: 'master-password-1' });
    services.vault.unlocked().accounts.createMany(Array.from({ length: 40 }, (_, i) => ({ name: `Account ${i}`, password: `pw-${i}-Xq!` })), null);
    expect((await scoredOverview()).passwords.checked).toBe(40);
    await value('vault.lock');
    await value('vault.unlock', { password: 'master-password-1' });
    expect(await value('dashboard.overview')).toMatchObject({ passwords: null, passwordCheck: { scored: 0, total: 40 } });
    await value('vault.lock');
    await services.dashboard.settled();
    await value('vault.unlock', { password: 'master-password-1' });
    expect((await value<DashboardView>('dashboard.overview')).passwordCheck.scored).toBe(0);
  });

  it('refuses the dashboard while locked', async () => {
    await value('vault.create', { password: 'master-password-1' });
    await value('vault.lock');
    expect(await call('dashboard.overview')).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
  });

  it('saves theme and a canonical launcher shortcut, and announces the change', async () => {
    const updated = await value('settings.update', { theme: 'dark', launcherShortcut: 'ctrl+alt+k' });
    expect(updated).toMatchObject({ theme: 'dark', browserPath: null, launcherShortcut: 'Control+Alt+K' });
    expect(await value('settings.get')).toMatchObject({ theme: 'dark', launcherShortcut: 'Control+Alt+K' });
    expect(emitted).toContainEqual(['settings.changed', expect.objectContaining({ theme: 'dark' })]);
  });

  it('starts at login only once the OS entry is written, and keeps running in the tray by default', async () => {
    expect(await value('settings.get')).toMatchObject({ keepRunningWhenClosed: true, startAtLogin: false, startAtLoginAvailable: true });
    const entry = join(dir, 'xdg-config', 'autostart', 'tessera.desktop');
    expect(await value('settings.update', { startAtLogin: true, keepRunningWhenClosed: false })).toMatchObject({ startAtLogin: true, keepRunningWhenClosed: false });
    expect(readFileSync(entry, 'utf8')).toContain('\nExec=/usr/bin/tessera --background\n');
    expect(emitted).toContainEqual(['settings.changed', expect.objectContaining({ startAtLogin: true })]);
    // What the OS will do is what the view says: the desktop switched the entry off.
    writeFileSync(entry, readFileSync(entry, 'utf8') + 'Hidden=true\n');
    expect(await value('settings.get')).toMatchObject({ startAtLogin: false });
    await value('settings.update', { startAtLogin: false });
    expect(existsSync(entry)).toBe(false);
    expect(await call('settings.update', { startAtLogin: 'yes' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // A refused shortcut in the same change: the OS is not asked either.
    expect(await call('settings.update', { startAtLogin: true, launcherShortcut: 'Shift+A' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(existsSync(entry)).toBe(false);
  });

  it('refuses start at login where the OS cannot be asked, and saves nothing', async () => {
    const cli = openChannelHarness({ startAtLogin: false, name: 'no-login-items' });
    try {
      expect(await cli.value('settings.get')).toMatchObject({ startAtLogin: false, startAtLoginAvailable: false });
      expect(await cli.call('settings.update', { startAtLogin: true, theme: 'dark' })).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
      expect(await cli.value('settings.get')).toMatchObject({ theme: 'system', startAtLogin: false });
    } finally {
      cli.close();
    }
  });

  it('says so when the OS entry cannot be written, and saves nothing', async () => {
    // The autostart folder's place is taken by a file: the entry cannot be written.
    writeFileSync(join(dir, 'xdg-config'), 'not a folder');
    expect(await call('settings.update', { startAtLogin: true })).toMatchObject({ ok: false, error: { code: 'OS_INTEGRATION_FAILED', message: expect.stringMatching(/could not add itself/) } });
    expect(await value('settings.get')).toMatchObject({ startAtLogin: false });
    expect(existsSync(join(dir, 'settings.json')) ? readFileSync(join(dir, 'settings.json'), 'utf8') : '').not.toContain('"startAtLogin": true');
  });

  it('refuses a bad shortcut and keeps the old value', async () => {
    expect(await call('settings.update', { launcherShortcut: 'Shift+A' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/needs Ctrl/) } });
    expect(await call('settings.update', { theme: 'sepia' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await value('settings.get')).toMatchObject({ theme: 'system', browserPath: null, launcherShortcut: 'CommandOrControl+Shift+Space' });
    expect(emitted).toEqual([]);
  });

  // Attack (review item 5): a renderer set browserPath to any program, which then received the
  // decrypted password over the DevTools pipe. The settings channel no longer takes a path.
  it('refuses a hostile settings payload naming a browser program, and keeps nothing', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const program = join(dir, 'chromium');
    writeFileSync(program, '#!/bin/sh\necho "Chromium 120.0.0.0"\n', { mode: 0o755 });
    for (const browserPath of [program, '/bin/sh', null]) {
      expect(await call('settings.update', { browserPath })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await call('settings.update', { theme: 'dark', browserPath: '/bin/sh' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await value('settings.get')).toMatchObject({ theme: 'system', browserPath: null });
    expect(services.browserPath()).toBeNull();
    expect(existsSync(join(dir, 'settings.json')) ? readFileSync(join(dir, 'settings.json'), 'utf8') : '').not.toContain('browserPath');
  });

  it('takes the browser only from the main-process dialog (a stand-in here), checks it is Chromium-family and keeps it in the vault', async () => {
    expect(await call('settings.chooseBrowser', {})).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    await value('vault.create', { password: 'master-password-1' });
    expect(await call('settings.chooseBrowser', {})).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
    const pick = { path: '/bin/sh' };
    services.platform.chooseBrowser = async () => pick.path; // stands in for Electron's open dialog
    expect(await call('settings.chooseBrowser', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/not the name of a Chromium-family browser/) } });
    const impostor = join(dir, 'chromium');
    writeFileSync(impostor, '#!/bin/sh\necho "definitely not a browser"\n', { mode: 0o755 });
    pick.path = impostor;
    expect(await call('settings.chooseBrowser', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/--version/) } });
    expect(services.browserPath()).toBeNull();

    pick.path = '/usr/bin/chromium';
    expect(await value('settings.chooseBrowser', {})).toMatchObject({ browserPath: '/usr/bin/chromium' });
    expect(services.browserPath()).toBe('/usr/bin/chromium');
    expect(existsSync(join(dir, 'settings.json')) ? readFileSync(join(dir, 'settings.json'), 'utf8') : '').not.toContain('chromium');
    await value('vault.lock');
    expect(await value('settings.get')).toMatchObject({ browserPath: null });
    await value('vault.unlock', { password: 'master-password-1' });
    expect(await value('settings.get')).toMatchObject({ browserPath: '/usr/bin/chromium' });
    expect(await value('settings.chooseBrowser', { reset: true })).toMatchObject({ browserPath: null });
  });

  it('hands a launcher choice to the main window only for an existing account', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const id = await create({ name: 'Acme' });
    await value('launcher.showInMain', { accountId: id });
    expect(await call('launcher.showInMain', { accountId: 'no-such-account' })).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } });
    await value('launcher.hide');
    expect(emitted.filter(([e]) => e.startsWith('launcher.'))).toEqual([['launcher.showInMain', { accountId: id }], ['launcher.hide', {}]]);
  });
});
