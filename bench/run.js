// `npm run bench`: runs every benchmark and leaves the numbers in bench/RESULTS.md.
// Script benches (bench/*-bench.mjs) run as child processes; browser and flow benches
// (bench/**/*.bench.ts) run in the vitest `bench` project. Nothing here asserts on time.
// Pass --quick to ask each bench for its short variant.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const quick = process.argv.includes('--quick') ? ['--quick'] : [];
let failed = 0;

for (const file of readdirSync(here).filter((f) => f.endsWith('-bench.mjs')).sort()) {
  console.log(`\n== ${file}`);
  const run = spawnSync(process.execPath, [join(here, file), ...quick], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}

const hasVitestBenches = readdirSync(here, { recursive: true }).some((f) => String(f).endsWith('.bench.ts'));
if (hasVitestBenches) {
  console.log('\n== vitest bench project');
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'bench'], {
    stdio: 'inherit',
    env: { ...process.env, ...(quick.length ? { TESSERA_BENCH_QUICK: '1' } : {}) },
  });
  if (run.status !== 0) failed++;
}

console.log(failed === 0 ? '\nAll benchmarks ran; see bench/RESULTS.md.' : `\n${failed} benchmark run(s) failed.`);
process.exit(failed === 0 ? 0 : 1);
