// The account channels through the real dispatcher, services and a real vault file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCode } from '../../../main/mfa';
import { openChannelHarness, type ChannelHarness } from '../../support/channel-harness';

const SECRET = 'Correct-Horse-77!';

describe('account channels', () => {
  let h: ChannelHarness;
  const call = (channel: string, input: unknown = {}) => h.call(channel, input);
  const value = <T,>(channel: string, input: unknown = {}) => h.value<T>(channel, input);

  beforeEach(() => {
    h = openChannelHarness();
  });
  afterEach(() => h.close());

  it('refuses account calls while locked, with VAULT_LOCKED', async () => {
    await value('vault.create', { password: 'master-password-1' });
    await value('vault.lock');
    expect(await call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
  });

  it('answers a wrong master password with WRONG_PASSWORD and stays locked', async () => {
    await value('vault.create', { password: 'master-password-1' });
    await value('vault.lock');
    expect(await call('vault.unlock', { password: 'wrong-password' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD' } });
    expect(await value('vault.status')).toMatchObject({ unlocked: false });
  });

  it('never returns the password or TOTP seed from list or get', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const { id } = await value<{ id: string }>('accounts.create', {
      name: 'Acme', urls: ['https://acme.test'], username: 'ops', password: SECRET,
      totp: 'otpauth://totp/Acme:ops?secret=JBSWY3DPEHPK3PXP&issuer=Acme', backupCodes: ['1111-2222'],
    });
    const list = JSON.stringify(await value('accounts.list', {}));
    const view = JSON.stringify(await value('accounts.get', { id }));
    for (const text of [list, view]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('JBSWY3DPEHPK3PXP');
      expect(text).not.toContain('1111-2222');
    }
    expect(await value('accounts.get', { id })).toMatchObject({ hasPassword: true, backupCodeCount: 1, totp: { issuer: 'Acme', digits: 6 } });
  });

  it('reveals and copies on request, and the clipboard copy is the live TOTP code', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const { id } = await value<{ id: string }>('accounts.create', { name: 'Acme', password: SECRET, totp: { secret: 'JBSWY3DPEHPK3PXP' } });
    expect(await value('accounts.reveal', { id, field: 'password' })).toEqual({ value: SECRET });
    expect(await value('accounts.copy', { id, field: 'password' })).toEqual({ clearsInSeconds: 30 });
    expect(h.clipboard.readText()).toBe(SECRET);
    const before = generateCode({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 }, Date.now());
    await value('accounts.copy', { id, field: 'totpCode' });
    const after = generateCode({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 }, Date.now());
    expect([before, after]).toContain(h.clipboard.readText());
  });

  it('counts copying the password or the TOTP code as a login for "N hours after login" policies, not the username', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const { id } = await value<{ id: string }>('accounts.create', { name: 'Acme', password: SECRET, totp: { secret: 'JBSWY3DPEHPK3PXP' } });
    const scheduler = h.services.rotation.scheduler;
    scheduler.addPolicy({ name: 'After login', schedule: { type: 'after-login', hours: 4 }, scope: {} });
    const afterLogin = () => scheduler.jobs.list().filter((job) => job.accountId === id && job.trigger === 'after-login');

    await value('accounts.copy', { id, field: 'username' });
    expect(afterLogin()).toEqual([]);
    const copiedAt = Date.now();
    await value('accounts.copy', { id, field: 'password' });
    expect(afterLogin()).toEqual([expect.objectContaining({ reason: 'policy "After login": 4 h after a person copied the password or code to log in' })]);
    expect(afterLogin()[0]!.dueAt).toBeGreaterThanOrEqual(copiedAt + 4 * 3_600_000);
    // A second copy (the code, right after) adds nothing: the planned rotation is already waiting.
    await value('accounts.copy', { id, field: 'totpCode' });
    expect(afterLogin()).toHaveLength(1);
  });

  it('clears a copied secret from the clipboard when the vault locks', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const { id } = await value<{ id: string }>('accounts.create', { name: 'Acme', password: SECRET });
    await value('accounts.copy', { id, field: 'password' });
    await value('vault.lock');
    await new Promise((r) => setTimeout(r, 10));
    expect(h.clipboard.readText()).toBe('');
  });

  it('keeps the old password in history with its reason after an edit', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const saved = await value<{ id: string; version: number }>('accounts.create', { name: 'Acme', password: SECRET });
    await value('accounts.update', { id: saved.id, version: saved.version, patch: { password: 'Another-Secret-88' } });
    const history = await value<Array<{ index: number; reason: string }>>('accounts.history', { id: saved.id });
    expect(history).toMatchObject([{ index: 0, reason: 'edit' }]);
    expect(await value('accounts.revealHistory', { id: saved.id, index: 0 })).toEqual({ value: SECRET });
  });

  it('rejects a malformed otpauth URI with OTPAUTH_INVALID and saves nothing', async () => {
    await value('vault.create', { password: 'master-password-1' });
    expect(await call('accounts.create', { name: 'Bad', totp: 'otpauth://totp/x?secret=not*base32' })).toMatchObject({ ok: false, error: { code: 'OTPAUTH_INVALID' } });
    expect(await value('accounts.list', {})).toMatchObject({ accounts: [] });
  });

  it('lists in name order (numbers numerically) and sends a first screenful with the total', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const ids: Record<string, string> = {};
    for (const name of ['gamma 10', 'Beta', 'Gamma 9', 'Émile', 'alpha']) ids[name] = (await value<{ id: string }>('accounts.create', { name })).id;
    type Listed = { accounts: Array<{ name: string }>; total: number };
    const names = async (input: object) => (await value<Listed>('accounts.list', input)).accounts.map((a) => a.name);
    expect(await names({})).toEqual(['alpha', 'Beta', 'Émile', 'Gamma 9', 'gamma 10']);
    expect(await value<Listed>('accounts.list', { limit: 2 })).toMatchObject({ accounts: [{ name: 'alpha' }, { name: 'Beta' }], total: 5 });
    // The order kept between calls follows a rename.
    await value('accounts.update', { id: ids['alpha'], version: 1, patch: { name: 'zulu' } });
    expect(await names({ limit: 1 })).toEqual(['Beta']);
    expect((await names({})).at(-1)).toBe('zulu');
  });

  it('warns about a duplicate on the same host and username', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const first = await value<{ id: string }>('accounts.create', { name: 'A', urls: ['https://acme.test/login'], username: 'ops' });
    const second = await value<{ duplicates: string[] }>('accounts.create', { name: 'B', urls: ['https://www.acme.test/'], username: 'ops' });
    expect(second.duplicates).toEqual([first.id]);
  });

  it('emits vault.locked with the reason', async () => {
    await value('vault.create', { password: 'master-password-1' });
    await value('vault.lock');
    expect(h.emitted).toContainEqual(['vault.locked', { reason: 'manual' }]);
  });
});

