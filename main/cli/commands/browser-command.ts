// `tessera browser [PATH]`: the browser program automated logins launch on this device. A
// person names it here (or in the app's file dialog); it must be a Chromium-family browser and
// is kept in the vault. `--auto` goes back to letting Tessera find one; no argument shows it.
import type { Command } from 'commander';
import { chooseBrowserPath, chosenBrowserPath } from '../../logins/browser-choice';
import { TesseraError } from '../../errors';
import { cliContext, withUnlockedVault } from '../context';

export function registerBrowserCommand(program: Command): void {
  program
    .command('browser')
    .description('show or choose the browser (Chromium, Chrome or Edge) that automated logins use on this device')
    .argument('[path]', 'full path to the browser program; it must answer --version like a Chromium-family browser')
    .option('--auto', 'let Tessera find an installed Chromium, Chrome or Edge')
    .action(async (path: string | undefined, options: { auto?: boolean }, command: Command) => {
      const context = cliContext(command);
      if (path !== undefined && options.auto) throw new TesseraError('USAGE', 'Give either a browser path or --auto, not both.');
      const chosen = await withUnlockedVault(context, async (vault) => {
        if (options.auto) return chooseBrowserPath(vault, null);
        if (path !== undefined) return chooseBrowserPath(vault, path);
        return chosenBrowserPath(vault);
      });
      context.out.result({ browserPath: chosen }, chosen ? `Automated logins use ${chosen}.` : 'Tessera finds an installed Chromium, Chrome or Edge itself.');
    });
}
