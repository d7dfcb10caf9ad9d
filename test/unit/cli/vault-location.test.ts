// Which vault the CLI opens: --vault PATH over TESSERA_VAULT over the desktop app's own vault
// file ($XDG_CONFIG_HOME/Tessera/vault.sqlite, else ~/.config/Tessera/vault.sqlite on Linux).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliSandbox, MASTER, jsonValue } from '../../support/cli-harness';

describe.runIf(process.platform === 'linux')('tessera vault location', () => {
  let sandbox: CliSandbox;
  beforeAll(() => {
    sandbox = new CliSandbox();
  });
  afterAll(() => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
  });

  const vaultPathOf = async (args: string[], env: Record<string, string>) =>
    jsonValue<{ path: string }>(await sandbox.run(['--json', ...args, 'unlock-check'], { env: { TESSERA_PASSWORD: MASTER, ...env } })).path;

  it('uses --vault over TESSERA_VAULT over the app\'s vault in the data directory', async () => {
    const xdg = sandbox.path('xdg');
    const appVault = join(xdg, 'Tessera', 'vault.sqlite');
    const envVault = sandbox.path('env.sqlite');
    const flagVault = sandbox.path('flag.sqlite');
    for (const [args, env] of [[[], { XDG_CONFIG_HOME: xdg }], [[], { TESSERA_VAULT: envVault }], [['--vault', flagVault], {}]] as const) {
      const init = jsonValue<{ recoveryKey: string }>(await sandbox.run(['--json', ...args, 'init'], { env: { TESSERA_PASSWORD: MASTER, ...env } }));
      sandbox.secret(init.recoveryKey);
    }
    expect(existsSync(appVault)).toBe(true);

    expect(await vaultPathOf(['--vault', flagVault], { TESSERA_VAULT: envVault, XDG_CONFIG_HOME: xdg })).toBe(flagVault);
    expect(await vaultPathOf([], { TESSERA_VAULT: envVault, XDG_CONFIG_HOME: xdg })).toBe(envVault);
    expect(await vaultPathOf([], { XDG_CONFIG_HOME: xdg })).toBe(appVault);
  });

  it('without XDG_CONFIG_HOME, the app\'s vault is ~/.config/Tessera/vault.sqlite', async () => {
    const result = await sandbox.run(['--json', 'unlock-check'], { env: { TESSERA_PASSWORD: MASTER } });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(join(sandbox.home, '.config', 'Tessera', 'vault.sqlite'));
  });
});
