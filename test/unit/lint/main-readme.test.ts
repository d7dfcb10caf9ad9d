// Keeps main/README.md true: every folder and top-level file of main/ has its line in the map,
// and the map names nothing that is gone.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const main = resolve(import.meta.dirname, '../../../main');
const readme = readFileSync(resolve(main, 'README.md'), 'utf8');
const rows = readme.split('\n').filter((line) => line.startsWith('| `'));
const named = new Set(rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/\/$/, ''))));

describe('main/README.md', () => {
  const entries = readdirSync(main, { withFileTypes: true }).filter((e) => e.isDirectory() || e.name.endsWith('.ts'));

  it.each(entries.map((e) => e.name))('lists %s', (name) => {
    expect(named.has(name)).toBe(true);
  });

  it('names only folders and files that exist', () => {
    const present = new Set(entries.map((e) => e.name));
    expect([...named].filter((name) => !present.has(name))).toEqual([]);
  });
});
