// The import channels through the real dispatcher, services and a real vault file: the file
// comes only from the open dialog (a path in the payload is refused), the preview carries no
// secret of the file, the duplicate choice re-weighs it, and a lock drops the pending import.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openChannelHarness, type ChannelHarness } from '../../support/channel-harness';
import type { ImportPreview, ImportSummary } from '../../../main/ipc/contract/import';

const fixture = (name: string) => join(import.meta.dirname, '../../fixtures/import', name);

describe('import channels', () => {
  let h: ChannelHarness;
  let picked: string | null = fixture('bitwarden.json');
  afterEach(() => h.close());

  it('previews the picked file without its secrets, re-weighs duplicates, imports with progress', async () => {
    h = openChannelHarness({ importFile: () => picked });
    await h.value('vault.create', { password: 'master-password-1' });
    await h.value('accounts.create', { name: 'Twitter (old)', urls: ['https://twitter.com'], username: 'social@team.example', password: 'old' });

    const preview = await h.value<ImportPreview>('import.preview', {});
    expect(preview).toMatchObject({ fileName: 'bitwarden.json', formatName: 'Bitwarden JSON', toCreate: 1, toUpdate: 0, duplicateCount: 1, skippedCount: 3, sample: ['Vendor Portal'] });
    expect(JSON.stringify(preview)).not.toMatch(/Tw1tter-Team-Pass|V3ndor#Portal|JBSWY3DPEHPK3PXP|4411/);
    const keep = await h.value<ImportPreview>('import.preview', { token: preview.token, onDuplicate: 'keep' });
    expect(keep).toMatchObject({ toCreate: 2, duplicateCount: 0 });

    const summary = await h.value<ImportSummary>('import.run', { token: preview.token, onDuplicate: 'skip' });
    expect(summary).toEqual({ created: 1, updated: 0, duplicates: 1, skipped: 3, cancelled: false });
    expect(h.emitted).toContainEqual(['import.progress', { token: preview.token, done: 1, total: 1 }]);
    // Done: the token is spent.
    expect(await h.call('import.run', { token: preview.token })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/Choose the file again/) } });
  });

  it('refuses a path from the renderer, says when the person cancelled, and forgets the import at lock', async () => {
    h = openChannelHarness({ importFile: () => picked });
    await h.value('vault.create', { password: 'master-password-1' });
    expect(await h.call('import.preview', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    picked = null;
    expect(await h.value('import.preview', {})).toBeNull();
    picked = fixture('chrome.csv');
    const preview = await h.value<ImportPreview>('import.preview', {});
    await h.value('vault.lock');
    await h.value('vault.unlock', { password: 'master-password-1' });
    expect(await h.call('import.run', { token: preview.token })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('says what is wrong with a bad file', async () => {
    h = openChannelHarness({ importFile: () => fixture('bitwarden-encrypted.json') });
    await h.value('vault.create', { password: 'master-password-1' });
    expect(await h.call('import.preview', {})).toMatchObject({ ok: false, error: { code: 'IMPORT_INVALID', message: expect.stringMatching(/encrypted/) } });
  });

  it('opens a KeePass database only with its password, then previews and imports it', async () => {
    h = openChannelHarness({ importFile: () => fixture('keepassxc-argon2.kdbx') });
    await h.value('vault.create', { password: 'master-password-1' });
    const locked = await h.value<{ token: string; fileName: string; needsPassword: true }>('import.preview', {});
    expect(locked).toEqual({ token: expect.any(String), fileName: 'keepassxc-argon2.kdbx', needsPassword: true, kind: 'kdbx' });
    expect(await h.call('import.run', { token: locked.token })).toMatchObject({ ok: false, error: { code: 'IMPORT_NEEDS_PASSWORD' } });
    expect(await h.call('import.unlock', { token: locked.token, password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'IMPORT_INVALID', message: expect.stringMatching(/does not open with that password/) } });
    const preview = await h.value<ImportPreview>('import.unlock', { token: locked.token, password: 'kdbx-fixture-password' });
    expect(preview).toMatchObject({ formatName: 'KeePass database (.kdbx)', toCreate: 2, skippedCount: 1 });
    expect(JSON.stringify(preview)).not.toMatch(/Str1pe-Pass|M4il-Admin|JBSWY3DPEHPK3PXP/);
    expect(await h.value<ImportSummary>('import.run', { token: preview.token })).toMatchObject({ created: 2, cancelled: false });
  });

  it('reads a 1Password 1PUX at once, and opens a protected Bitwarden export with its password', async () => {
    picked = fixture('1password.1pux');
    h = openChannelHarness({ importFile: () => picked });
    await h.value('vault.create', { password: 'master-password-1' });
    expect(await h.value<ImportPreview>('import.preview', {})).toMatchObject({ formatName: '1Password 1PUX', toCreate: 2, skippedCount: 2 });
    picked = fixture('bitwarden-protected-pbkdf2.json');
    const locked = await h.value<{ token: string; kind: string }>('import.preview', {});
    expect(locked).toMatchObject({ needsPassword: true, kind: 'bitwarden' });
    expect(await h.value<ImportPreview>('import.unlock', { token: locked.token, password: 'bitwarden-export-password' })).toMatchObject({ formatName: 'Bitwarden JSON', toCreate: 2 });
  });
});
