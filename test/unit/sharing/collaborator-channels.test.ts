// A Collaborator on a shared account, through the real dispatcher, services and vault file:
// every channel that would return a secret value refuses with NOT_PERMITTED, and no result
// (nor the clipboard) ever holds the password, the TOTP seed, backup codes, password history
// or secret custom fields. The role comes from the account's SharedAccountDoc grants.
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVaultServices, type Services } from '../../../main/services';
import { createDispatcher, type Dispatch } from '../../../main/ipc/dispatcher';
import { createHandlerTable } from '../../../main/ipc/handler-table';
import { createMemoryClipboard } from '../../../main/platform/clipboard-guard';
import { silentLogger } from '../../../main/logger';
import { TEST_KDF_COST } from '../../../main/vault';
import { saveKeys, SyncPeer } from '../../../main/sync';
import { saveWorkspace } from '../../../main/sharing/sync-state';
import { SharingService } from '../../../main/sharing/sharing-service';
import { person, team } from '../sync/chain-helpers';

const ctx = { transport: 'test' as const };
const PASSWORD = 'Correct-Horse-77!';
const OLD_PASSWORD = 'Old-Battery-Staple-12';
const SEED = 'JBSWY3DPEHPK3PXP';
const BACKUP = '1111-2222';
const CUSTOM = 'api-key-s3cr3t-value';
const SECRETS = [PASSWORD, OLD_PASSWORD, SEED, BACKUP, CUSTOM];

/** Bob's sync peer holding Alice's account doc for `accountId`, where Alice granted Bob `role`. */
function bobsPeer(accountId: string, role: 'owner' | 'collaborator'): SyncPeer {
  return bobAndPeer(accountId, role).peer;
}

function bobAndPeer(accountId: string, role: 'owner' | 'collaborator') {
  const alice = person('alice');
  const bob = person('bob');
  const ws = team(alice, [[bob, 'member']]);
  const alicePeer = new SyncPeer(ws.get('alice')!);
  const { doc } = alicePeer.createAccount(accountId);
  alicePeer.share(doc.docId, `member:${bob.identity.memberId}`, role);
  const peer = new SyncPeer(ws.get('bob')!);
  // As the relay would deliver them: the team directory lists the doc, then the doc itself.
  Y.applyUpdate(peer.team.doc.doc, Y.encodeStateAsUpdate(alicePeer.team.doc.doc));
  Y.applyUpdate(peer.account(doc.docId).doc.doc, Y.encodeStateAsUpdate(doc.doc));
  return { peer, bob };
}

