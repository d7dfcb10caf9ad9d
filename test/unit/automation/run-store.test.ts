// The run store keeps the newest 20 runs per account, seals every file, and refuses ids
// that could climb out of its folder.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../../../automation/flows/run-report';
import type { BlobSealer } from '../../../main/logins/blob-sealer';
import { RunStore, RUNS_KEPT } from '../../../main/logins/run-store';

// Stands in for the vault: reversible, context-bound, and visibly not plaintext.
const sealer: BlobSealer = {
  seal: (context, plain) => Buffer.concat([Buffer.from(`${context}|`), Buffer.from(plain).map((b) => b ^ 0x5a)]),
  open: (context, box) => {
    const prefix = Buffer.from(`${context}|`);
    const bytes = Buffer.from(box);
    return bytes.subarray(0, prefix.length).equals(prefix) ? bytes.subarray(prefix.length).map((b) => b ^ 0x5a) : null;
  },
};

const report = (startedAt: number): RunReport => ({
  kind: 'verify', outcome: 'success', reasons: ['the login form is gone'], evidence: null, strategy: 'heuristics', steps: [], startedAt, durationMs: 5,
});
const artifacts = { traceChunks: [Buffer.from('zip')], screenshots: [{ name: 'result', png: Buffer.from('png'), at: 1 }] };

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function store(): Promise<RunStore> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tessera-runs-'));
  dirs.push(dir);
  return new RunStore(dir, sealer);
}

describe('RunStore', () => {
  it(`keeps the newest ${RUNS_KEPT} runs of an account and deletes every file of older ones`, async () => {
    const runs = await store();
    const ids: string[] = [];
    for (let i = 0; i < RUNS_KEPT + 3; i++) {
      const id = RunStore.newRunId(1_700_000_000_000 + i);
      ids.push(id);
      await runs.save('acct', id, report(1_700_000_000_000 + i), artifacts);
    }
    const listed = await runs.list('acct');
    expect(listed.map((run) => run.runId)).toEqual(ids.slice(3).reverse());
    const files = await readdir(path.join(runs.root, 'acct'));
    expect(files).toHaveLength(RUNS_KEPT * 3);
    expect(files.some((name) => name.startsWith(ids[0]!))).toBe(false);
    await expect(runs.get('acct', ids[0]!)).rejects.toMatchObject({ code: 'ITEM_NOT_FOUND' });
  });

  it('detects a file moved to another run', async () => {
    const runs = await store();
    const [a, b] = [RunStore.newRunId(1), RunStore.newRunId(2)];
    await runs.save('acct', a, report(1), artifacts);
    await runs.save('acct', b, report(2), artifacts);
    const { copyFile } = await import('node:fs/promises');
    await copyFile(path.join(runs.root, 'acct', `${a}.shot-0`), path.join(runs.root, 'acct', `${b}.shot-0`));
    await expect(runs.screenshot('acct', b, 0)).rejects.toMatchObject({ code: 'ITEM_CORRUPT' });
  });

  it.each([['../escape', 'run'], ['acct', '../../x']])('refuses account %s / run %s', async (accountId, runId) => {
    const runs = await store();
    await expect(runs.get(accountId, runId === 'run' ? RunStore.newRunId() : runId)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('records the last conclusive verification per account', async () => {
    const runs = await store();
    runs.recordVerification('a', { succeeded: true, at: 5, outcome: 'success', runId: 'r1' });
    runs.recordVerification('b', { succeeded: false, at: 6, outcome: 'wrong_credentials', runId: 'r2' });
    expect(Object.fromEntries(runs.verifications())).toEqual({
      a: { succeeded: true, at: 5, outcome: 'success', runId: 'r1' },
      b: { succeeded: false, at: 6, outcome: 'wrong_credentials', runId: 'r2' },
    });
  });
});
