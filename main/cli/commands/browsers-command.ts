// The browsers paired with Tessera through its extension, from the command line:
//   browsers list                 paired browsers (no keys): name, when paired, last used
//   browsers revoke BROWSER       forget one (its id, or its name when unique); a running app
//                                 refuses its session at the next request
//   browsers install-host         register the native messaging host with this user's browsers
//   browsers uninstall-host       remove it again
// Pairing itself happens in the app (it shows the code to confirm). The host runs the built
// out/main/browser-host.js, next to this CLI's bundle, with this Node.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { TesseraError } from '../../errors';
import { cliContext, type CliContext } from '../context';
import { withServices } from '../cli-services';
import { formatTable } from '../table';
import { formatUtc } from '../utc-time';

const day = (at: number | null) => (at === null ? 'never' : formatUtc(at));

/** The built host script next to the CLI's bundle (out/main/browser-host.js). */
function hostScript(): string {
  const here = import.meta.dirname;
  const found = [join(here, 'browser-host.js'), join(here, '..', 'browser-host.js')].find((file) => existsSync(file));
  if (!found) throw new TesseraError('NOT_SUPPORTED', `The browser host is not built next to this CLI (${join(here, 'browser-host.js')}). Run npm run build, then try again.`);
  return found;
}

function hostOptions(context: CliContext) {
  return { dataDir: dirname(context.vaultPath), command: { execPath: process.execPath, args: [hostScript()] } };
}

function describeStatus(status: { launcher: string; locations: { browser: string; installed: boolean; browserPresent: boolean; manifest: string }[] }, verb: string): string {
  const present = status.locations.filter((l) => l.browserPresent);
  const installed = present.filter((l) => l.installed).map((l) => l.browser);
  if (present.length === 0) return `No supported browser was found for this user; nothing was ${verb}.`;
  return installed.length > 0 ? `The Tessera native host is registered for: ${installed.join(', ')}.` : `The Tessera native host is registered for no browser.`;
}

export function registerBrowsersCommands(program: Command): void {
  const browsers = program.command('browsers').description('browsers paired with Tessera through its extension: list, revoke, install the native host');

  browsers
    .command('list')
    .description('the paired browsers (name, when paired, last used)')
    .action(async (_options: unknown, command: Command) => {
      const context = cliContext(command);
      const list = await withServices(context, (services) => services.browserBridge.list().map((b) => ({ browserId: b.browserId, name: b.name, createdAt: b.createdAt, lastUsedAt: b.lastUsedAt })));
      context.out.result(list, list.length === 0 ? 'No browser is paired. Pair one from the extension\'s toolbar popup while the app runs.' : formatTable(['Browser', 'Name', 'Paired', 'Last used'], list.map((b) => [b.browserId, b.name, day(b.createdAt), day(b.lastUsedAt)])));
    });

  browsers
    .command('revoke')
    .description('forget a paired browser: its extension can no longer fill or save logins')
    .argument('<browser>', 'its id, or its name when no other browser has it (tessera browsers list)')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const context = cliContext(command);
      const revoked = await withServices(context, async (services) => {
        const all = services.browserBridge.list();
        const matches = all.filter((b) => b.browserId === ref);
        const byName = matches.length > 0 ? matches : all.filter((b) => b.name === ref);
        if (byName.length !== 1) {
          throw new TesseraError('INVALID_INPUT', byName.length > 1 ? `${byName.length} browsers are named "${ref}"; give its id (tessera browsers list).` : `No paired browser is "${ref}". See tessera browsers list.`);
        }
        await services.browserBridge.revoke(byName[0]!.browserId);
        return { revoked: byName[0]!.browserId, name: byName[0]!.name };
      });
      context.out.result(revoked, `Revoked ${revoked.name} (${revoked.revoked}). Pair it again from its extension to use it.`);
    });

  browsers
    .command('install-host')
    .description('register the native messaging host with this user\'s browsers (Chromium, Chrome, Edge, Brave, Vivaldi, Firefox)')
    .action(async (_options: unknown, command: Command) => {
      const context = cliContext(command);
      const { installNativeHost } = await import('../../browser-bridge');
      const status = await installNativeHost(hostOptions(context));
      context.out.result(status, describeStatus(status, 'registered'));
    });

  browsers
    .command('uninstall-host')
    .description('remove the native messaging host from this user\'s browsers')
    .action(async (_options: unknown, command: Command) => {
      const context = cliContext(command);
      const { uninstallNativeHost } = await import('../../browser-bridge');
      const status = await uninstallNativeHost({ dataDir: dirname(context.vaultPath) });
      context.out.result(status, status.locations.some((l) => l.installed) ? describeStatus(status, 'removed') : 'The Tessera native host is registered for no browser now.');
    });
}
