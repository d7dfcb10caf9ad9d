// sharing.setRelay as the renderer reaches it (real services and vault behind the dispatcher):
// a hostile or malformed payload gets INVALID_INPUT and changes nothing; a good address is
// saved in the vault (it is still there after lock and unlock), the status and its event name
// it at once, and invitations this device issues from then on carry it; sharing.join's other
// address is checked by the same rule. No relay runs here: the workspace's connection attempts
// fail, so this device holds no chain record to check an address against (`checked` false).
import { afterEach, describe, expect, it } from 'vitest';
import { openChannelHarness, MASTER_PASSWORD, type ChannelHarness } from '../../support/channel-harness';
import type { WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { parseInvitation } from '../../../main/sync';

let app: ChannelHarness | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const relayOf = async (harness: ChannelHarness) => (await harness.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0]?.relayUrl;

describe('sharing.setRelay', () => {
  it('refuses hostile payloads with INVALID_INPUT, saves a good address, and follows it everywhere', async () => {
    app = openChannelHarness({ name: 'relay-setting' });
    await app.value('vault.create', { password: MASTER_PASSWORD });
    const { workspaceId } = await app.value<{ workspaceId: string }>('sharing.create', { name: 'Team', relayUrl: 'ws://127.0.0.1:9', profile: { name: 'Ada', email: 'ada@acme.test' } });

    for (const payload of [
      { workspaceId, relayUrl: 42 },
      { workspaceId, relayUrl: ['ws://127.0.0.1:1'] },
      { workspaceId, relayUrl: 'ws://127.0.0.1:1', extra: true },
      { workspaceId, relayUrl: `ws://${'a'.repeat(3000)}.test` },
      { workspaceId, relayUrl: '   ' },
      { relayUrl: 'ws://127.0.0.1:1' },
      { workspaceId: '../../etc', relayUrl: 'ws://127.0.0.1:1' },
      { workspaceId: 'not-a-workspace-of-this-vault', relayUrl: 'ws://127.0.0.1:1' },
      { workspaceId, relayUrl: 'javascript:alert(1)' },
      { workspaceId, relayUrl: 'file:///etc/passwd' },
      { workspaceId, relayUrl: 'https://relay.example.com' },
      { workspaceId, relayUrl: 'wss://admin:Pw-In-Url-77@relay.example.com' },
      JSON.parse(`{ "workspaceId": "${workspaceId}", "relayUrl": "ws://127.0.0.1:1", "__proto__": { "polluted": true } }`) as unknown,
      null,
      'ws://127.0.0.1:1',
    ]) {
      const result = await app.call('sharing.setRelay', payload);
      expect(result, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(INVALID_INPUT|PAYLOAD_TOO_LARGE)$/) } });
      expect(JSON.stringify(result)).not.toContain('Pw-In-Url-77');
    }
    expect(await app.call('sharing.setRelay', { workspaceId, relayUrl: 'https://relay.example.com' })).toMatchObject({
      ok: false, error: { code: 'INVALID_INPUT', message: 'A relay is reached over WebSocket: write the address with wss:// instead of https://.' },
    });
    expect(await app.call('sharing.setRelay', { workspaceId, relayUrl: '' })).toMatchObject({
      ok: false, error: { code: 'INVALID_INPUT', fields: { relayUrl: 'Enter the relay address, such as ws://192.168.1.20:8787 or wss://relay.example.com.' } },
    });
    expect(await relayOf(app)).toBe('ws://127.0.0.1:9');

    // A LAN address over ws:// (TEST-NET: nothing answers): accepted (sync carries only ciphertext), but not one a secret may go through.
    app.emitted.length = 0;
    expect(await app.value('sharing.setRelay', { workspaceId, relayUrl: ' ws://192.0.2.20:8787/ ' })).toEqual({ workspaceId, relayUrl: 'ws://192.0.2.20:8787', carriesSecrets: false, checked: false });
    expect(await relayOf(app)).toBe('ws://192.0.2.20:8787');
    expect(app.emitted).toContainEqual(['sharing.status', expect.objectContaining({ workspaceId, relayUrl: 'ws://192.0.2.20:8787', state: 'connecting', error: null })]);
    const { code } = await app.value<{ code: string }>('sharing.invite', { workspaceId });
    expect(parseInvitation(code).relayUrl).toBe('ws://192.0.2.20:8787');
    // Joining with another address: the same rule, checked before anything is posted.
    expect(await app.call('sharing.join', { code, relayUrl: 'http://relay.lan:8787' })).toMatchObject({
      ok: false, error: { code: 'INVALID_INPUT', message: 'A relay is reached over WebSocket: write the address with ws:// instead of http://.' },
    });
    expect(await app.call('sharing.join', { code, relayUrl: 7 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    await app.value('vault.lock');
    await app.value('vault.unlock', { password: MASTER_PASSWORD });
    await expect.poll(() => relayOf(app!)).toBe('ws://192.0.2.20:8787');
    expect(await app.value('sharing.setRelay', { workspaceId, relayUrl: 'wss://relay.example.com' })).toEqual({ workspaceId, relayUrl: 'wss://relay.example.com', carriesSecrets: true, checked: false });
  });
});
