// Attack (review item 6): approval was skipped by editing the vault file — an UPDATE turned a
// job waiting for approval into a queued one, and `audit --verify` said "intact". Now a job's
// blob is bound to its task, trigger, policy, batch, status and due time, and a batch approval
// counts only when a sealed job of that batch carries it; the edits below, made with SQL on
// the real vault file, are detected (ITEM_CORRUPT) and nothing runs.
import { describe, expect, it } from 'vitest';
import { JobQueue } from '../../../main/rotation/schedule/job-queue';
import { DecryptApprovals } from '../../../main/rotation/approvals/decrypt-approvals';
import type { Vault } from '../../../main/vault';
import { createTestVault, errorCode, openTestVault, PASSWORD, withRawDb } from './helpers';

const HOUR = 60 * 60_000;

async function vaultWithWaitingJob(options: { batchId?: string } = {}): Promise<{ path: string; jobId: string; accountId: string }> {
  const { vault, path } = await createTestVault();
  const accountId = vault.accounts.create({ name: 'Vendor', urls: ['https://vendor.example/login'], username: 'ops', password: 'old-password-1' }).id;
  const { job } = new JobQueue(() => vault).enqueue({ accountId, trigger: 'schedule', dueAt: Date.now() - 1000, reason: 'policy', ...(options.batchId ? { batchId: options.batchId } : {}) });
  expect(job?.status).toBe('needs_approval');
  vault.close();
  return { path, jobId: job!.id, accountId };
}

async function reopen(path: string): Promise<Vault> {
  const vault = openTestVault(path);
  await vault.unlock(PASSWORD);
  return vault;
}

describe('rotation jobs and approvals edited in the vault file', () => {
  it('an UPDATE from needs_approval to queued is detected, and the job is never claimed', async () => {
    const { path, jobId } = await vaultWithWaitingJob();
    withRawDb(path, (db) => db.prepare("UPDATE rotation_jobs SET status = 'queued' WHERE id = ?").run(jobId));
    const vault = await reopen(path);
    const queue = new JobQueue(() => vault);
    expect(await errorCode(() => queue.claimDue('attacker:1:x', Date.now(), 10))).toBe('ITEM_CORRUPT');
    expect(await errorCode(() => queue.get(jobId))).toBe('ITEM_CORRUPT');
    expect(vault.rotation.checkIntegrity().map((damage) => damage.id)).toEqual([jobId]);
    const row = withRawDb(path, (db) => db.prepare('SELECT status, lease_owner FROM rotation_jobs WHERE id = ?').get(jobId));
    expect(row).toEqual({ status: 'queued', lease_owner: null });
  });

  it.each([
    ['task', "UPDATE rotation_jobs SET task = 'logout-and-rotate' WHERE id = ?"],
    ['trigger', "UPDATE rotation_jobs SET trigger = 'manual' WHERE id = ?"],
    ['due time', 'UPDATE rotation_jobs SET due_at = 0 WHERE id = ?'],
    ['batch', "UPDATE rotation_jobs SET batch_id = 'other-batch' WHERE id = ?"],
  ])('a changed %s column is detected', async (_label, sql) => {
    const { path, jobId } = await vaultWithWaitingJob();
    withRawDb(path, (db) => db.prepare(sql).run(jobId));
    const vault = await reopen(path);
    expect(vault.rotation.checkIntegrity().map((damage) => damage.id)).toEqual([jobId]);
  });

  it('a batch approval row inserted with SQL does not let the batch\'s next job skip approval', async () => {
    const { path, accountId } = await vaultWithWaitingJob({ batchId: 'batch-1' });
    withRawDb(path, (db) => db.prepare('INSERT INTO rotation_batch_approvals (batch_id, approved_at, expires_at) VALUES (?, ?, ?)').run('batch-1', Date.now(), Date.now() + HOUR));
    const vault = await reopen(path);
    const other = vault.accounts.create({ name: 'Other', urls: ['https://other.example/'], username: 'x', password: 'other-password' }).id;
    expect(await errorCode(() => new JobQueue(() => vault).enqueue({ accountId: other, trigger: 'schedule', dueAt: Date.now(), reason: 'policy', batchId: 'batch-1' }))).toBe('ITEM_CORRUPT');
    expect(vault.rotation.checkIntegrity().map((damage) => damage.id)).toEqual(['batch-1']);
    expect(vault.rotation.jobs({ statuses: ['queued'] })).toEqual([]);
    expect(accountId).toBeTruthy();
  });

  it('a batch approval a person gave still lets later jobs of the batch run, and survives their status changes', async () => {
    const { path, jobId } = await vaultWithWaitingJob({ batchId: 'batch-2' });
    const vault = await reopen(path);
    const queue = new JobQueue(() => vault);
    new DecryptApprovals(() => vault, queue).decide(jobId, 'approve-batch');
    expect(queue.get(jobId).status).toBe('queued');
    const claimed = queue.claimDue('host:1:a', Date.now(), 10);
    expect(claimed.map((job) => job.id)).toEqual([jobId]);
    queue.update(queue.get(jobId), 'done', 'rotation.job_done');
    const other = vault.accounts.create({ name: 'Other', urls: ['https://other.example/'], username: 'x', password: 'other-password' }).id;
    const later = queue.enqueue({ accountId: other, trigger: 'event', dueAt: Date.now(), reason: 'batch', batchId: 'batch-2' });
    expect(later.job?.status).toBe('queued');
    expect(vault.rotation.checkIntegrity()).toEqual([]);
  });
});
