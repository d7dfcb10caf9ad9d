// Runs Electronegativity on the build (out/) and fails on any finding of medium severity or
// above that is not justified at the line. A justification is a preserved comment on the
// flagged line or the line just above it, in the source written as
//   /*! eng-disable CHECK_ID: why this is safe */
// (`/*!` keeps the comment through the bundler; a reason after the colon is required).
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { transformWithOxc } from 'vite';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const root = resolve(import.meta.dirname, '..');
const built = join(root, 'out');
if (!existsSync(built)) {
  console.error('electronegativity: build first (npm run build); out/ is missing.');
  process.exit(2);
}

// Electronegativity's AST walker predates class private members (#x) and gives up on any file
// that has them. Scan a copy of the build in which only those files are lowered to ES2021
// (WeakMap helpers, same statements in the same order, `/*!` comments kept), so every file is
// walked; a file it still cannot walk fails the scan below.
const input = mkdtempSync(join(tmpdir(), 'tessera-electronegativity-'));
cpSync(built, input, { recursive: true });
process.on('exit', () => rmSync(input, { recursive: true, force: true }));
for (const entry of readdirSync(input, { recursive: true })) {
  const file = join(input, String(entry));
  if (!/\.(c|m)?js$/.test(file)) continue;
  const code = readFileSync(file, 'utf8');
  if (!/(^|[^\w$'"`])#[A-Za-z_$]/m.test(code)) continue;
  const lowered = await transformWithOxc(code, file, { target: 'es2021' });
  writeFileSync(file, lowered.code);
}

const SEVERITY = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;

// Its bundled Babel parser needs to be told about syntax newer than it knows.
const parserPlugins = ['classProperties', 'classPrivateProperties', 'classPrivateMethods', 'optionalChaining', 'nullishCoalescingOperator', 'topLevelAwait'];
const result = await run({ input, isRelative: true, electronVersion, parserPlugins });

// A file the scanner cannot parse is a file it did not check: that is a failure too.
const unparsed = (result.errors ?? []).filter((error) => !error.tolerable);
for (const error of unparsed) console.error(`UNSCANNED ${error.file}: ${error.message}`);
const findings = result.issues.filter((issue) => (SEVERITY[issue.severity.name] ?? 0) >= SEVERITY.MEDIUM);

function justification(issue) {
  if (!issue.file || issue.file === 'N/A' || !issue.location) return null;
  const lines = readFileSync(join(input, issue.file), 'utf8').split('\n');
  const line = issue.location.line - 1;
  const pattern = new RegExp(`eng-disable\\s+${issue.id}\\s*:\\s*(\\S[^*]*)`);
  for (const candidate of [lines[line], lines[line - 1]]) {
    const match = candidate?.match(pattern);
    if (match) return match[1].trim();
  }
  return null;
}

let failures = 0;
for (const issue of findings) {
  const where = issue.file && issue.location ? `${issue.file}:${issue.location.line}` : '(global)';
  const reason = justification(issue);
  if (reason) {
    console.log(`justified ${issue.id} ${issue.severity.name} at ${where}: ${reason}`);
  } else {
    failures++;
    console.error(`FINDING ${issue.id} ${issue.severity.name}/${issue.confidence.name} at ${where}: ${issue.description}`);
  }
}
console.log(`electronegativity: ${findings.length} finding(s) of medium or above, ${failures} unjustified, ${unparsed.length} file(s) not parsed.`);
process.exit(failures === 0 && unparsed.length === 0 ? 0 : 1);
