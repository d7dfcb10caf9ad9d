// Issue 16 item 2, every interface: an account whose login URL is http:// to another machine
// would send its password unencrypted. AccountActions (what the app's IPC and the CLI use)
// saves one only when the person confirmed it by allowing that origin; loopback addresses
// and https:// need nothing. A real vault file at the test KDF cost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountActions } from '../../../main/access/account-actions';
import { localOwnerAccess } from '../../../main/access/account-access';
import { TEST_KDF_COST, Vault } from '../../../main/vault';

describe('AccountActions: http:// login URLs need a confirmation', () => {
  let dir: string;
  let vault: Vault;
  let actions: AccountActions;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-insecure-url-'));
    ({ vault } = await Vault.create(join(dir, 'v.tessera'), 'master-password-a', { kdf: TEST_KDF_COST, allowWeakKdf: true }));
    actions = new AccountActions({ vault: () => vault, access: localOwnerAccess, changed: () => {} });
  });
  afterEach(() => {
    vault.lock();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unconfirmed http:// login URL to another machine and saves nothing', () => {
    expect(() => actions.create({ name: 'Wiki', urls: ['http://wiki.intranet.test/login'], password: 'pw-1' }))
      .toThrow(expect.objectContaining({ code: 'INSECURE_LOGIN_URL', message: expect.stringContaining('http://wiki.intranet.test') }));
    expect(vault.accounts.list()).toHaveLength(0);
  });

  it('saves it once its origin is allowed, and keeps https:// and loopback addresses free of any confirmation', () => {
    const wiki = actions.create({ name: 'Wiki', urls: ['http://wiki.intranet.test/login'], allowedOrigins: ['http://WIKI.intranet.test:80'], password: 'pw-1' });
    expect(vault.accounts.get(wiki.id).allowedOrigins).toEqual(['http://wiki.intranet.test']);
    expect(() => actions.create({ name: 'Portal', urls: ['https://portal.test/login'] })).not.toThrow();
    expect(() => actions.create({ name: 'Local', urls: ['http://127.0.0.1:8080/login'] })).not.toThrow();
  });

  it('refuses an edit that moves the login URL to http:// or drops the confirmation, and keeps the saved account', () => {
    const portal = actions.create({ name: 'Portal', urls: ['https://portal.test/login'], password: 'pw-1' });
    expect(() => actions.update(portal.id, portal.version, { urls: ['http://portal.test/login'] })).toThrow(expect.objectContaining({ code: 'INSECURE_LOGIN_URL' }));
    expect(vault.accounts.get(portal.id).urls).toEqual(['https://portal.test/login']);

    const wiki = actions.create({ name: 'Wiki', urls: ['http://wiki.intranet.test/'], allowedOrigins: ['http://wiki.intranet.test'] });
    expect(() => actions.update(wiki.id, wiki.version, { allowedOrigins: [] })).toThrow(expect.objectContaining({ code: 'INSECURE_LOGIN_URL' }));
    expect(vault.accounts.get(wiki.id).allowedOrigins).toEqual(['http://wiki.intranet.test']);
    // Other fields change without asking again.
    expect(() => actions.update(wiki.id, wiki.version, { username: 'ops' })).not.toThrow();
  });
});
