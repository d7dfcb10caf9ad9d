// Vault benchmarks: unlock time of 1k / 10k / 100k-account vaults against the bare
// Argon2id call with the same parameters, search latency over 100k accounts, insert
// rate (bulk and single), and RSS after unlocking 100k. Run: node bench/vault-bench.mjs
// (add --quick for 1k/10k only). Writes the "Vault" section of bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_KDF_COST, Vault, type AccountInput } from '../main/vault';
import { deriveKey, newKdfParams } from '../main/crypto/kdf';

const PASSWORD = 'bench master password';
const SIZES = process.argv.includes('--quick') ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const PAIRS = 7;
const RESULTS = join(import.meta.dirname ?? 'bench', 'RESULTS.md');

/** Deterministic data, so runs are comparable. */
function* accounts(count: number, seed = 42): Generator<AccountInput> {
  let state = seed;
  const rand = (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 8) % n; // the low bits of an LCG cycle quickly
  };
  const words = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'tyrell', 'cyberdyne', 'wonka', 'vandelay', 'soylent', 'aperture', 'massive', 'dynamic', 'nimbus', 'quantum', 'polar', 'summit', 'harbor'];
  const kinds = ['Portal', 'Admin', 'Billing', 'Support', 'Analytics', 'Cloud', 'Mail', 'Social', 'Ads', 'Shop'];
  const first = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
  const tags = ['vendor', 'social', 'finance', 'ops', 'marketing', 'dev', 'legal', 'hr'];
  for (let i = 0; i < count; i++) {
    const word = words[rand(words.length)]!;
    const host = `${word}${rand(5000)}.example.com`;
    yield {
      name: `${word[0]!.toUpperCase()}${word.slice(1)} ${kinds[rand(kinds.length)]} ${i}`,
      urls: [`https://${host}/login`],
      username: `${first[rand(first.length)]}.${rand(10_000)}@team.example`,
      password: `pw-${i}-${rand(1e9).toString(36)}`,
      tags: [tags[rand(tags.length)]!],
      notes: i % 10 === 0 ? 'some notes about this account' : '',
    };
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timeIt(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function buildVault(dir: string, count: number): Promise<{ path: string; insertPerSecond: number }> {
  const path = join(dir, `vault-${count}.tessera`);
  const { vault } = await Vault.create(path, PASSWORD, { idleLockMs: 0 });
  const batch: AccountInput[] = [];
  let elapsed = 0;
  for (const input of accounts(count)) {
    batch.push(input);
    if (batch.length === 5_000) {
      elapsed += await timeIt(() => vault.accounts.createMany(batch, 'bench'));
      batch.length = 0;
    }
  }
  if (batch.length > 0) elapsed += await timeIt(() => vault.accounts.createMany(batch, 'bench'));
  vault.close();
  return { path, insertPerSecond: count / (elapsed / 1000) };
}

/** RSS of a fresh process that opens and unlocks the vault and runs one search. */
function rssAfterUnlockMiB(path: string): number {
  const out = execFileSync(process.execPath, [process.argv[1]!, '--rss-child', path], { encoding: 'utf8' });
  return Number(out.trim());
}

async function rssChild(path: string): Promise<void> {
  const vault = Vault.open(path, { idleLockMs: 0 });
  await vault.unlock(PASSWORD);
  vault.accounts.search('acme');
  process.stdout.write(String(Math.round(process.memoryUsage().rss / 1024 / 1024)));
  vault.close();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
  const lines: string[] = [];
  const log = (line: string): void => {
    console.log(line);
    lines.push(line);
  };
  try {
    const params = newKdfParams();
    const bareArgon = async (): Promise<number> => timeIt(async () => (await deriveKey(PASSWORD, params)).fill(0));
    await bareArgon(); // warm-up
    const cost = DEFAULT_KDF_COST;
    log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`);
    log(`Argon2id m=${cost.memoryKiB / 1024} MiB, t=${cost.iterations}, p=${cost.parallelism}. Unlock and the bare Argon2 call alternate (${PAIRS} pairs per size, medians), so background load hits both alike.`);
    log('');
    log('| accounts | bulk insert (accounts/s) | bare argon2 (ms) | unlock (ms) | unlock / argon2 | first list after unlock (ms) | first search (ms) |');
    log('|---:|---:|---:|---:|---:|---:|---:|');
    let largest = '';
    for (const count of SIZES) {
      const { path, insertPerSecond } = await buildVault(dir, count);
      const bare: number[] = [];
      const unlocks: number[] = [];
      const firstLists: number[] = [];
      let firstSearch = 0;
      for (let i = 0; i < PAIRS; i++) {
        bare.push(await bareArgon());
        const vault = Vault.open(path, { idleLockMs: 0 });
        unlocks.push(await timeIt(() => vault.unlock(PASSWORD)));
        firstLists.push(await timeIt(() => vault.accounts.list()));
        if (i === 0) {
          vault.lock();
          await vault.unlock(PASSWORD);
          firstSearch = await timeIt(() => vault.accounts.search('acme'));
        }
        vault.close();
      }
      const argonMs = median(bare);
      const unlockMs = median(unlocks);
      log(
        `| ${count.toLocaleString('en')} | ${Math.round(insertPerSecond).toLocaleString('en')} | ${argonMs.toFixed(0)} | ${unlockMs.toFixed(0)} | ${(unlockMs / argonMs).toFixed(3)} | ${median(firstLists).toFixed(0)} | ${firstSearch.toFixed(0)} |`,
      );
      largest = path;
    }
    log('');
    log('Unlock derives the key, opens the sealed manifest and writes the signed `vault.unlock` entry; summaries are decrypted on first use ("first list": every shard; "first search": every shard plus the search index, its text and word dictionary).');
    log('');

    const largestCount = SIZES[SIZES.length - 1]!;
    const vault = Vault.open(largest, { idleLockMs: 0 });
    await vault.unlock(PASSWORD);
    vault.accounts.search('warm-up');
    const summaries = vault.accounts.list();
    const queries: string[] = [];
    const kindOf: string[] = [];
    const KINDS = ['prefix', 'word', 'host part', 'username', 'subsequence', 'exact name', 'two tokens', 'one letter', 'no match'];
    for (let i = 0; i < 300; i++) {
      const entry = summaries[(i * 7919) % summaries.length]!;
      if (entry.status !== 'ok') continue;
      const kinds = [
        entry.name.slice(0, 3), // prefix
        entry.name.split(' ')[1]!.slice(0, 4).toLowerCase(), // word prefix
        entry.hosts[0]!.slice(2, 7), // substring of a host
        entry.username.slice(0, 6), // username prefix
        entry.name.replace(/[aeiou ]/gi, '').slice(0, 4), // subsequence
        entry.name, // exact name
        `${entry.name.split(' ')[0]} ${entry.tags[0]}`, // two tokens
        'a', // one character: matches nearly everything
        'zzqx', // no match
      ];
      queries.push(kinds[i % kinds.length]!);
      kindOf.push(KINDS[i % kinds.length]!);
    }
    const latencies: number[] = [];
    const cpuTimes: number[] = [];
    for (const q of queries) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      vault.accounts.search(q);
      latencies.push(performance.now() - start);
      const cpu = process.cpuUsage(cpuStart);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    log(`Search over ${largestCount.toLocaleString('en')} accounts (${latencies.length} queries: prefixes, words, host substrings, usernames, subsequences, exact names, two tokens, one letter, no match; top 50):`);
    log(`wall p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms, max ${Math.max(...latencies).toFixed(2)} ms; CPU time p50 ${percentile(cpuTimes, 50).toFixed(2)} ms, p95 ${percentile(cpuTimes, 95).toFixed(2)} ms.`);
    const byKind = KINDS.map((kind) => `${kind} ${percentile(cpuTimes.filter((_, q) => kindOf[q] === kind), 95).toFixed(2)}`);
    log(`CPU time p95 by kind of query (ms): ${byKind.join(', ')}.`);
    log(`Load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(', ')} (on ${cpus().length} cores).`);

    const singles = 200;
    const singleMs = await timeIt(() => {
      let i = 0;
      for (const input of accounts(singles, 7)) vault.accounts.create({ ...input, name: `${input.name} single ${i++}` });
    });
    log(`Single inserts into the ${largestCount.toLocaleString('en')}-account vault (one transaction + fsync + signed audit entry each): ${Math.round(singles / (singleMs / 1000))} accounts/s.`);
    vault.close();
    log(`RSS of a fresh process after unlocking ${largestCount.toLocaleString('en')} accounts and one search: ${rssAfterUnlockMiB(largest)} MiB.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writeSection(lines);
}

function writeSection(lines: string[]): void {
  const section = `## Vault\n\nGenerated by \`node bench/vault-bench.mjs\` on ${new Date().toISOString().slice(0, 10)}.\n\n${lines.join('\n')}\n`;
  const existing = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n\n';
  const pattern = /## Vault\n[\s\S]*?(?=\n## |$)/;
  const next = pattern.test(existing) ? existing.replace(pattern, section) : `${existing.trimEnd()}\n\n${section}`;
  writeFileSync(RESULTS, next);
}

if (process.argv[2] === '--rss-child') await rssChild(process.argv[3]!);
else await main();
