// Blobs the automation keeps outside the database (run records, traces, screenshots) are
// sealed under the vault's own 'automation' sub-key and bound to their place.
import { describe, expect, it } from 'vitest';
import { createTestVault, PASSWORD } from './helpers';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('automation blobs', () => {
  it('seals under the vault key and opens only in the same place, vault and unlocked state', async () => {
    const { vault } = await createTestVault();
    const box = vault.sealAutomationBlob('run:a:1:record', bytes('{"outcome":"success"}'));
    expect(Buffer.from(box).toString('latin1')).not.toContain('success');
    expect(new TextDecoder().decode(vault.openAutomationBlob('run:a:1:record', box)!)).toBe('{"outcome":"success"}');
    expect(vault.openAutomationBlob('run:b:1:record', box)).toBeNull();

    const other = (await createTestVault()).vault;
    expect(other.openAutomationBlob('run:a:1:record', box)).toBeNull();

    vault.lock();
    expect(() => vault.openAutomationBlob('run:a:1:record', box)).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }));
    await vault.unlock(PASSWORD);
    expect(vault.openAutomationBlob('run:a:1:record', box)).not.toBeNull();
  });
});
