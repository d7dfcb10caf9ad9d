// Runs npm scripts side by side and fails if any fails: `npm test` uses it to run lint, the
// type-checks and the build at once (each is mostly one core; CI has two). Each script's output
// is held and printed whole when it ends, so logs do not interleave; a line per script says
// how long it took. Usage: node scripts/run-parallel.js SCRIPT [SCRIPT…] [-- then SCRIPT…]
// — scripts after `--` start once all before it have passed (e.g. a scan of the build).
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs `npm run NAME`; resolves with its exit code once its output is printed. */
function runScript(name) {
  const started = Date.now();
  const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  return new Promise((resolve) => {
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) => {
      const status = code === 0 ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`;
      process.stdout.write(`\n== ${name}: ${status} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(code ?? 1);
    });
  });
}

async function main(args) {
  const groups = [[]];
  for (const arg of args) {
    if (arg === '--') groups.push([]);
    else groups.at(-1).push(arg);
  }
  if (groups.flat().length === 0) {
    process.stderr.write('usage: node scripts/run-parallel.js SCRIPT [SCRIPT…] [-- SCRIPT…]\n');
    return 2;
  }
  for (const group of groups) {
    const codes = await Promise.all(group.map(runScript));
    const failed = group.filter((_, i) => codes[i] !== 0);
    if (failed.length > 0) {
      process.stderr.write(`\nrun-parallel: ${failed.join(', ')} failed.\n`);
      return 1;
    }
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
