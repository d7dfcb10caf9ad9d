// Writes one "## <heading>" section of bench/RESULTS.md: replaces the section if it is there
// (up to the next "## "), appends it otherwise, and leaves every other section as it was.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RESULTS_FILE = join(import.meta.dirname, 'RESULTS.md');

export function writeResultsSection(heading: string, section: string, file = RESULTS_FILE): void {
  const results = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const body = section.trimEnd();
  // The heading must open a line: search with a newline in front (its index is then the
  // heading's own index in `results`).
  const start = `\n${results}`.indexOf(`\n## ${heading}\n`);
  if (start < 0) {
    writeFileSync(file, `${results.trimEnd()}\n\n${body}\n`);
    return;
  }
  const end = results.indexOf('\n## ', start + 1);
  const after = end >= 0 ? `\n\n${results.slice(end + 1)}` : '\n';
  writeFileSync(file, results.slice(0, start) + body + after);
}
