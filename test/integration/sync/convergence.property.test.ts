import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { teamDocId } from '../../../protocol/doc-ids';
import { workspaceRelayAccess } from '../../../protocol/relay-access';
import { SyncClient } from '../../../main/sync/sync-client';
import { SyncPeer } from '../../../main/sync/sync-peer';
import { Workspace } from '../../../main/sync/workspace';
import { RelayHub } from '../../../relay/relay-hub';
import { readAll } from '../../../relay/log-store';
import { SqliteLogStore } from '../../../relay/sqlite-log-store';
import { person } from '../../unit/sync/chain-helpers';
import { ControlledNetwork } from './controlled-network';

const tick = () => new Promise((r) => setImmediate(r));

type Op =
  | { t: 'edit'; node: number; kind: 'map' | 'array' | 'text' | 'secret'; n: number }
  | { t: 'rekey'; node: number }
  | { t: 'deliver'; node: number; direction: 'up' | 'down'; count: number; duplicate: boolean }
  | { t: 'cut' | 'heal'; node: number }
  | { t: 'redeliver'; node: number; n: number };

const node = fc.integer({ min: 0, max: 2 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('edit' as const), node, kind: fc.constantFrom('map' as const, 'array' as const, 'text' as const, 'secret' as const), n: fc.nat(50) }),
  fc.record({ t: fc.constant('deliver' as const), node, direction: fc.constantFrom('up' as const, 'down' as const), count: fc.integer({ min: 1, max: 4 }), duplicate: fc.boolean() }),
  fc.record({ t: fc.constant('cut' as const), node }),
  fc.record({ t: fc.constant('heal' as const), node }),
  fc.record({ t: fc.constant('redeliver' as const), node, n: fc.nat(100) }),
  fc.record({ t: fc.constant('rekey' as const), node: fc.integer({ min: 0, max: 1 }) }),
);

async function setUp() {
  const [alice, bob, carol] = [person('alice'), person('bob'), person('carol')];
  const workspace = Workspace.create(alice.identity, alice.device);
  workspace.addMember(bob.request, 'admin');
  workspace.addMember(carol.request, 'member');
  const people = [alice, bob, carol];
  const peers = people.map((p, i) => new SyncPeer(i === 0 ? workspace : Workspace.open(workspace.workspaceId, p.device, workspace.entries())));
  // One account owned by Alice and Bob, which Carol may use as a Collaborator.
  const account = peers[0]!.createAccount('acct');
  account.doc.doc.transact(() => {
    account.doc.grant(`member:${bob.identity.memberId}`, 'owner');
    account.doc.grant(`member:${carol.identity.memberId}`, 'collaborator');
    peers[0]!.reconcileItemKey(account.doc);
  });
  for (const peer of peers.slice(1)) peer.account(account.doc.docId);

  const store = new SqliteLogStore(':memory:');
  const network = new ControlledNetwork(new RelayHub(store));
  const clients = peers.map((peer, i) => {
    const client = new SyncClient(network.connector(i), { retryDelayMs: () => 2, access: workspaceRelayAccess(peer.workspace) });
    for (const log of peer.logs()) client.attach(log);
    client.start();
    return client;
  });
  const rejected: string[] = [];
  peers.forEach((p, i) => p.onRejected((r) => rejected.push(`${people[i]!.name}: ${r.result.code} ${r.result.reason}`)));
  return { people, peers, clients, network, store, docId: account.doc.docId, rejected };
}

describe('convergence', () => {
  it('three peers converge after random partitions, reorderings and duplicated messages', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        const { people, peers, clients, network, store, docId, rejected } = await setUp();
        try {
          for (const o of ops) {
            const peer = peers[o.node]!;
            if (o.t === 'edit') {
              if (o.kind === 'map') peer.team.doc.setPolicy(`p${o.n % 3}`, { length: o.n, by: people[o.node]!.name });
              if (o.kind === 'array') peer.team.doc.appendAudit({ n: o.n, by: people[o.node]!.name });
              if (o.kind === 'text') {
                const text = peer.team.doc.doc.getText('notes');
                text.insert(Math.min(o.n, text.length), `${people[o.node]!.name[0]}${o.n}`);
              }
              if (o.kind === 'secret' && o.node < 2) {
                const account = peer.account(docId).doc;
                const [key] = account.openItemKeys(peer.workspace.device);
                if (key) account.writeSecret('password', `pw-${people[o.node]!.name}-${o.n}`, key, { deviceId: peer.workspace.device.certificate.deviceId, memberId: peer.memberId });
              }
            }
            if (o.t === 'deliver') network.deliver(o.node, o.direction, o.count, o.duplicate);
            // A new team epoch mid-stream: updates sealed under it may arrive before the key does.
            if (o.t === 'rekey') peer.workspace.rekey();
            if (o.t === 'cut') network.cut(o.node);
            if (o.t === 'heal') network.heal(o.node);
            if (o.t === 'redeliver') {
              // A copy of something this peer already received arrives again (say, over the LAN as well).
              const seen = clients[o.node]!.status().logs.find((l) => l.docId === teamDocId(peer.workspace.workspaceId))!.lastSeq;
              const records = (await readAll(store, teamDocId(peer.workspace.workspaceId))).filter((r) => r.seq <= seen);
              if (records.length) expect(['duplicate', 'applied']).toContain(peer.team.replica.receive(records[o.n % records.length]!.record).status);
            }
            await tick();
          }

          network.healAll();
          for (let round = 0; round < 2000; round++) {
            const moved = network.flush();
            await tick();
            const idle = clients.every((c) => {
              const s = c.status();
              return s.connected && s.logs.every((l) => l.live && !l.unacknowledged);
            });
            if (idle && !moved && round > 3) break;
          }

          expect(rejected).toEqual([]);
          const teamStates = peers.map((p) => ({ ...p.team.doc.doc.toJSON(), notes: p.team.doc.doc.getText('notes').toString() }));
          expect(teamStates[1]).toEqual(teamStates[0]);
          expect(teamStates[2]).toEqual(teamStates[0]);
          const vectors = peers.map((p) => Y.encodeStateVector(p.team.doc.doc));
          expect(vectors[1]).toEqual(vectors[0]);
          expect(vectors[2]).toEqual(vectors[0]);
          const secrets = peers.map((p) => {
            const account = p.account(docId).doc;
            return account.readSecret('password', account.openItemKeys(p.workspace.device));
          });
          expect(secrets[1]).toEqual(secrets[0]);
          expect(secrets[2]).toEqual(secrets[0]);
        } finally {
          for (const c of clients) c.stop();
          await store.close();
        }
      }),
      {
        numRuns: 40,
        // Always also run: a duplicated challenge to the device that then rekeys (it once
        // answered the copy with a spent nonce and stayed blocked after the key advanced).
        // And: a duplicated proof from a device that has just rekeyed (the relay spends the
        // nonce the device then answers with; it once took that refusal as final and stayed
        // on the old key's chain-only access).
        examples: [
          [[{ t: 'deliver', node: 1, direction: 'down', count: 1, duplicate: true }, { t: 'cut', node: 0 }, { t: 'rekey', node: 1 }]],
          [[{ t: 'deliver', node: 1, direction: 'down', count: 1, duplicate: false }, { t: 'rekey', node: 1 }, { t: 'deliver', node: 1, direction: 'up', count: 1, duplicate: true }]],
        ],
      },
    );
  }, 120_000);
});
