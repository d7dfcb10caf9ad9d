import { describe, expect, it } from 'vitest';
import { TRASH_RETENTION_MS, type AccountInput } from '../../../main/vault';
import { createTestVault, errorCode } from './helpers';

const full: AccountInput = {
  name: 'Acme Portal',
  urls: ['https://www.acme.example/login', 'acme-backup.example'],
  username: 'ops@acme.example',
  password: 'first-password',
  totp: { type: 'hotp', secret: 'jbsw y3dp ehpk 3pxp', algorithm: 'SHA256', digits: 8, period: 60, counter: 5, issuer: 'Acme', label: 'ops' },
  notes: 'call the vendor first',
  tags: ['vendor', 'ops'],
  customFields: [
    { name: 'PIN', value: '4242', secret: true },
    { name: 'Customer no.', value: 'C-1', secret: false },
  ],
  managedEmail: 'acme+ops@team.example',
  managedPhone: '+15550100',
  backupCodes: ['code-1', 'code-2'],
};

describe('accounts', () => {
  it('stores every field, including all otpauth fields, and lists a summary without secrets', async () => {
    const { vault } = await createTestVault();
    const { id, version } = vault.accounts.create(full);
    expect(version).toBe(1);
    const account = vault.accounts.get(id);
    expect(account).toMatchObject({ ...full, totp: { ...full.totp, secret: 'JBSWY3DPEHPK3PXP' }, deletedAt: null });
    const [entry] = vault.accounts.list();
    expect(entry).toMatchObject({ status: 'ok', id, name: 'Acme Portal', hosts: ['acme.example', 'acme-backup.example'], hasPassword: true, hasTotp: true });
    const serialized = JSON.stringify(entry);
    for (const secret of ['first-password', 'JBSWY3DP', '4242', 'code-1', 'call the vendor']) expect(serialized).not.toContain(secret);
  });

  it.each([
    ['an empty name', { name: ' ' }],
    ['a TOTP secret that is not base32', { name: 'x', totp: { secret: 'not base32!' } }],
    ['a custom field without a name', { name: 'x', customFields: [{ name: '', value: 'v' }] }],
  ])('rejects %s with INVALID_INPUT', async (_label, input) => {
    const { vault } = await createTestVault();
    expect(await errorCode(() => vault.accounts.create(input as AccountInput))).toBe('INVALID_INPUT');
  });

  it('updates with an optimistic version and refuses a stale one', async () => {
    const { vault } = await createTestVault();
    const { id } = vault.accounts.create(full);
    expect(vault.accounts.update(id, 1, { notes: 'new notes' }).version).toBe(2);
    expect(await errorCode(() => vault.accounts.update(id, 1, { notes: 'lost update' }))).toBe('ITEM_CONFLICT');
    expect(vault.accounts.get(id)).toMatchObject({ version: 2, notes: 'new notes', password: 'first-password' });
  });

  it('keeps every previous password with its date and reason', async () => {
    let now = 1_000;
    const { vault } = await createTestVault({ now: () => now });
    const { id } = vault.accounts.create(full);
    now = 2_000;
    vault.accounts.update(id, 1, { password: 'second-password' });
    now = 3_000;
    vault.accounts.update(id, 2, { password: 'third-password' }, 'rotation');
    vault.accounts.update(id, 3, { notes: 'no password change' });
    expect(vault.accounts.passwordHistory(id)).toEqual([
      { password: 'first-password', replacedAt: 2_000, reason: 'edit' },
      { password: 'second-password', replacedAt: 3_000, reason: 'rotation' },
    ]);
    expect(vault.accounts.get(id).password).toBe('third-password');
  });

  it('warns about another account with the same host and username', async () => {
    const { vault } = await createTestVault();
    const first = vault.accounts.create(full);
    expect(first.duplicates).toEqual([]);
    const second = vault.accounts.create({ name: 'Acme again', urls: ['https://acme.example/other'], username: 'OPS@acme.example' });
    expect(second.duplicates).toEqual([first.id]);
    const third = vault.accounts.create({ name: 'Acme other user', urls: ['https://acme.example'], username: 'someone-else' });
    expect(third.duplicates).toEqual([]);
    const batch = vault.accounts.createMany([{ name: 'a', urls: ['x.example'], username: 'u' }, { name: 'b', urls: ['x.example'], username: 'u' }], 'test import');
    expect(batch[1]!.duplicates).toEqual([batch[0]!.id]);
  });

  it('soft-deletes into the trash, restores within 30 days, and purges after', async () => {
    let now = 1_000_000;
    const { vault } = await createTestVault({ now: () => now });
    const { id } = vault.accounts.create(full);
    const kept = vault.accounts.create({ name: 'Kept' }).id;
    vault.accounts.delete(id);
    expect(vault.accounts.list().map((e) => e.id)).toEqual([kept]);
    expect(vault.accounts.list({ deleted: 'only' }).map((e) => e.id)).toEqual([id]);
    expect(vault.accounts.search('acme')).toEqual([]);
    vault.accounts.restore(id);
    expect(vault.accounts.search('acme').map((s) => s.id)).toEqual([id]);
    vault.accounts.delete(id);
    now += TRASH_RETENTION_MS + 1;
    expect(await errorCode(() => vault.accounts.restore(id))).toBe('ITEM_NOT_FOUND');
    expect(vault.accounts.purgeExpired()).toEqual([id]);
    expect(await errorCode(() => vault.accounts.get(id))).toBe('ITEM_NOT_FOUND');
    expect(vault.accounts.list({ deleted: 'include' }).map((e) => e.id)).toEqual([kept]);
  });

  it('reveals and copies single secrets and audits each access', async () => {
    const { vault } = await createTestVault();
    const { id } = vault.accounts.create(full);
    expect(vault.accounts.reveal(id, 'password')).toBe('first-password');
    expect(vault.accounts.copy(id, 'custom:PIN')).toBe('4242');
    expect(vault.accounts.reveal(id, 'backupCodes')).toBe('code-1\ncode-2');
    expect(await errorCode(() => vault.accounts.reveal(id, 'custom:nope'))).toBe('INVALID_INPUT');
    const accesses = vault.audit.entries().filter((e) => e.accountId === id).map((e) => [e.kind, e.details?.field ?? null]);
    expect(accesses).toEqual([
      ['account.create', null],
      ['account.reveal', 'password'],
      ['account.copy', 'custom:PIN'],
      ['account.reveal', 'backupCodes'],
    ]);
  });

  it('searches live accounts by name, host, username and tag', async () => {
    const { vault } = await createTestVault();
    const { id } = vault.accounts.create(full);
    for (const query of ['acme', 'acme-backup', 'ops@', 'vendor', 'acmprtl']) expect(vault.accounts.search(query).map((s) => s.id)).toEqual([id]);
    vault.accounts.update(id, 1, { name: 'Renamed' });
    expect(vault.accounts.search('renamed').map((s) => s.id)).toEqual([id]);
  });

  it('says ITEM_NOT_FOUND for an unknown id', async () => {
    const { vault } = await createTestVault();
    expect(await errorCode(() => vault.accounts.get('nope'))).toBe('ITEM_NOT_FOUND');
    expect(await errorCode(() => vault.accounts.update('nope', 1, {}))).toBe('ITEM_NOT_FOUND');
  });
});
