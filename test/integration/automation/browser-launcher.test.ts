import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverBrowser } from '../../../automation/browser/browser-discovery';
import { AccountProfiles } from '../../../automation/browser/browser-launcher';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tessera-profiles-'));
  dirs.push(dir);
  return dir;
}

describe('AccountProfiles', () => {
  it('keeps a persistent profile per account and removes it on request', async () => {
    const profiles = new AccountProfiles(await dataDir());
    const installation = await discoverBrowser({ configuredPath: process.env.TESSERA_BROWSER });
    const context = await profiles.open('acct_1', installation, { headless: true });
    await context.close();
    const dir = profiles.profileDir('acct_1');
    expect((await stat(dir)).isDirectory()).toBe(true);
    await profiles.removeProfile('acct_1');
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses an account id that could leave the profiles folder', async () => {
    const profiles = new AccountProfiles(await dataDir());
    expect(() => profiles.profileDir('../etc')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
