// Leaving and arriving: a vault exported as Bitwarden JSON, KeePass XML (or Tessera's own JSON) and imported
// into a new vault holds the same accounts: names, sites, usernames, passwords, TOTP (same
// codes), notes, tags (the first as Bitwarden's folder or KeePass's group), every site address,
// custom fields (secret stays secret) and password history.
import { describe, expect, it } from 'vitest';
import { applyImport, planImport, plaintextExport, readImportBytes } from '../../../main/import';
import { generateCode, otpParamsFromStored } from '../../../main/mfa';
import type { Vault } from '../../../main/vault';
import { createTestVault } from '../vault/helpers';

async function sourceVault(): Promise<Vault> {
  const { vault } = await createTestVault();
  const { id } = vault.accounts.create({
    name: 'Admin Console',
    urls: ['https://console.example.com/login', 'https://sso.example.com/console'],
    username: 'admin@team.example',
    password: 'first-password',
    totp: { secret: 'JBSWY3DPEHPK3PXP', digits: 8, period: 60, issuer: 'Console', algorithm: 'SHA256' },
    notes: 'Break-glass account <root> & "friends"',
    tags: ['infra', 'ops'],
    customFields: [{ name: 'Recovery PIN', value: '4411', secret: true }, { name: 'Team', value: 'Ops', secret: false }],
  });
  vault.accounts.update(id, 1, { password: 'second-password' });
  vault.accounts.create({ name: 'Plain', username: 'someone', password: 'p' });
  return vault;
}

const live = (vault: Vault) => vault.accounts.list().flatMap((e) => (e.status === 'ok' ? [vault.accounts.get(e.id)] : [])).sort((a, b) => a.name.localeCompare(b.name));

describe('export and import round trip', () => {
  it.each(['bitwarden-json', 'keepass-xml', 'tessera-json'] as const)('through %s', async (format) => {
    const source = await sourceVault();
    const { text, accounts } = plaintextExport(source, format, new Set());
    expect(accounts).toBe(2);
    expect(source.audit.entries().at(-1)).toMatchObject({ kind: 'vault.export', details: expect.objectContaining({ format: format === 'tessera-json' ? 'json' : format }) });

    const { vault: target } = await createTestVault();
    const parsed = readImportBytes(new TextEncoder().encode(text));
    expect(parsed.format).toBe(format);
    await applyImport(target, planImport(parsed, [], 'skip'));

    const [before, after] = [live(source), live(target)];
    expect(after.map((a) => a.name)).toEqual(['Admin Console', 'Plain']);
    const [was, now] = [before[0]!, after[0]!];
    expect(now).toMatchObject({ urls: was.urls, username: was.username, password: 'second-password', customFields: was.customFields });
    expect(now.tags).toEqual(format === 'bitwarden-json' ? ['infra'] : ['infra', 'ops']);
    expect(now.notes).toBe(format === 'bitwarden-json' ? 'Break-glass account <root> & "friends"\n\nTags: ops' : 'Break-glass account <root> & "friends"');
    const at = Date.UTC(2026, 11, 5, 12, 0, 0);
    expect(generateCode(otpParamsFromStored(now.totp!), at)).toBe(generateCode(otpParamsFromStored(was.totp!), at));
    expect(now.totp).toMatchObject({ digits: 8, period: 60, algorithm: 'SHA256' });
    expect(target.accounts.passwordHistory(now.id).map((h) => h.password)).toEqual(['first-password']);
  });
});
