// The CLI's way into the composition root: a command builds the same services as the app
// (createVaultServices) for the vault at --vault, with its data directory next to it (settings,
// login runs, browser profiles), nothing running in the background but what the command asks
// for, unlocks it with the master password, runs, and closes everything again. Commands stay
// thin: parse, call a service, print.
import { dirname } from 'node:path';
import { version } from '../../package.json';
import { TesseraError } from '../errors';
import { silentLogger } from '../logger';
import { createMemoryClipboard } from '../platform/clipboard-guard';
import type { BackgroundWork, Platform, Services } from '../services';
import { earlyKdfFor, type CliContext } from './context';

function cliPlatform(): Platform {
  return {
    host: 'cli',
    version,
    openInOs: async () => {
      throw new TesseraError('NOT_SUPPORTED', 'The command line does not open links. Open the address in your browser.');
    },
    // The CLI never puts a secret on the system clipboard; the guard gets a private one.
    clipboard: createMemoryClipboard(),
  };
}

/**
 * Opens the vault (VAULT_NOT_FOUND and a damaged file come before any prompt), unlocks it,
 * starts `background` (e.g. the mailbox for a login that waits for an emailed code), runs
 * `use`, then closes the services: browser, mailbox, sync and vault.
 */
export async function withServices<T>(context: CliContext, use: (services: Services) => T | Promise<T>, background: readonly BackgroundWork[] = []): Promise<T> {
  // The composition root loads with the first command that needs it, never at start.
  const { createVaultServices } = await import('../services');
  const services = createVaultServices({
    dataDir: dirname(context.vaultPath),
    vaultPath: context.vaultPath,
    // The CLI's vault options: no idle timer, and the test KDF cost when a test runs it in-process.
    vaultOptions: context.vaultOptions,
    platform: cliPlatform(),
    log: silentLogger,
    background: [],
  });
  try {
    services.vault.open();
    const password = await context.masterPassword();
    await services.vault.unlock(password, earlyKdfFor(context, password));
    if (background.length > 0) await services.startBackground(background);
    return await use(services);
  } finally {
    await services.close();
  }
}

/**
 * For the workspace commands: the vault's workspaces sync live (as in the app), the one the
 * command means (--workspace, else the only one) is brought in step with its relay, `use`
 * makes its change through the same services as the app (roles checked there), and the
 * process ends only once the relay took the change. A relay that cannot be reached or
 * refuses this device is the command's error: a change is never reported as sent when it
 * was not.
 */
export async function withWorkspace<T>(context: CliContext, workspaceId: string | undefined, use: (services: Services, workspaceId: string) => T | Promise<T>): Promise<T> {
  return withServices(context, async (services) => {
    const id = services.workspaces.pick(workspaceId);
    await services.sync.inStep(id);
    const result = await use(services, id);
    await services.sync.inStep(id);
    return result;
  }, ['sync']);
}

/** Whether the account's codes can arrive in the team mailbox (a managed email or phone): then a login needs it running. */
export function needsMailbox(services: Services, accountIds: readonly string[]): boolean {
  const accounts = services.vault.unlocked().accounts;
  return services.inbox.status().configured && accountIds.some((id) => {
    const account = accounts.get(id);
    return Boolean(account.managedEmail || account.managedPhone);
  });
}

/**
 * Runs `change` with the vault's workspaces syncing live, so what it does to a shared account
 * (an edit, a rotated password) reaches the account's shared doc and the relay before the
 * process ends. A relay that does not answer is a warning: the change is kept in the vault
 * and goes out at the next sync.
 */
export async function withLiveSync<T>(services: Services, warn: (text: string) => void, change: () => T | Promise<T>): Promise<T> {
  const { workspaceIds } = await import('../sharing/sync-state');
  if (workspaceIds(services.vault.unlocked().sync).length === 0) return change();
  await services.startBackground(['sync']);
  // In step first, so the change applies on top of what others did.
  await services.sync.settle();
  const result = await change();
  for (const failed of await services.sync.settle()) {
    warn(`workspace ${failed.workspaceId} is not in step with its relay (${failed.message}). The change is kept and sent at the next sync.`);
  }
  return result;
}

/** Every workspace with a relay in step with it: what this command wrote has reached the relays. */
export async function allWorkspacesInStep(services: Services): Promise<void> {
  for (const live of services.sync.workspaces()) if (live.relayUrl) await services.sync.inStep(live.workspaceId);
}
