// `tessera account edit` on a shared account reaches its shared doc: the Owner's vault is
// edited from the CLI (in-process, on the composed services) while the app that shared the
// account is locked, and the Collaborator's app, live on the same relay, gets the new
// username. A Collaborator's own CLI edit of that account is refused.
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../../../relay/server';
import { KDF_FLOOR } from '../../../main/vault';
import { openChannelHarness, type ChannelHarness } from '../../support/channel-harness';
import { joinedPair } from '../../support/relay-apps';
import { jsonError, jsonValue, runCliInProcess } from '../../support/cli-harness';

const PASSWORD = 'Shared-Wombat-Password-4410';
const OWNER_PASSWORD = 'master-password-owner';
const COLLABORATOR_PASSWORD = 'master-password-collaborator';

describe('tessera account edit on a shared account', () => {
  let relayDir: string;
  let relay: RunningRelay;
  let owner: ChannelHarness;
  let collaborator: ChannelHarness;

  beforeAll(async () => {
    relayDir = mkdtempSync(join(tmpdir(), 'tessera-cli-edit-relay-'));
    relay = await startRelay({ dbPath: join(relayDir, 'relay.db'), host: '127.0.0.1', port: 0 });
    // Vaults the CLI accepts: the cheapest KDF cost above the floor.
    owner = openChannelHarness({ name: 'owner', relayHost: '127.0.0.1', vaultOptions: { kdf: KDF_FLOOR, allowWeakKdf: false } });
    collaborator = openChannelHarness({ name: 'collaborator', relayHost: '127.0.0.1', vaultOptions: { kdf: KDF_FLOOR, allowWeakKdf: false } });
    await owner.value('vault.create', { password: OWNER_PASSWORD });
    await collaborator.value('vault.create', { password: COLLABORATOR_PASSWORD });
  }, 120_000);
  afterAll(async () => {
    for (const app of [owner, collaborator]) await app?.close();
    await relay?.close();
    if (relayDir) rmSync(relayDir, { recursive: true, force: true });
  });

  it('sends the Owner\'s CLI edit to the Collaborator through the relay, and refuses the Collaborator\'s', async () => {
    const { id } = await owner.value<{ id: string }>('accounts.create', { name: 'Wombat portal', urls: ['https://wombat.test/login'], username: 'ops@wombat.test', password: PASSWORD });
    const { workspaceId, bMemberId } = await joinedPair(owner, collaborator, relay.url, 'member');
    await owner.value('sharing.share', { workspaceId, accountId: id, principal: `member:${bMemberId}`, role: 'collaborator' });
    await expect.poll(() => collaborator.services.sharing.roleOf(id), { timeout: 15_000 }).toBe('collaborator');
    await expect.poll(() => collaborator.services.vault.unlocked().accounts.get(id).password, { timeout: 15_000 }).toBe(PASSWORD);

    // The Owner's app locks (it stops syncing); the Owner edits from a terminal.
    await owner.value('vault.lock');
    const edited = await runCliInProcess(['--json', 'account', 'edit', id, '--username', 'admin@wombat.test'], { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '',
      TESSERA_VAULT: join(owner.dir, 'vault.sqlite'),
      TESSERA_PASSWORD: OWNER_PASSWORD,
    });
    expect(jsonValue<{ changed: string[] }>(edited).changed).toEqual(['username']);
    expect(edited.stderr).not.toContain('warning');

    await expect.poll(() => collaborator.services.vault.unlocked().accounts.get(id).username, { timeout: 15_000 }).toBe('admin@wombat.test');
    expect(collaborator.services.vault.unlocked().accounts.get(id).password).toBe(PASSWORD);

    // The Collaborator's CLI is refused, as the app's channel is: roles are checked in the service.
    await collaborator.value('vault.lock');
    const refused = await runCliInProcess(['--json', 'account', 'edit', id, '--username', 'me@wombat.test'], { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '',
      TESSERA_VAULT: join(collaborator.dir, 'vault.sqlite'),
      TESSERA_PASSWORD: COLLABORATOR_PASSWORD,
    });
    expect(refused.code).toBe(1);
    expect(jsonError(refused)).toMatchObject({ code: 'NOT_PERMITTED' });
    for (const result of [edited, refused]) expect(result.stderr).not.toContain(PASSWORD);
  }, 180_000);
});
