// The repository stands alone: a person who clones it has no sibling folders, so no tracked file
// may point outside it (to a sibling folder or a design document that is not in the repository).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const outside = ['../' + 'shared', 'DESIGN' + '.md'];

describe('the repository', () => {
  it('links to nothing outside itself', () => {
    const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n')
      .filter((file) => /\.(ts|tsx|js|mjs|cjs|json|md|sh|html|css|yml|yaml)$/.test(file) && file !== 'package-lock.json');
    const offenders = files.filter((file) => {
      const text = readFileSync(resolve(root, file), 'utf8');
      return outside.some((needle) => text.includes(needle));
    });
    expect(offenders).toEqual([]);
  });
});
