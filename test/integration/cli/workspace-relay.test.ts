// A device told which address of the relay to use, through the CLI (in-process runCli, two
// vaults): one relay on 127.0.0.1 that this test also makes reachable at a second address (a
// TCP forwarder on another port, as a LAN address and an internet address reach one relay).
// Alice works through the first address; Bob joins with `workspace join CODE --relay` at the
// second, keeps it (`workspace relay` shows it), and receives what Alice shares. Closing the
// second address stops Bob's sync, which proves he went through it; `workspace relay URL` moves
// him to the first and sync goes on, new shares included. Bad addresses, and another relay
// that answers without this workspace, are refused with INVALID_INPUT (exit 4) and change
// nothing; an address that does not answer is kept, with RELAY_UNAVAILABLE saying how to go back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../../../relay/server';
import { type CliSandbox, jsonError, jsonValue, sandboxWithVault } from '../../support/cli-harness';
import { startFreezableProxy, type FreezableProxy } from '../../support/freezable-proxy';

type RelayValue = { workspaceId: string; relayUrl: string | null; carriesSecrets: boolean; previous?: string | null };

describe('tessera workspace join --relay and workspace relay', () => {
  let relay: RunningRelay;
  let secondAddress: FreezableProxy;
  let alice: { sandbox: CliSandbox; env: Record<string, string> };
  let bob: { sandbox: CliSandbox; env: Record<string, string> };
  const a = (args: string[], input?: string) => alice.sandbox.run(['--json', ...args], { env: alice.env, ...(input !== undefined ? { input } : {}) });
  const b = (args: string[]) => bob.sandbox.run(['--json', ...args], { env: bob.env });

  beforeAll(async () => {
    alice = await sandboxWithVault();
    bob = await sandboxWithVault();
    relay = await startRelay({ dbPath: alice.sandbox.path('relay.db'), host: '127.0.0.1', port: 0 });
    secondAddress = await startFreezableProxy(relay.port);
  }, 120_000);
  afterAll(async () => {
    await secondAddress?.close();
    await relay?.close();
    for (const s of [alice, bob]) {
      s.sandbox.expectNoSecretOnStderr();
      s.sandbox.cleanup();
    }
  });

  it('joins through the address it is given, keeps it, and moves to another address without losing sync', async () => {
    const second = `ws://127.0.0.1:${secondAddress.port}`;
    const { workspaceId } = jsonValue<{ workspaceId: string }>(await a(['workspace', 'create', '--relay', relay.url]));
    const { id: first } = jsonValue<{ id: string }>(await a(['account', 'add', '--name', 'First portal', '--url', 'https://first.test', '--username', 'ops', '--password-stdin'], 'First-Portal-Password-1'));
    const { code } = jsonValue<{ code: string }>(await a(['workspace', 'invite']));

    // A bad --relay is refused before anything is posted; the vault stays in no workspace.
    const refused = await b(['workspace', 'join', code, '--relay', 'https://127.0.0.1:1']);
    expect(refused.code).toBe(4);
    expect(jsonError(refused)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('wss:// instead of https://') });
    expect(jsonError(await b(['workspace', 'relay']))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('no workspace') });

    // The code names the first address; Bob reaches the same relay at the second.
    const [joining, answered] = await Promise.all([b(['workspace', 'join', code, '--relay', `${second}/`]), a(['workspace', 'invite', '--answer', '60s'])]);
    expect(jsonValue(answered)).toEqual({ waiting: 1 });
    const joined = jsonValue<{ workspaceId: string; memberId: string; sas: string; relayUrl: string }>(joining);
    expect(joined).toMatchObject({ workspaceId, relayUrl: second });
    jsonValue(await a(['workspace', 'invite', '--confirm', joined.sas]));
    expect(jsonValue<RelayValue>(await b(['workspace', 'relay']))).toEqual({ workspaceId, relayUrl: second, carriesSecrets: true });
    expect(jsonValue<RelayValue>(await a(['workspace', 'relay']))).toEqual({ workspaceId, relayUrl: relay.url, carriesSecrets: true });

    jsonValue(await a(['share', first, `--with=${joined.memberId}`, '--role', 'collaborator']));
    const status = jsonValue<{ relay: string; admitted: boolean; sharedAccounts: { name: string | null }[] }>(await b(['sync', 'status']));
    expect(status).toMatchObject({ relay: second, admitted: true, sharedAccounts: [{ name: 'First portal' }] });

    // Only the second address is closed: Bob's sync stops, so it went through it.
    await secondAddress.close();
    expect(jsonError(await b(['sync', 'status']))).toMatchObject({ code: 'RELAY_UNAVAILABLE', message: expect.stringContaining(second) });

    // Moved to the first address, Bob syncs again, and gets what Alice shares next.
    const moved = jsonValue<RelayValue>(await b(['workspace', 'relay', relay.url]));
    expect(moved).toEqual({ workspaceId, relayUrl: relay.url, carriesSecrets: true, checked: true, previous: second });
    const { id: next } = jsonValue<{ id: string }>(await a(['account', 'add', '--name', 'Second portal', '--url', 'https://second.test', '--username', 'ops', '--password-stdin'], 'Second-Portal-Password-2'));
    jsonValue(await a(['share', next, `--with=${joined.memberId}`, '--role', 'collaborator']));
    const after = jsonValue<{ relay: string; sharedAccounts: { name: string | null }[] }>(await b(['sync', 'status']));
    expect(after.relay).toBe(relay.url);
    expect(after.sharedAccounts.map((s) => s.name).sort()).toEqual(['First portal', 'Second portal']);

    // Another relay answers without this workspace: refused (moving there would sync nothing), the address stays.
    const other = await startRelay({ dbPath: alice.sandbox.path('other-relay.db'), host: '127.0.0.1', port: 0 });
    try {
      const elsewhere = await b(['workspace', 'relay', other.url]);
      expect(elsewhere.code).toBe(4);
      expect(jsonError(elsewhere)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(`The relay at ${other.url} does not hold this workspace`) });
    } finally {
      await other.close();
    }
    // Bad addresses: INVALID_INPUT (exit 4), the address stays.
    for (const [bad, says] of [
      ['relay.example.com:8787', 'ws:// or wss://'],
      ['http://127.0.0.1:8787', 'ws:// instead of http://'],
      ['ws://admin:Pw-In-Url-77@127.0.0.1:8787', 'no user name or password'],
    ] as const) {
      const result = await b(['workspace', 'relay', bad]);
      expect(result.code).toBe(4);
      expect(jsonError(result)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(says) });
      expect(result.stdout + result.stderr).not.toContain('Pw-In-Url-77');
    }
    expect(jsonValue<RelayValue>(await b(['workspace', 'relay'])).relayUrl).toBe(relay.url);

    // An address where nothing answers is kept (this device keeps trying it), and the error says how to go back.
    const unreachable = jsonError(await b(['workspace', 'relay', second]));
    expect(unreachable).toMatchObject({ code: 'RELAY_UNAVAILABLE', message: expect.stringContaining(`To go back: tessera workspace relay ${relay.url}`) });
    expect(jsonValue<RelayValue>(await b(['workspace', 'relay'])).relayUrl).toBe(second);
    expect(jsonValue<RelayValue>(await b(['workspace', 'relay', relay.url])).relayUrl).toBe(relay.url);
  }, 180_000);
});
