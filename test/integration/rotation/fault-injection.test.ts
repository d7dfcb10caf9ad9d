// Fault injection: a child process rotates a fixture account and is killed with SIGKILL at
// every journal transition, right after the site stored the change but before its answer
// left, and at random moments of the site interaction. After a restart and start-up
// recovery, the vault's current password is the one the site accepts, or the account is
// flagged RECONCILE with both candidates kept (one of which the site accepts).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RotationEngine } from '../../../main/rotation/rotation-engine';
import { recoverRotations } from '../../../main/rotation/rotation-recovery';
import { browserRotationSite } from '../../../main/rotation/rotation-site';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import type { ChangePasswordSiteOptions } from '../../fixtures/sites/change-password-kit/change-password-site';
import { start as startClassic } from '../../fixtures/sites/change-password-classic/server';
import { start as startRejects } from '../../fixtures/sites/change-password-rejects-symbols/server';
import { createTestVault, openTestVault, PASSWORD } from '../../unit/vault/helpers';
import { useRotationBrowser } from './browser';

const repoRoot = resolve(import.meta.dirname, '../../..');
let bundleDir: string;
const browser = useRotationBrowser();

beforeAll(async () => {
  const cache = join(repoRoot, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  bundleDir = mkdtempSync(join(cache, 'tessera-rotation-child-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: repoRoot,
    build: {
      ssr: join(import.meta.dirname, 'fixtures/rotation-child.ts'),
      outDir: bundleDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'rotation-child.mjs' } },
    },
  });
}, 120_000);

afterAll(() => {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

/** Deterministic delays for the random kill points (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type KillPoint = { kind: 'state'; state: string } | { kind: 'site-accepted' } | { kind: 'random'; seed: number } | { kind: 'none' };

interface Case {
  name: string;
  kill: KillPoint;
  site?: 'classic' | 'rejects';
  /** The journal's final state after recovery, where it is determined. */
  expected?: string;
}

const CASES: Case[] = [
  { name: 'after PREPARE → ABORTED', kill: { kind: 'state', state: 'PREPARE' }, expected: 'ABORTED' },
  { name: 'after LOGIN_OLD → ABORTED', kill: { kind: 'state', state: 'LOGIN_OLD' }, expected: 'ABORTED' },
  { name: 'after IN_DOUBT, before the submit → ROLLED_BACK', kill: { kind: 'state', state: 'IN_DOUBT' }, expected: 'ROLLED_BACK' },
  { name: 'after the site stored the change, before its answer → COMMITTED', kill: { kind: 'site-accepted' }, expected: 'COMMITTED' },
  { name: 'after VERIFY_NEW → COMMITTED', kill: { kind: 'state', state: 'VERIFY_NEW' }, expected: 'COMMITTED' },
  { name: 'between the vault update and COMMITTED → COMMITTED', kill: { kind: 'state', state: 'COMMITTING' }, expected: 'COMMITTED' },
  { name: 'after COMMITTED → COMMITTED', kill: { kind: 'state', state: 'COMMITTED' }, expected: 'COMMITTED' },
  { name: 'after VERIFY_OLD on a site that rejected the new password → ROLLED_BACK', kill: { kind: 'state', state: 'VERIFY_OLD' }, site: 'rejects', expected: 'ROLLED_BACK' },
  ...[11, 23, 37, 41, 59].map((seed) => ({ name: `at a random moment (seed ${seed})`, kill: { kind: 'random', seed } as const })),
];

async function runChild(path: string, accountId: string, kill: KillPoint, killHook: { kill?: () => void }): Promise<{ signal: NodeJS.Signals | null; states: string[] }> {
  const env = { ...process.env, ...(kill.kind === 'state' ? { TESSERA_FAULT_AT: kill.state } : {}) };
  const child = spawn(process.execPath, [join(bundleDir, 'rotation-child.mjs'), path, PASSWORD, accountId], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const states: string[] = [];
  let stderr = '';
  let buffered = '';
  killHook.kill = () => child.kill('SIGKILL');
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const parsed = JSON.parse(line) as { state?: string };
      if (parsed.state) states.push(parsed.state);
      if (parsed.state === 'PREPARE' && kill.kind === 'random') {
        // Somewhere in the login, the search for the change page, the submit or a verification.
        setTimeout(() => child.kill('SIGKILL'), Math.floor(seeded(kill.seed)() * 6_000));
      }
    }
  });
  const signal = await new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, sig) => done(sig)));
  if (kill.kind !== 'random' && signal !== 'SIGKILL') throw new Error(`the child was not killed (states ${states.join(' → ')}): ${stderr}`);
  return { signal, states };
}

describe('rotation survives SIGKILL anywhere', () => {
  it.each(CASES)('$name', async ({ kill, site: which = 'classic', expected }) => {
    const killHook: { kill?: () => void } = {};
    const options: Partial<ChangePasswordSiteOptions> = kill.kind === 'site-accepted' ? { beforeRespond: () => killHook.kill?.() } : {};
    const site = await (which === 'rejects' ? startRejects(options) : startClassic(options));
    try {
      const { vault, path } = await createTestVault();
      const { id } = vault.accounts.create({ name: 'Fixture', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD });
      vault.close();

      const { states } = await runChild(path, id, kill, killHook);

      const reopened = openTestVault(path);
      await reopened.unlock(PASSWORD);
      const engine = new RotationEngine({ vault: reopened, site: browserRotationSite({ browser: async () => browser.browser(), stepTimeoutMs: 6_000 }) });
      await recoverRotations(engine, reopened);

      const onSite = site.state.passwords.get(FIXTURE_USERNAME);
      const entries = engine.journal.forAccount(id);
      const last = entries.at(-1);
      const context = `states ${states.join(' → ')}; journal ${last?.state ?? 'none'}`;
      expect(engine.journal.interrupted(), context).toEqual([]);
      if (expected) expect(last?.state, context).toBe(expected);
      if (last?.state === 'RECONCILE') {
        expect([last.data.oldPassword, last.data.newPassword], context).toContain(onSite);
      } else {
        expect(reopened.accounts.get(id).password, context).toBe(onSite);
      }
      if (onSite !== FIXTURE_PASSWORD && last?.state !== 'RECONCILE') {
        expect(reopened.accounts.passwordHistory(id).map((h) => [h.password, h.reason]), context).toEqual([[FIXTURE_PASSWORD, 'rotation']]);
      }
      expect(reopened.audit.verify().ok).toBe(true);
    } finally {
      await site.close();
    }
  }, 90_000);
});
