// `tessera browsers list` and `revoke`, in-process on a real vault: the paired browsers kept in
// the vault's device records, listed without keys, and revoked by id or by a unique name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChannelKeyPair, exportPrivateKey, toBase64Url } from '../../../protocol/browser-channel';
import { BrowserPairings } from '../../../main/browser-bridge';
import { silentLogger } from '../../../main/logger';
import { Vault } from '../../../main/vault';
import { type CliSandbox, jsonError, jsonValue, MASTER, sandboxWithVault } from '../../support/cli-harness';

describe('tessera browsers', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  let vaultPath: string;
  const run = (args: string[]) => sandbox.run(['--json', ...args], { env });

  beforeAll(async () => {
    ({ sandbox, env, vault: vaultPath } = await sandboxWithVault());
    const vault = Vault.open(vaultPath, { allowWeakKdf: true });
    await vault.unlock(MASTER);
    const pairings = new BrowserPairings(() => vault, silentLogger);
    for (const [browserId, name] of [['browser-one-id', 'Chromium on Linux'], ['browser-two-id', 'Firefox on Linux']] as const) {
      const ext = await generateChannelKeyPair();
      const app = await generateChannelKeyPair(true);
      pairings.add({ browserId, name, extensionKey: ext.publicKey, appKey: app.publicKey, appPrivateKey: toBase64Url(await exportPrivateKey(app.privateKey)), createdAt: Date.UTC(2026, 10, 1), lastUsedAt: null });
    }
    vault.close();
  });
  afterAll(() => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
  });

  it('lists the paired browsers without their keys', async () => {
    const result = await run(['browsers', 'list']);
    expect(jsonValue(result)).toEqual([
      { browserId: 'browser-one-id', name: 'Chromium on Linux', createdAt: Date.UTC(2026, 10, 1), lastUsedAt: null },
      { browserId: 'browser-two-id', name: 'Firefox on Linux', createdAt: Date.UTC(2026, 10, 1), lastUsedAt: null },
    ]);
    expect(result.stdout).not.toMatch(/PrivateKey|extensionKey|appKey/);
    const text = await sandbox.run(['browsers', 'list'], { env });
    expect(text.stdout).toMatch(/Chromium on Linux.*2026-11-01 00:00.*never/);
  });

  it('revokes one by name or id, and refuses an unknown one', async () => {
    expect(jsonValue(await run(['browsers', 'revoke', 'Firefox on Linux']))).toEqual({ revoked: 'browser-two-id', name: 'Firefox on Linux' });
    expect(jsonError(await run(['browsers', 'revoke', 'Firefox on Linux']))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(jsonValue(await run(['browsers', 'revoke', 'browser-one-id']))).toMatchObject({ revoked: 'browser-one-id' });
    expect(jsonValue(await run(['browsers', 'list']))).toEqual([]);
  });
});
