// Two processes open the same vault and run the scheduler at once: every job runs exactly
// once, and each policy occurrence is enqueued once.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyScheduler } from '../../../main/rotation/schedule/policy-scheduler';
import { DecryptApprovals } from '../../../main/rotation/approvals/decrypt-approvals';
import { createTestVault, openTestVault, PASSWORD, tempDir } from '../../unit/vault/helpers';

const repoRoot = resolve(import.meta.dirname, '../../..');
let bundleDir: string;

beforeAll(async () => {
  const cache = join(repoRoot, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  bundleDir = mkdtempSync(join(cache, 'tessera-scheduler-child-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: repoRoot,
    build: {
      ssr: join(import.meta.dirname, 'fixtures/scheduler-child.ts'),
      outDir: bundleDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'scheduler-child.mjs' } },
    },
  });
}, 120_000);

afterAll(() => {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

describe('scheduler across processes', () => {
  it('never runs a job twice when two processes schedule the same vault', async () => {
    const { vault, path } = await createTestVault();
    const ids = Array.from({ length: 12 }, (_, i) => vault.accounts.create({ name: `Account ${i}`, urls: [`https://a${i}.test`], username: 'u', password: `pw-${i}` }).id);
    const scheduler = new PolicyScheduler({ vault: () => vault });
    scheduler.addPolicy({ name: 'Daily', schedule: { type: 'interval', every: 1, unit: 'days', startAt: Date.now() - 3_600_000 }, scope: {} });
    // Enqueue and approve the batch up front, so both children find work at once.
    scheduler.tick();
    scheduler.release();
    const approvals = new DecryptApprovals(() => vault, scheduler.jobs);
    approvals.decide(approvals.pending()[0]!.id, 'approve-batch');
    vault.close();

    const out = join(tempDir(), 'ran.txt');
    const until = String(Date.now() + 4_000);
    const children = [0, 1].map(() => spawn(process.execPath, [join(bundleDir, 'scheduler-child.mjs'), path, PASSWORD, out, until], { stdio: ['ignore', 'ignore', 'pipe'] }));
    const codes = await Promise.all(children.map((child) => new Promise<number | null>((done) => {
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code) => {
        if (code !== 0) console.error(stderr);
        done(code);
      });
    })));
    expect(codes).toEqual([0, 0]);

    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const jobIds = lines.map((line) => line.split(' ')[1]);
    expect(new Set(jobIds).size).toBe(jobIds.length);
    expect(jobIds).toHaveLength(ids.length);
    const reopened = openTestVault(path);
    await reopened.unlock(PASSWORD);
    const jobs = new PolicyScheduler({ vault: () => reopened }).jobs.list();
    expect(jobs).toHaveLength(ids.length);
    expect(jobs.every((job) => job.status === 'done')).toBe(true);
  }, 60_000);
});
