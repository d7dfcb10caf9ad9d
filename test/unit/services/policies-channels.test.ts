// The policies.* channels through the real dispatcher, services and a real vault file: what
// the Policies screen adds, previews, edits, turns off and removes, and what it shows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../main/services';
import { openChannelHarness, type ChannelHarness } from '../../support/channel-harness';
import type { PolicyPreview, PolicyView } from '../../../main/ipc/contract/policies';

const DAY = 86_400_000;

describe('policies channels', () => {
  let h: ChannelHarness;
  let services: Services;
  const call = (channel: string, input: unknown = {}) => h.call(channel, input);
  const value = <T,>(channel: string, input: unknown = {}) => h.value<T>(channel, input);

  beforeEach(async () => {
    h = openChannelHarness();
    ({ services } = h);
    await value('vault.create', { password: 'master-password-1' });
    await services.rotation.stop(); // the test drives the scheduler itself
  });
  afterEach(() => h.close());

  const monthly = (startAt: number) => ({
    name: 'Vendors monthly',
    trigger: { type: 'interval', every: 1, unit: 'months', startAt, window: { startHour: 0, endHour: 24 } },
    scope: { tags: ['vendor'] },
  });

  it('previews and adds an interval policy with the accounts it covers and its next runs', async () => {
    await value('accounts.create', { name: 'Portal', urls: ['https://portal.vendor.test'], tags: ['vendor'] });
    await value('accounts.create', { name: 'Social', urls: ['https://x.test'] });
    const start = Date.now() + 2 * DAY;
    const preview = await value<PolicyPreview>('policies.preview', monthly(start));
    expect(preview).toMatchObject({ description: 'every month (0–24h)', covers: 1 });
    expect(preview.nextRuns).toHaveLength(3);
    expect(preview.nextRuns[0]).toBe(start);
    const empty = await value<{ policies: PolicyView[]; accounts: Array<{ name: string; site: string }> }>('policies.list');
    expect(empty.policies).toEqual([]);
    expect(empty.accounts.map(({ name, site }) => ({ name, site }))).toEqual(expect.arrayContaining([{ name: 'Portal', site: 'portal.vendor.test' }, { name: 'Social', site: 'x.test' }]));

    const added = await value<PolicyView>('policies.add', monthly(start));
    expect(added).toMatchObject({ name: 'Vendors monthly', enabled: true, covers: 1, nextRuns: preview.nextRuns, planned: [], lastResults: [] });
    expect((await value<{ policies: PolicyView[] }>('policies.list')).policies.map((p) => p.id)).toEqual([added.id]);
  });

  it('refuses a policy it cannot run with a message that says what to change', async () => {
    const afterLogin = (hours: number) => ({ name: 'After login', trigger: { type: 'after-login', hours }, scope: {} });
    expect(await call('policies.add', afterLogin(72))).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Rotate 1 to 48 hours (2 days) after a login: enter a whole number in that range.' },
    });
    expect(await call('policies.add', { name: 'Events', trigger: { type: 'event', events: [] }, scope: {} })).toMatchObject({
      ok: false,
      error: { message: 'Choose at least one event: member removed, Universal Logout, deprovisioning or a share link that ended after it was opened.' },
    });
    expect(await call('policies.add', { ...monthly(Date.now()), name: '  ' })).toMatchObject({ ok: false, error: { message: 'Give the policy a name of up to 200 characters.' } });
    expect(await call('policies.add', { ...monthly(Date.now()), trigger: { type: 'interval', every: 1, unit: 'days', startAt: Date.now(), window: { startHour: 5, endHour: 5 } } })).toMatchObject({
      ok: false,
      error: { message: 'The time window needs two different hours from 0 to 24, e.g. 22 to 6 for nights.' },
    });
    expect((await value<{ policies: PolicyView[] }>('policies.list')).policies).toEqual([]);
  });

  it('turns a policy off and on, edits and removes it, each audited; an off policy enqueues nothing', async () => {
    const id = (await value<{ id: string }>('accounts.create', { name: 'Portal', urls: ['https://portal.vendor.test'], username: 'u', password: 'pw', tags: ['vendor'] })).id;
    const added = await value<PolicyView>('policies.add', monthly(Date.now() - DAY));
    expect(await value<PolicyView>('policies.update', { id: added.id, enabled: false })).toMatchObject({ enabled: false });
    services.rotation.scheduler.tick();
    expect(services.rotation.scheduler.jobs.list()).toEqual([]);

    await value('policies.update', { id: added.id, enabled: true });
    services.rotation.scheduler.tick();
    const [policy] = (await value<{ policies: PolicyView[] }>('policies.list')).policies;
    expect(policy!.planned).toMatchObject([{ accountId: id, accountName: 'Portal', status: 'needs_approval' }]);

    const edited = await value<PolicyView>('policies.update', { id: added.id, policy: { name: 'After login', trigger: { type: 'after-login', hours: 12 }, scope: { hosts: ['vendor.test'] } } });
    expect(edited).toMatchObject({ name: 'After login', enabled: true, description: '12 h after each automated login', covers: 1, nextRuns: [] });
    expect(await value('policies.remove', { id: added.id })).toEqual({ removed: added.id });
    expect(await call('policies.remove', { id: added.id })).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } });
    const kinds = services.vault.unlocked().audit.entries().map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['policy.create', 'policy.disable', 'policy.enable', 'policy.update', 'policy.delete']));
  });

  it('shows the latest results of a policy, newest first', async () => {
    await value('accounts.create', { name: 'Portal', urls: ['https://portal.vendor.test'], username: 'u', password: 'pw', tags: ['vendor'] });
    const added = await value<PolicyView>('policies.add', monthly(Date.now() - DAY));
    const scheduler = services.rotation.scheduler;
    scheduler.tick();
    const [job] = scheduler.jobs.list();
    scheduler.jobs.update(job!, 'failed', 'rotation.job_failed', { result: 'ABORTED: login_failed' });
    const [policy] = (await value<{ policies: PolicyView[] }>('policies.list')).policies;
    expect(policy).toMatchObject({ id: added.id, planned: [], lastResults: [{ id: job!.id, accountName: 'Portal', status: 'failed', result: 'ABORTED: login_failed' }] });
  });
});
