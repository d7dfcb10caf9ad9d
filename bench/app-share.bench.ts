// App sharing bench: the app's own path for "share 1,000 existing accounts with a member"
// (issue 17, target ≤ 2 s), through the real handler table (test/support/channel-harness.ts:
// the payload guard, zod, WorkspaceActions, the live SyncController saving to the vault file)
// and a real relay on 127.0.0.1, until the relay acknowledged every change. Per round, fresh
// apps: Alice's admits Bob and Carol (apps of their own, closed once admitted, so their
// materializing is not in the numbers), then
//  - `sharing.shareMany`: N vault accounts never shared before, with Bob (each account's doc
//    started: metadata, secrets, item key sealed to Alice's and Bob's devices),
//  - `sharing.shareMany`: the same N, now shared, with Carol too (the sync bench's Carol row,
//    through the app).
// ROUNDS rounds (medians reported, each round listed). In the first round only, for comparison,
// what a person sharing a selection had before the bulk channel: one `sharing.share` call per
// account, each saving the whole workspace (ONE_BY_ONE more accounts, with Bob).
// Writes the "App sharing" section of bench/RESULTS.md (the sync bench rewrites its own "Sync"
// section, so these numbers live beside it). Run: npx vitest run --project bench
// bench/app-share.bench.ts. No timed assertions.
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { expect, it } from 'vitest';
import { startRelay } from '../relay/server';
import { admitInto, joinedPair, startApp } from '../test/support/relay-apps';
import { benchAccounts } from './bench-accounts';
import { writeResultsSection } from './results-section';

const N = Number(process.env['APP_SHARE_BENCH_N'] ?? 1_000);
const ROUNDS = Number(process.env['APP_SHARE_BENCH_ROUNDS'] ?? 3);
const ONE_BY_ONE = Number(process.env['APP_SHARE_BENCH_ONE_BY_ONE'] ?? 100);

type Timing = { answered: number; published: number; cpuMs: number; load: number };
type Round = { first: Timing; again: Timing; single?: Timing };

/** One round on fresh apps and a fresh relay: the first share of N accounts with Bob, then with Carol (and, when asked, the one-by-one comparison). */
async function round(oneByOne: number): Promise<Round> {
  const relay = await startRelay({ dbPath: ':memory:', host: '127.0.0.1', port: 0 });
  const alice = startApp('alice');
  const others = [startApp('bob'), startApp('carol')] as const;
  try {
    for (const app of [alice, ...others]) await app.value('vault.create', { password: 'master-password-1' });
    const { workspaceId, bMemberId: bobId } = await joinedPair(alice, others[0], relay.url, 'member');
    const carolId = await admitInto(alice, others[1], workspaceId, 'member');
    for (const app of others) await app.close();

    const ids = alice.services.vault.unlocked().accounts.createMany(benchAccounts(N + oneByOne), null).map((r) => r.id);
    const bulkIds = ids.slice(0, N);
    const sync = alice.services.sync;
    await sync.idle(workspaceId, 60_000);

    /** Wall-clock until the call answered and until the relay acknowledged everything, and this process's CPU over the same time. */
    const measure = async (work: () => Promise<unknown>): Promise<Timing> => {
      const load = loadavg()[0]!;
      const cpu = process.cpuUsage();
      const start = performance.now();
      await work();
      const answered = performance.now() - start;
      await sync.idle(workspaceId, 600_000);
      const published = performance.now() - start;
      const used = process.cpuUsage(cpu);
      return { answered, published, cpuMs: (used.user + used.system) / 1000, load };
    };
    const shareMany = (memberId: string) =>
      alice.value<{ shared: number; started: number }>('sharing.shareMany', { workspaceId, accountIds: bulkIds, principal: `member:${memberId}`, role: 'collaborator' });

    let result: { shared: number; started: number } | undefined;
    const first = await measure(async () => (result = await shareMany(bobId)));
    expect(result).toEqual({ shared: N, started: N });
    const again = await measure(async () => (result = await shareMany(carolId)));
    expect(result).toEqual({ shared: N, started: 0 });
    const access = await alice.value<{ shares: { grants: { principal: string }[] }[] }>('sharing.accountAccess', { accountId: bulkIds[N - 1]! });
    expect(access.shares[0]!.grants.map((g) => g.principal)).toEqual(expect.arrayContaining([`member:${bobId}`, `member:${carolId}`]));
    if (!oneByOne) return { first, again };
    const single = await measure(async () => {
      for (const accountId of ids.slice(N)) await alice.value('sharing.share', { workspaceId, accountId, principal: `member:${bobId}`, role: 'collaborator' });
    });
    return { first, again, single };
  } finally {
    await alice.close();
    for (const app of others) await app.close().catch(() => {}); // closed already unless admission failed
    await relay.close();
  }
}

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;