describe('trash retention', () => {
  it('purges accounts deleted more than 30 days ago at the first list after unlock', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const { value, close } = openChannelHarness({ vaultOptions: { now: () => now } });
    try {
      await value('vault.create', { password: 'master-password-1' });
      const old = await value<{ id: string }>('accounts.create', { name: 'Old' });
      const recent = await value<{ id: string }>('accounts.create', { name: 'Recent' });
      await value('accounts.delete', { id: old.id });
      now += 20 * 24 * 3600_000;
      await value('accounts.delete', { id: recent.id });
      now += 11 * 24 * 3600_000;
      await value('vault.lock');
      await value('vault.unlock', { password: 'master-password-1' });
      const trash = await value<{ accounts: Array<{ name: string }> }>('accounts.list', { deleted: 'only' });
      expect(trash.accounts.map((a) => a.name)).toEqual(['Recent']);
    } finally {
      await close();
    }
  });
});

describe('audit channels', () => {
  it('lists an account\'s entries newest first and reports the chain intact', async () => {
    const { value, close } = openChannelHarness();
    try {
      await value('vault.create', { password: 'master-password-1' });
      const { id } = await value<{ id: string }>('accounts.create', { name: 'Acme', password: SECRET });
      await value('accounts.create', { name: 'Other' });
      await value('accounts.reveal', { id, field: 'password' });
      const entries = await value<Array<{ kind: string; details: Record<string, unknown> }>>('audit.forAccount', { id });
      expect(entries.map((e) => e.kind)).toEqual(['account.reveal', 'account.create']);
      expect(entries[0]!.details).toMatchObject({ field: 'password' });
      expect(JSON.stringify(entries)).not.toContain(SECRET);
      expect(await value('audit.verify')).toEqual({ intact: true });
    } finally {
      await close();
    }
  });
});
