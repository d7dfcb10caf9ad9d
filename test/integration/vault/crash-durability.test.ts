import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestVault, openTestVault, PASSWORD } from '../../unit/vault/helpers';

const repoRoot = resolve(import.meta.dirname, '../../..');
let bundleDir: string;

// The child runs in plain Node, so bundle its TypeScript once. The bundle sits under
// node_modules/ so its bare imports (better-sqlite3, argon2) resolve to the project's.
beforeAll(async () => {
  const cache = join(repoRoot, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  bundleDir = mkdtempSync(join(cache, 'tessera-crash-writer-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: repoRoot,
    build: {
      ssr: join(import.meta.dirname, 'fixtures/crash-writer.ts'),
      outDir: bundleDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'crash-writer.mjs' } },
    },
  });
});

afterAll(() => {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

describe('durability', () => {
  it('loses nothing that was committed when the writer is killed with SIGKILL mid-write', async () => {
    const { vault, path } = await createTestVault();
    vault.close();
    const child = spawn(process.execPath, [join(bundleDir, 'crash-writer.mjs'), path, PASSWORD], { stdio: ['ignore', 'pipe', 'pipe'] });
    const committed = new Map<string, string>();
    let stderr = '';
    let buffered = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    await new Promise<void>((done, fail) => {
      // A guard, not a timing: on a loaded CI machine 300 fsync'd commits took over 20 s.
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error(`the writer printed only ${committed.size} ids in 60 s: ${stderr}`));
      }, 60_000);
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          const { id, password } = JSON.parse(line) as { id: string; password: string };
          committed.set(id, password);
        }
        if (committed.size >= 300) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          done();
        }
      });
      child.on('exit', () => {
        if (committed.size < 300) fail(new Error(`the writer exited early: ${stderr}`));
      });
    });
    expect(await exited).toBe('SIGKILL');

    const reopened = openTestVault(path);
    await reopened.unlock(PASSWORD);
    // The writer may have committed one more change after its last line was read (the edit that
    // follows a create): the last account holds its acknowledged password or that edit's; every
    // other one exactly what was acknowledged.
    const lastId = [...committed.keys()].at(-1);
    for (const [id, password] of committed) {
      const stored = reopened.accounts.get(id).password;
      if (id === lastId) expect([password, `${password}-edited`], id).toContain(stored);
      else expect(stored, id).toBe(password);
    }
    expect(reopened.accounts.checkIntegrity()).toEqual([]);
    expect(reopened.audit.verify().ok).toBe(true);
    expect(reopened.accounts.list().length).toBeGreaterThanOrEqual(committed.size);
  });
});
