// Rotation policies from the command line:
//   policy add --name N (--every N --unit days|weeks|months [--start DATE] [--window 22-6]
//                        | --after-login HOURS | --on EVENT[,EVENT])
//              [--account ID|NAME]... [--tag T]... [--app HOST]...    (no scope = every account)
//   policy list
//   policy rm ID
//   policy approve ID --for 7d --keep-while-locked   approve its runs ahead of time (1h – 30d)
//   policy revoke ID                                 end that standing approval now
// Policies only enqueue jobs; the app, `tessera agent` or `tessera jobs --run` runs them, and jobs
// on locally vaulted accounts wait for a person's decrypt approval unless the policy was approved
// ahead of time.
import type { Command } from 'commander';
import { TesseraError } from '../../errors';
import { parseDuration } from '../duration-option';
import { resolveAccount } from '../account-ref';
import { cliContext } from '../context';
import { withServices } from '../cli-services';
import { formatTable } from '../table';
import { formatUtc } from '../utc-time';

const collect = (value: string, previous: string[]) => [...previous, value];

const utc = (at: number) => `${formatUtc(at)} UTC`;

function positiveInteger(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new TesseraError('USAGE', `${option} takes a whole number of at least 1.`);
  return n;
}

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('rotation policies: when passwords rotate by themselves');

  policy
    .command('add')
    .description('add a rotation policy')
    .requiredOption('--name <name>', 'a name people recognise')
    .option('--every <n>', 'rotate every N units (with --unit)')
    .option('--unit <unit>', 'days, weeks or months', 'days')
    .option('--start <date>', 'first rotation (ISO date or date-time; default now)')
    .option('--window <hours>', 'only between these local hours, e.g. 22-6')
    .option('--after-login <hours>', 'rotate N hours (1-48) after each automated login')
    .option('--on <events>', 'rotate on events: member_removed, universal_logout, deprovisioning, link_expired (comma-separated)')
    .option('--account <ref>', 'cover this account (repeatable)', collect, [])
    .option('--tag <tag>', 'cover accounts with this tag (repeatable)', collect, [])
    .option('--app <host>', 'cover accounts on this site (repeatable)', collect, [])
    .action(async (options: {
      name: string; every?: string; unit: string; start?: string; window?: string; afterLogin?: string; on?: string;
      account: string[]; tag: string[]; app: string[];
    }, command: Command) => {
      const context = cliContext(command);
      if (!['days', 'weeks', 'months'].includes(options.unit)) throw new TesseraError('USAGE', '--unit is days, weeks or months.');
      const startAt = options.start === undefined ? undefined : Date.parse(options.start);
      if (startAt !== undefined && Number.isNaN(startAt)) throw new TesseraError('USAGE', `--start "${options.start}" is not a date. Use e.g. 2027-01-31 or 2027-01-31T22:00.`);
      const every = positiveInteger(options.every, '--every');
      const { parseHourWindow, policyInputFrom } = await import('../../rotation/schedule/policy-input');
      const created = await withServices(context, ({ vault, rotation }) => {
        const input = policyInputFrom({
          name: options.name,
          ...(every !== undefined
            ? { every: { count: every, unit: options.unit as 'days' | 'weeks' | 'months', ...(startAt !== undefined ? { startAt } : {}), ...(options.window ? { window: parseHourWindow(options.window) } : {}) } }
            : {}),
          ...(options.afterLogin !== undefined ? { afterLoginHours: Number(options.afterLogin) } : {}),
          ...(options.on !== undefined ? { onEvents: options.on.split(',').map((e) => e.trim()).filter(Boolean) } : {}),
          accountIds: options.account.map((ref) => resolveAccount(vault.unlocked().accounts, ref).id),
          tags: options.tag,
          hosts: options.app,
        });
        return rotation.scheduler.addPolicy(input);
      });
      context.out.result(created, created.id);
    });

  policy
    .command('list')
    .description('list rotation policies')
    .action(async (_options: unknown, command: Command) => {
      const context = cliContext(command);
      const { policies, approvals } = await withServices(context, ({ rotation }) => ({
        policies: rotation.scheduler.policies(),
        approvals: new Map(rotation.standingApprovals.list().map((view) => [view.policyId, view])),
      }));
      const { describeSchedule } = await import('../../rotation/schedule/policy-input');
      const rows = policies.map((p) => {
        const scope = [...p.scope.accountIds.map((id) => `account ${id}`), ...p.scope.tags.map((t) => `tag ${t}`), ...p.scope.hosts.map((h) => `app ${h}`)];
        const standing = approvals.get(p.id);
        const ahead = !standing ? 'no' : standing.inactiveBecause ? `ended (${standing.inactiveBecause})` : `until ${utc(standing.approval.expiresAt)}${standing.approval.keepWhileLocked ? ', kept while locked' : ''}`;
        return [p.id, p.name, describeSchedule(p.schedule), scope.length ? scope.join(', ') : 'every account', p.enabled ? 'on' : 'off', ahead];
      });
      const json = policies.map((p) => ({ ...p, standingApproval: approvals.get(p.id) ?? null }));
      context.out.result({ policies: json }, rows.length ? formatTable(['ID', 'NAME', 'WHEN', 'COVERS', 'STATE', 'APPROVED AHEAD'], rows) : 'No rotation policies. Add one with `tessera policy add`.');
    });

  policy
    .command('rm')
    .description('remove a rotation policy (jobs it already queued stay in `tessera jobs`)')
    .argument('<id>', 'policy id (see `tessera policy list`)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = cliContext(command);
      await withServices(context, ({ rotation }) => rotation.scheduler.removePolicy(id));
      context.out.result({ removed: id }, `Removed policy ${id}.`);
    });

  policy
    .command('approve')
    .description('approve a policy\'s runs ahead of time (1h to 30d): its jobs then decrypt and rotate with nobody present')
    .argument('<id>', 'policy id (see `tessera policy list`)')
    .requiredOption('--for <time>', 'how long: 1h to 30d, such as 12h or 7d')
    .option('--keep-while-locked', 'keep it after the vault locks (needed from the command line, where every command is its own unlock)')
    .action(async (id: string, options: { for: string; keepWhileLocked?: boolean }, command: Command) => {
      const context = cliContext(command);
      const durationMs = parseDuration(options.for, '--for', { minMs: 3_600_000, maxMs: 30 * 86_400_000, hint: '1h to 30d', examples: '12h, 7d or 30d' });
      if (!options.keepWhileLocked) {
        throw new TesseraError('USAGE', 'From the command line a standing approval must outlast this command: add --keep-while-locked. It then holds until it expires or `tessera policy revoke`, also while the vault is locked — whoever runs `tessera agent` with your master password can rotate this policy\'s accounts in that time.');
      }
      const { approval, released } = await withServices(context, ({ rotation }) => rotation.standingApprovals.grant(id, { durationMs, keepWhileLocked: true }));
      context.out.warn('this policy\'s rotations now decrypt their accounts with nobody present, also while the vault is locked, until the approval ends. Revoke it with `tessera policy revoke`.');
      context.out.result({ policyId: id, standingApproval: approval, releasedJobs: released.map((job) => job.id) },
        `Approved the runs of policy ${id} until ${utc(approval.expiresAt)}${released.length ? `; ${released.length} waiting job${released.length === 1 ? '' : 's'} may run now` : ''}.`);
    });

  policy
    .command('revoke')
    .description('end a policy\'s standing approval now (its next jobs wait for approval again)')
    .argument('<id>', 'policy id (see `tessera policy list`)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = cliContext(command);
      await withServices(context, ({ rotation }) => rotation.standingApprovals.revoke(id));
      context.out.result({ policyId: id, revoked: true }, `Revoked the standing approval of policy ${id}. Jobs it already released stay in \`tessera jobs\`; deny one with \`tessera approve JOB --deny\`.`);
    });
}
