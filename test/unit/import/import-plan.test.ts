// Weighing an import against a real vault file and writing it: duplicates skipped, kept or
// updated as chosen; a retry adds nothing twice; an item that does not fit is left out
// without costing its batch; a cancelled import keeps what it wrote.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_BATCH_SIZE, applyImport, planImport, readImportFile, type ParsedImport } from '../../../main/import';
import type { Vault } from '../../../main/vault';
import { createTestVault } from '../vault/helpers';

const fixture = (name: string) => join(import.meta.dirname, '../../fixtures/import', name);
const summaries = (vault: Vault) => vault.accounts.list().flatMap((e) => (e.status === 'ok' ? [e] : []));

describe('import plan and write', () => {
  it('imports every account of a Bitwarden export in one batch with one audit entry, and a retry adds nothing', async () => {
    const { vault } = await createTestVault();
    const parsed = readImportFile(fixture('bitwarden.json'));
    const result = await applyImport(vault, planImport(parsed, summaries(vault), 'skip'));
    expect(result.created).toHaveLength(2);
    const twitter = vault.accounts.get(result.created[0]!);
    expect(twitter).toMatchObject({ name: 'Team Twitter', password: 'Tw1tter-Team-Pass!', totp: { secret: 'JBSWY3DPEHPK3PXP' } });
    expect(vault.audit.entries().filter((e) => e.kind === 'account.import')).toEqual([expect.objectContaining({ details: expect.objectContaining({ source: 'import:bitwarden-json', count: 2 }) })]);

    const again = planImport(readImportFile(fixture('bitwarden.json')), summaries(vault), 'skip');
    expect(again.create).toEqual([]);
    expect(again.duplicates.map((d) => d.existingName)).toEqual(['Team Twitter', 'Vendor Portal']);
    expect((await applyImport(vault, again)).created).toEqual([]);
    expect(summaries(vault)).toHaveLength(2);
  });

  it('keeps both or updates the vault\'s account when asked, keeping what Tessera manages itself', async () => {
    const { vault } = await createTestVault();
    const { id } = vault.accounts.create({ name: 'Twitter (old)', urls: ['https://twitter.com'], username: 'Social@Team.example', password: 'old-password', managedEmail: 'twitter@inbox.team.example' });
    const parsed = readImportFile(fixture('bitwarden.json'));

    const kept = planImport(parsed, summaries(vault), 'keep');
    expect(kept.create).toHaveLength(2);
    expect(kept.duplicates).toEqual([]);

    const update = planImport(parsed, summaries(vault), 'update');
    expect(update.duplicates).toEqual([{ where: 'item 1 (Team Twitter)', name: 'Team Twitter', existingId: id, existingName: 'Twitter (old)' }]);
    const result = await applyImport(vault, update);
    expect(result).toMatchObject({ updated: [id], created: [expect.any(String)] });
    const account = vault.accounts.get(id);
    expect(account).toMatchObject({ name: 'Team Twitter', password: 'Tw1tter-Team-Pass!', managedEmail: 'twitter@inbox.team.example' });
    expect(vault.accounts.passwordHistory(id)).toEqual([expect.objectContaining({ password: 'old-password' })]);
  });

  it('never updates an account shared with the person as a Collaborator, whatever was chosen', async () => {
    const { vault } = await createTestVault();
    const { id } = vault.accounts.create({ name: 'Shared Twitter', urls: ['https://twitter.com'], username: 'social@team.example', password: 'owners-password' });
    const plan = planImport(readImportFile(fixture('bitwarden.json')), summaries(vault), 'update', new Set([id]));
    expect(plan.update).toEqual([]);
    expect(plan.skipped).toContainEqual({ where: 'item 1 (Team Twitter)', reason: 'it matches "Shared Twitter", shared with you as a Collaborator: only its Owner can change it' });
    await applyImport(vault, plan);
    expect(vault.accounts.get(id).password).toBe('owners-password');
  });

  it('leaves out an item that does not fit a Tessera account without losing the rest of its batch', async () => {
    const { vault } = await createTestVault();
    const parsed: ParsedImport = {
      format: 'chrome-csv',
      skipped: [],
      accounts: [
        { where: 'row 2', input: { name: 'Fine', username: 'a', password: 'p' } },
        { where: 'row 3', input: { name: 'Too many notes', notes: 'x'.repeat(100_001) } },
        { where: 'row 4', input: { name: 'Also fine', username: 'b', password: 'q' } },
      ],
    };
    const result = await applyImport(vault, planImport(parsed, [], 'skip'));
    expect(result.created).toHaveLength(2);
    expect(result.skipped).toEqual([{ where: 'row 3', reason: expect.stringMatching(/^it does not fit a Tessera account \(notes: /) }]);
  });

  it('writes in batches with progress, and a cancelled import keeps the batches already written', async () => {
    const { vault } = await createTestVault();
    const accounts = Array.from({ length: IMPORT_BATCH_SIZE * 2 + 10 }, (_, i) => ({ where: `row ${i + 2}`, input: { name: `App ${i}`, urls: [`https://app${i}.example`], username: 'ops', password: `pw-${i}` } }));
    const controller = new AbortController();
    const progress: number[] = [];
    const result = await applyImport(vault, planImport({ format: 'chrome-csv', accounts, skipped: [] }, [], 'skip'), {
      signal: controller.signal,
      onProgress: ({ done, total }) => {
        progress.push(done);
        expect(total).toBe(accounts.length);
        if (done === IMPORT_BATCH_SIZE) controller.abort();
      },
    });
    expect(progress).toEqual([IMPORT_BATCH_SIZE]);
    expect(result).toMatchObject({ cancelled: true });
    expect(summaries(vault)).toHaveLength(IMPORT_BATCH_SIZE);
    // The retry finishes the job and adds nothing twice.
    const retry = await applyImport(vault, planImport({ format: 'chrome-csv', accounts, skipped: [] }, summaries(vault), 'skip'));
    expect(retry.created).toHaveLength(IMPORT_BATCH_SIZE + 10);
    expect(summaries(vault)).toHaveLength(accounts.length);
  });
});
