// Runs Electronegativity on the build (out/) and fails on any finding of medium severity or
// above that is not justified at the line. A justification is a preserved comment on the
// flagged line or the line just above it, in the source written as
//   /*! eng-disable CHECK_ID: why this is safe */
// (`/*!` keeps the comment through the bundler; a reason after the colon is required).
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const root = resolve(import.meta.dirname, '..');
const input = join(root, 'out');
if (!existsSync(input)) {
  console.error('electronegativity: build first (npm run build); out/ is missing.');
  process.exit(2);
}

const SEVERITY = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;

const result = await run({ input, isRelative: true, electronVersion });
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
console.log(`electronegativity: ${findings.length} finding(s) of medium or above, ${failures} unjustified.`);
process.exit(failures === 0 ? 0 : 1);
