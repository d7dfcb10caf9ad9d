// This person's devices from the command line:
//   device list                           the devices that are you in your workspaces
//   device link [--expires 15m]           print a code for a new device (one device, 15 minutes)
//   device link --answer [time]           stay online so the new device can show its six digits
//   device link --confirm DIGITS          link the new device whose screen shows DIGITS
//   device accept CODE [--wait 5m]        on the new device: print the digits to type on the
//                                         other device, and wait until it links this one
//   device remove DEVICE                  remove a lost device: a new epoch, its accounts
//                                         re-keyed and queued for rotation
// The same services as the app (main/sharing/device-actions.ts), with the workspaces syncing
// live; a change is reported only once every relay took it.
import type { Command } from 'commander';
import { TesseraError } from '../../errors';
import type { Services } from '../../services';
import { cliContext } from '../context';
import { allWorkspacesInStep, withServices } from '../cli-services';
import { parseWait, waitUntil } from '../waiting';
import { parseDuration } from '../duration-option';
import { formatTable } from '../table';

/** A device as people name it: its id, a unique id prefix (6+ characters) or its published name. */
function findDevice(services: Services, ref: string): string {
  const devices = services.devices.devices();
  const exact = devices.find((d) => d.deviceId === ref);
  if (exact) return exact.deviceId;
  const matches = devices.filter((d) => (ref.length >= 6 && d.deviceId.startsWith(ref)) || d.name === ref);
  if (matches.length === 1) return matches[0]!.deviceId;
  throw new TesseraError('INVALID_INPUT', matches.length ? `"${ref}" matches ${matches.length} devices; give its id (tessera device list).` : `None of your devices is "${ref}". See tessera device list.`);
}

export function registerDeviceCommands(program: Command): void {
  const device = program.command('device').description('your devices: link a new one, list them, remove a lost one');

  device
    .command('list')
    .description('the devices that are you in your workspaces')
    .action(async (_options: unknown, command: Command) => {
      const context = cliContext(command);
      const devices = await withServices(context, async (services) => {
        await allWorkspacesInStep(services);
        return services.devices.devices();
      }, ['sync']);
      context.out.result(devices, devices.length === 0 ? 'No devices: this vault is in no workspace yet.' : formatTable(['Device', 'Name', 'Added'], devices.map((d) => [
        d.deviceId, `${d.name ?? '(not named yet)'}${d.thisDevice ? ' (this device)' : ''}`, new Date(d.addedAt).toISOString().slice(0, 10),
      ])));
    });

  device
    .command('link')
    .description('link a new device to you: print its code; then --answer while it joins, and --confirm the digits it shows')
    .option('--expires <time>', 'how long the code works: 1m … 1d (it links one device)', '15m')
    .option('--answer [time]', 'stay online (default 2m) so the new device gets this device\'s answer and can show its six digits')
    .option('--confirm <digits>', 'the six digits the new device shows')
    .action(async (options: { expires: string; answer?: string | true; confirm?: string }, command: Command) => {
      const context = cliContext(command);
      const lifetimeMs = parseDuration(options.expires, '--expires', { minMs: 60_000, maxMs: 86_400_000, hint: '1m to 1d', examples: '15m or 2h' });
      const answerMs = options.answer === undefined ? undefined : parseWait(options.answer);
      const value = await withServices(context, async (services) => {
        const { devices } = services;
        await allWorkspacesInStep(services);
        if (answerMs !== undefined) {
          await waitUntil(() => devices.linkRequests() > 0, answerMs);
          return { waiting: devices.linkRequests() };
        }
        if (options.confirm) {
          const linked = devices.confirmLink(options.confirm);
          await allWorkspacesInStep(services);
          return { linked: linked.deviceId, workspaces: linked.workspaces };
        }
        return devices.link(lifetimeMs);
      }, ['sync']);
      if ('waiting' in value) context.out.result(value, value.waiting ? 'The new device can show its six digits now. When it does, run: tessera device link --confirm DIGITS' : 'No device asked in time. Run tessera device link --answer again while the new device runs tessera device accept.');
      else if ('linked' in value) context.out.result(value, `Linked device ${value.linked} in ${value.workspaces} workspace(s). It receives them and the accounts shared with you as it syncs.`);
      else context.out.result({ ...value, expiresAt: new Date(value.expiresAt).toISOString() }, `${value.code}\nOn the new device run: tessera device accept CODE (or paste it in the app under Sharing → Link this device). Meanwhile run here: tessera device link --answer, then tessera device link --confirm DIGITS with the digits it shows. The code links one device until ${new Date(value.expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
    });

  device
    .command('accept')
    .description('on a new device: link it to you with the code from your other device')
    .argument('<code>', 'the link code (tessera-link:…)')
    .option('--wait <time>', 'how long to wait for your other device (it must be online, and you type the digits there)', '5m')
    .action(async (code: string, options: { wait: string }, command: Command) => {
      const context = cliContext(command);
      const waitMs = parseWait(options.wait);
      const value = await withServices(context, async (services) => {
        const { sas } = await services.devices.accept(code, Math.min(waitMs, 60_000));
        context.out.note(`On your other device, confirm these six digits: ${sas}\n(tessera device link --confirm ${sas.replace(' ', '')}, or type them in the app.) Waiting…`);
        await waitUntil(() => services.devices.linkState().state !== 'waiting', waitMs);
        const state = services.devices.linkState();
        if (state.state === 'failed') throw new TesseraError(state.code, state.message);
        if (state.state !== 'linked') throw new TesseraError('RELAY_UNAVAILABLE', 'Your other device did not confirm the digits in time. Make a new link code there and try again.');
        await allWorkspacesInStep(services);
        return { sas, workspaces: state.workspaces, memberId: (await services.workspaces.identity()).memberId };
      }, ['sync']);
      context.out.result(value, `Linked: this device is you in ${value.workspaces} workspace(s).`);
    });

  device
    .command('remove')
    .description('remove a lost device: the team key changes, the accounts it could read are re-keyed and queued for rotation')
    .argument('<device>', 'its id, a unique id prefix or its name (tessera device list)')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const context = cliContext(command);
      const value = await withServices(context, async (services) => {
        await allWorkspacesInStep(services);
        const deviceId = findDevice(services, ref);
        const removed = services.devices.removeDevice(deviceId);
        await allWorkspacesInStep(services);
        return { removed: deviceId, ...removed };
      }, ['sync']);
      context.out.result(value, `Removed device ${value.removed} from ${value.workspaces} workspace(s). ${value.exposedAccounts.length} shared account(s) it could read; ${value.rotationJobs} rotation job(s) queued.`);
    });
}