it(`app sharing: ${N} existing accounts with a member through sharing.shareMany, until the relay acknowledged them (${ROUNDS} rounds)`, async () => {
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round(i === 0 ? ONE_BY_ONE : 0));
  const single = rounds[0]!.single;

  const n = N.toLocaleString('en-US');
  const ms = (x: number) => x.toFixed(0);
  const each = (pick: (r: Round) => Timing, field: keyof Timing) => rounds.map((r) => (field === 'load' ? pick(r)[field].toFixed(1) : ms(pick(r)[field]))).join(' / ');
  const row = (what: string, pick: (r: Round) => Timing, target: string) => {
    const published = median(rounds.map((r) => pick(r).published));
    return `| ${what} | ${ms(median(rounds.map((r) => pick(r).answered)))} | **${ms(published)}** (rounds: ${each(pick, 'published')}; ${target}) | ${ms(median(rounds.map((r) => pick(r).cpuMs)))} | ${each(pick, 'load')} |`;
  };
  const section = `## App sharing

Generated by \`npx vitest run --project bench bench/app-share.bench.ts\` on ${new Date().toISOString().slice(0, 10)}.

Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.
Issue 17's "share 1,000 existing accounts with a member" through the app's own path: the real handler table
(\`test/support/channel-harness.ts\`: payload guard, zod, \`WorkspaceActions\`, the live \`SyncController\` saving the
workspace to the vault file) and a real relay on 127.0.0.1 (\`startRelay\`, in-memory SQLite, default limits), all in
this process. Per round, fresh apps: Alice's admitted Bob and Carol, whose apps are closed before the measurements.
"Published": until Alice's sync client has every record acknowledged by the relay. Medians of ${ROUNDS} rounds (each
round listed). The protocol-level number (\`SyncPeer\` alone, no vault, no IPC) is the sync bench's Carol row
in "Sync".

| what (${n} accounts) | call answered (ms) | published (ms) | CPU (ms) | load (1 min) per round |
|---|---:|---:|---:|---:|
${row(`\`sharing.shareMany\` of ${n} vault accounts never shared, with Bob (each doc started)`, (r) => r.first, 'target ≤ 2,000')}
${row(`\`sharing.shareMany\` of the same ${n}, now shared, with Carol too`, (r) => r.again, 'target ≤ 2,000')}
${single ? `
Before the bulk channel, a person sharing a selection made one \`sharing.share\` call per account, each saving every doc
of the workspace: ${ONE_BY_ONE.toLocaleString('en-US')} more accounts with Bob that way took ${ms(single.published)} ms until published
(CPU ${ms(single.cpuMs)}; load ${single.load.toFixed(1)}), ${(single.published / ONE_BY_ONE).toFixed(1)} ms per account with ${(N + ONE_BY_ONE).toLocaleString('en-US')} docs in the
workspace, growing with it.
` : ''}
One \`sharing.shareMany\` call checks every account first (Owner of each, each exists: all or nothing), starts the docs
and grants in one turn (one envelope per doc, one for the team directory) and saves the workspace once. "CPU" is this
process's user + system time over the published interval (the relay runs in this process too, and its CPU with it).
The machine is shared with other sessions' builds and tests: compare rows of one run, and read the load beside them.
`;
  writeResultsSection('App sharing', section);
  console.log(section);
}, 1_800_000);
