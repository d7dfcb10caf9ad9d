// bench/results-section.ts: one section of RESULTS.md replaced or appended, the rest kept.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeResultsSection } from '../../../bench/results-section';

describe('writeResultsSection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-results-'));
  const file = join(dir, 'RESULTS.md');
  afterEach(() => rmSync(file, { force: true }));

  it('replaces a middle section and keeps its neighbours and the blank lines between them', () => {
    writeFileSync(file, '# Benchmark results\n\n## Vault\n\nold vault\n\n## UI\n\nold ui\nmore\n\n## Sync\n\nsync\n');
    writeResultsSection('UI', '## UI\n\nnew ui\n', file);
    expect(readFileSync(file, 'utf8')).toBe('# Benchmark results\n\n## Vault\n\nold vault\n\n## UI\n\nnew ui\n\n## Sync\n\nsync\n');
  });

  it('replaces the last section and appends a missing one', () => {
    writeFileSync(file, '# Benchmark results\n\n## Vault\n\nv\n\n## Sync\n\nold\n');
    writeResultsSection('Sync', '## Sync\n\nnew', file);
    writeResultsSection('Rotation', '## Rotation\n\nr\n', file);
    expect(readFileSync(file, 'utf8')).toBe('# Benchmark results\n\n## Vault\n\nv\n\n## Sync\n\nnew\n\n## Rotation\n\nr\n');
  });

  it('does not take a heading that only starts with the same words', () => {
    writeFileSync(file, '# Benchmark results\n\n## UI list extras\n\nkeep\n\n### UI\n\nsub\n');
    writeResultsSection('UI', '## UI\n\nnew\n', file);
    expect(readFileSync(file, 'utf8')).toBe('# Benchmark results\n\n## UI list extras\n\nkeep\n\n### UI\n\nsub\n\n## UI\n\nnew\n');
  });

  it('starts the file when there is none', () => {
    writeResultsSection('Vault', '## Vault\n\nv\n', file);
    expect(readFileSync(file, 'utf8')).toBe('# Benchmark results\n\n## Vault\n\nv\n');
  });
});