describe('a Collaborator at the IPC handlers', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  let clipboard: ReturnType<typeof createMemoryClipboard>;
  let id: string;
  const results: string[] = [];
  const call = async (channel: string, input: unknown = {}) => {
    const result = await dispatch(channel, input, ctx);
    results.push(JSON.stringify(result));
    return result;
  };
  const value = async <T>(channel: string, input: unknown = {}) => {
    const result = await call(channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };

  const saved: string[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-collab-'));
    clipboard = createMemoryClipboard();
    services = createVaultServices({
      dataDir: dir,
      platform: {
        host: 'web-test-host', version: 't', openInOs: async () => {}, clipboard,
        // Stands in for the save dialog: keeps what would have been written.
        saveFile: async ({ suggestedName, bytes }) => {
          saved.push(new TextDecoder().decode(bytes));
          return { fileName: suggestedName };
        },
        // Stands in for the open dialog: a Chrome export holding the shared account's site and username.
        chooseFile: async () => {
          const file = join(dir, 'chrome.csv');
          writeFileSync(file, 'name,url,username,password\nAcme,https://acme.test/login,ops,imported-over-the-owner\n');
          return file;
        },
      },
      log: silentLogger,
      vaultOptions: { kdf: TEST_KDF_COST, allowWeakKdf: true },
    });
    saved.length = 0;
    dispatch = createDispatcher(createHandlerTable(services), silentLogger);
    await value('vault.create', { password: 'master-password-1' });
    ({ id } = await value<{ id: string }>('accounts.create', {
      name: 'Acme', urls: ['https://acme.test'], username: 'ops', password: OLD_PASSWORD,
      totp: `otpauth://totp/Acme:ops?secret=${SEED}&issuer=Acme`, backupCodes: [BACKUP],
      customFields: [{ name: 'API key', value: CUSTOM, secret: true }, { name: 'Region', value: 'eu-west', secret: false }],
    }));
    const { version } = await value<{ version: number }>('accounts.get', { id });
    await value('accounts.update', { id, version, patch: { password: PASSWORD } });
    results.length = 0;
  });
  afterEach(async () => {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an account nobody shared is the person\'s own: Owner', async () => {
    expect(services.sharing.roleOf(id)).toBe('owner');
    expect(await value('accounts.get', { id })).toMatchObject({ role: 'owner' });
    expect(await value('accounts.reveal', { id, field: 'password' })).toEqual({ value: PASSWORD });
  });

  it('reads the role from the SharedAccountDoc grants of the sync peer', () => {
    const sharing = new SharingService();
    sharing.attachPeer(bobsPeer(id, 'collaborator'));
    expect(sharing.roleOf(id)).toBe('collaborator');
    expect(sharing.roleOf('some-other-account')).toBe('owner');
    const owner = new SharingService();
    owner.attachPeer(bobsPeer(id, 'owner'));
    expect(owner.roleOf(id)).toBe('owner');
  });

  it('leaves an account shared with the person as a Collaborator out of an export (its password is not theirs)', async () => {
    await value('accounts.create', { name: 'Own', username: 'me', password: 'own-password' });
    services.sharing.attachPeer(bobsPeer(id, 'collaborator'));
    for (const format of ['tessera-json', 'bitwarden-json'] as const) {
      expect(await value('import.export', { format, iUnderstand: true })).toMatchObject({ saved: true, accounts: 1, leftOut: 1 });
      expect(saved.at(-1)).toContain('own-password');
      expect(saved.at(-1)).not.toContain(PASSWORD);
    }
    expect(await call('import.export', { format: 'tessera-json' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // The app's encrypted backup leaves it out too.
    expect(await value('vault.backup', { passphrase: 'backup passphrase 42' })).toMatchObject({ saved: true, accounts: 1, leftOut: 1 });
  });

  it('never lets an import update an account shared with the person as a Collaborator', async () => {
    services.sharing.attachPeer(bobsPeer(id, 'collaborator'));
    const preview = await value<{ token: string; toUpdate: number; skipped: { reason: string }[] }>('import.preview', { onDuplicate: 'update' });
    expect(preview).toMatchObject({ toUpdate: 0, skipped: [{ reason: expect.stringMatching(/shared with you as a Collaborator: only its Owner can change it/) }] });
    await value('import.run', { token: preview.token, onDuplicate: 'update' });
    expect(services.vault.unlocked().accounts.get(id).password).toBe(PASSWORD);
  });

  it('refuses every secret value to a Collaborator with NOT_PERMITTED, and no result holds one', async () => {
    services.sharing.attachPeer(bobsPeer(id, 'collaborator'));
    const refused: Array<[string, unknown]> = [
      ['accounts.reveal', { id, field: 'password' }],
      ['accounts.reveal', { id, field: 'totpSecret' }],
      ['accounts.reveal', { id, field: 'backupCodes' }],
      ['accounts.reveal', { id, field: 'custom:API key' }],
      ['accounts.copy', { id, field: 'password' }],
      ['accounts.copy', { id, field: 'totpSecret' }],
      ['accounts.copy', { id, field: 'backupCodes' }],
      ['accounts.copy', { id, field: 'custom:API key' }],
      ['accounts.revealHistory', { id, index: 0 }],
      ['mfa.backupCodes', { id }],
      ['automation.screenshot', { id, runId: '1700000000000-0123abcd', index: 0 }],
      ['automation.saveTrace', { id, runId: '1700000000000-0123abcd', part: 1 }],
      ['accounts.update', { id, version: 2, patch: { password: 'x' } }],
      ['accounts.delete', { id }],
    ];
    for (const [channel, input] of refused) {
      expect(await call(channel, input), channel).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    }
    // What a Collaborator may read: the view (flags, not values), history dates, the live code, the username.
    const view = await value<{ role: string; hasPassword: boolean; customFields: unknown[] }>('accounts.get', { id });
    expect(view).toMatchObject({ role: 'collaborator', hasPassword: true, backupCodeCount: 1 });
    expect(view.customFields).toEqual([{ name: 'API key', value: null, secret: true }, { name: 'Region', value: 'eu-west', secret: false }]);
    expect(await value<unknown[]>('accounts.history', { id })).toHaveLength(1);
    expect(await value('accounts.totp', { id })).toMatchObject({ code: expect.stringMatching(/^\d{6}$/) });
    await value('accounts.copy', { id, field: 'username' });
    expect(clipboard.readText()).toBe('ops');
    await value('accounts.copy', { id, field: 'totpCode' });
    expect(clipboard.readText()).toMatch(/^\d{6}$/);
    await value('accounts.list', {});
    await value('mfa.status', { id });
    for (const text of results) for (const secret of SECRETS) expect(text).not.toContain(secret);
    // The refusals changed nothing in the vault.
    services.sharing.clear();
    expect(await value('accounts.reveal', { id, field: 'password' })).toEqual({ value: PASSWORD });
  });

  it('a Collaborator cannot name the account in a rotation policy, and no policy counts it', async () => {
    services.sharing.attachPeer(bobsPeer(id, 'collaborator'));
    const policy = (scope: object) => ({ name: 'Weekly', trigger: { type: 'interval', every: 1, unit: 'weeks', startAt: Date.now() }, scope });
    expect(await call('policies.add', policy({ accountIds: [id] }))).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    expect(await value('policies.add', policy({}))).toMatchObject({ covers: 0 });
    expect(await value('policies.list')).toMatchObject({ accounts: [] });
  });

  it('answers from the workspace saved in the vault after unlocking', async () => {
    const { peer, bob } = bobAndPeer(id, 'collaborator');
    const records = services.vault.unlocked().sync;
    await saveKeys(records.keyStore(), bob.identity, bob.device);
    saveWorkspace(records, peer);
    await value('vault.lock');
    await value('vault.unlock', { password: 'master-password-1' });
    await expect.poll(() => services.sharing.roleOf(id)).toBe('collaborator');
    expect(await call('accounts.reveal', { id, field: 'password' })).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    await value('vault.lock');
    expect(services.sharing.roleOf(id)).toBe('owner');
  });

  it('a member shared with no role on the account gets nothing', async () => {
    services.sharing.attach({ roleOf: (accountId) => (accountId === id ? null : undefined) });
    expect(await call('accounts.get', { id })).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    expect(await call('accounts.totp', { id })).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    expect(await call('automation.runs', { id })).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    expect(await call('automation.verify', { id })).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
  });
});
