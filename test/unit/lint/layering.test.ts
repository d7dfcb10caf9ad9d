// Proves the layering guardrails of issue 18 with the real ESLint configuration and the real
// import graph: dependencies point down the layer table, a domain with an index.ts is imported
// only through it, and no file takes part in an import cycle.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importCycles, importEdges, sourceFiles, type ImportEdge } from '../../support/import-graph';
import { EARLY_ENTRIES, LIGHT_ENTRIES } from '../../../eslint-rules/layers.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'tessera/layers').map((m) => m.message);
}

describe('the layer table (eslint-rules/layers.js)', () => {
  it.each([
    ['main/vault/x.ts', "import { RotationService } from '../rotation/rotation-service';\nvoid RotationService;", /may not import main\/rotation/],
    ['main/crypto/x.ts', "import { Vault } from '../vault';\nvoid Vault;", /may not import main\/vault/],
    ['relay/x.ts', "import { Vault } from '../main/vault';\nvoid Vault;", /relay may import only/],
    ['protocol/x.ts', "import { Vault } from '../main/vault';\nvoid Vault;", /protocol may import only/],
    ['automation/login/x.ts', "import { InboxService } from '../../main/inbox';\nvoid InboxService;", /automation may import only/],
    ['main/sync/x.ts', "import { Vault } from '../vault';\nvoid Vault;", /main\/sync may import only/],
    ['main/ipc/x.ts', "import { runCli } from '../cli/program';\nvoid runCli;", /both layer 5/],
    ['main/vault/x.ts', "import { createServices } from '../services';\nvoid createServices;", /may not import main\/services\.ts/],
    ['main/newthing/x.ts', "import { Vault } from '../vault';\nvoid Vault;", /not in the layer table/],
  ])('rejects %s: %s', async (file, code, message) => {
    const errors = await layerErrors(file, code);
    expect(errors.join('\n')).toMatch(message);
  });

  it.each([
    ['main/sharing/x.ts', "import { Vault } from '../vault';\nvoid Vault;"],
    ['main/rotation/x.ts', "import { LoginService } from '../logins/login-service';\nvoid LoginService;"],
    ['main/vault/x.ts', "import { TesseraError } from '../errors';\nvoid TesseraError;"],
    ['relay/x.ts', "import { parseDocId } from '../protocol/doc-ids';\nvoid parseDocId;"],
    ['main/sharing/x.ts', "import { startRelay } from '../../relay/server';\nvoid startRelay;"],
    ['main/app/x.ts', "import { createServices } from '../services';\nvoid createServices;"],
  ])('allows %s: %s', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});

describe('imports through a domain index', () => {
  it('rejects a deep import into a domain that has an index.ts, and allows its folder', async () => {
    expect((await layerErrors('main/sharing/x.ts', "import { VaultManager } from '../vault/vault-manager';\nvoid VaultManager;")).join()).toMatch(/through its index/);
    expect(await layerErrors('main/sharing/x.ts', "import { VaultManager } from '../vault';\nvoid VaultManager;")).toEqual([]);
    expect(await layerErrors('main/vault/x.ts', "import { VaultManager } from './vault-manager';\nvoid VaultManager;")).toEqual([]);
  });

  it('allows the light entries, which import nothing but main/errors (the CLI loads them at start)', async () => {
    expect(await layerErrors('main/cli/x.ts', "import { TRASH_RETENTION_MS } from '../vault/trash-retention';\nvoid TRASH_RETENTION_MS;")).toEqual([]);
    const edges = importEdges(sourceFiles(['main']));
    for (const entry of LIGHT_ENTRIES) {
      const imports = edges.filter((edge) => edge.from === entry).map((edge) => edge.to);
      expect(imports.filter((to) => to !== 'main/errors.ts'), entry).toEqual([]);
      // No package either (node: built-ins aside).
      const text = readFileSync(resolve(ROOT, entry), 'utf8');
      expect([...text.matchAll(/from '([^'.][^']*)'/g)].map((m) => m[1]).filter((s) => !s!.startsWith('node:')), entry).toEqual([]);
    }
  });
});

describe('the early entries (eslint-rules/layers.js)', () => {
  it('import only the KDF rules: starting Argon2id before the vault index loads stays cheap', () => {
    expect(EARLY_ENTRIES).toEqual(['main/vault/unlock-kdf.ts']);
    const edges = importEdges(sourceFiles(['main']));
    expect(edges.filter((edge) => edge.from === EARLY_ENTRIES[0]).map((edge) => edge.to)).toEqual(['main/crypto/kdf.ts']);
  });
});

describe('import cycles', () => {
  it('finds a cycle through several files and a file importing itself', () => {
    const edges: ImportEdge[] = [
      { from: 'a.ts', to: 'b.ts', specifier: './b' },
      { from: 'b.ts', to: 'c.ts', specifier: './c' },
      { from: 'c.ts', to: 'a.ts', specifier: './a' },
      { from: 'd.ts', to: 'a.ts', specifier: './a' },
      { from: 'e.ts', to: 'e.ts', specifier: './e' },
    ];
    expect(importCycles(edges)).toEqual(expect.arrayContaining([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]));
    expect(importCycles(edges)).toHaveLength(2);
  });

  it('finds none in the project (values and types, static and dynamic imports)', () => {
    const edges = importEdges(sourceFiles(['main', 'automation', 'relay', 'protocol', 'renderer', 'preload']));
    expect(edges.length).toBeGreaterThan(500);
    expect(importCycles(edges)).toEqual([]);
  });
});
