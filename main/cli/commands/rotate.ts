// Password rotation from the command line:
//   rotate ID|NAME... [--yes] [--concurrency N]   rotates the accounts' passwords on their sites
//                                                 (asks on the terminal first; scripts pass --yes),
//                                                 printing each step on stderr; --json gives the
//                                                 final state of each. Exit 1 unless all rotated.
//   logout ID|NAME... [--yes]                     Universal Logout: signs out every session on each
//                                                 site, then rotates; fires the policy trigger
//                                                 (`workspace logout MEMBER` does it for a member).
//   reconcile ROTATION --working new|old          closes a rotation flagged RECONCILE
//   jobs [--status S] [--run]                     the rotation job queue; --run runs due, approved jobs
//   approve JOB [--batch | --deny]                decrypt approval of a waiting job (or its batch, one hour)
// Interrupted rotations are recovered before anything else runs. The rotation service is the
// app's (cli-services.ts): its logins read emailed codes from the team mailbox, and a rotated
// password of a shared account goes out to the account's shared doc.
import type { Command } from 'commander';
import { TesseraError } from '../../errors';
import type { Job } from '../../rotation/schedule/job-queue';
import { JOB_STATUSES, type JobStatus } from '../../rotation/schedule/job-statuses';
import type { RotationProgress, RotationService, UniversalLogoutReport } from '../../rotation/rotation-service';
import type { Services } from '../../services';
import type { AccountSummary, Vault } from '../../vault';
import { describeAccount, resolveAccount } from '../account-ref';
import { cliContext, type CliContext } from '../context';
import { needsMailbox, withLiveSync, withServices } from '../cli-services';
import { formatTable } from '../table';
import { formatUtc } from '../utc-time';
import { confirmOnTerminal } from '../terminal-confirm';

/**
 * The composed services with interrupted rotations recovered. `accountIds` are the accounts
 * the command may rotate: the mailbox is watched when their logins may need an emailed code,
 * and the workspaces sync live so a rotated shared password reaches its doc.
 */
export async function withRotation<T>(context: CliContext, use: (service: RotationService, vault: Vault, services: Services) => Promise<T>, accountIds?: (services: Services) => string[]): Promise<T> {
  return withServices(context, async (services) => {
    const vault = services.vault.unlocked();
    const service = services.rotation;
    const { recovered } = await service.recover();
    for (const result of recovered) context.out.note(`recovered an interrupted rotation of ${result.accountId}: ${result.state}`);
    if (!accountIds) return use(service, vault, services);
    if (needsMailbox(services, accountIds(services))) await services.startBackground(['inbox']);
    return withLiveSync(services, (text) => context.out.warn(text), () => use(service, vault, services));
  });
}

function progressLine(event: RotationProgress, name: string): string {
  const what = event.step ? `${event.step} ${event.status}` : event.state;
  return `  ${name}: ${what}${event.detail ? ` — ${event.detail}` : ''}`;
}

function jobRow(job: Job, vault: Vault): string[] {
  const summary = vault.accounts.list({ deleted: 'include' }).find((entry) => entry.id === job.accountId);
  const name = summary?.status === 'ok' ? `${summary.name}${summary.hosts[0] ? ` (${summary.hosts[0]})` : ''}` : job.accountId;
  return [job.id, job.status.replace('_', ' '), name, job.task, job.trigger, formatUtc(job.dueAt), job.result ?? job.reason];
}

export function registerRotateCommands(program: Command): void {
  program
    .command('rotate')
    .description('change the passwords of accounts on their sites, journalled so a working password is never lost')
    .argument('<accounts...>', 'account ids, or names if no other account has that name')
    .option('--yes', 'do not ask for confirmation (scripts)')
    .option('--concurrency <n>', 'accounts rotated at the same time (1-8)', '4')
    .action(async (refs: string[], options: { yes?: boolean; concurrency: string }, command: Command) => {
      const context = cliContext(command);
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8) throw new TesseraError('USAGE', '--concurrency takes a number from 1 to 8.');
      const reports = await withRotation(context, async (service, vault) => {
        const accounts = refs.map((ref) => resolveAccount(vault.accounts, ref));
        if (!options.yes) {
          const list = accounts.map((a) => `  ${describeAccount(a)}`).join('\n');
          context.out.note(`This logs in to each site and changes its password:\n${list}`);
          const answer = await confirmOnTerminal(`Rotate ${accounts.length === 1 ? 'this password' : `these ${accounts.length} passwords`}?`);
          if (answer === null) throw new TesseraError('USAGE', 'No terminal to confirm on. Pass --yes to rotate from a script.');
          if (!answer) throw new TesseraError('CANCELLED', 'Nothing was rotated.');
        }
        const names = new Map(accounts.map((a) => [a.id, a.name]));
        return service.rotateMany(accounts.map((a) => a.id), {
          concurrency,
          onProgress: (event) => {
            if (!context.out.json && (event.step === undefined || event.status === 'fail')) context.out.note(progressLine(event, names.get(event.accountId) ?? event.accountId));
          },
        });
      }, (services) => refs.map((ref) => resolveAccount(services.vault.unlocked().accounts, ref).id));
      const failed = reports.filter((r) => r.state !== 'COMMITTED');
      const { formatFailure } = await import('../../../automation/flows/failure-report');
      const human = reports.map((r) => {
        const line = `${r.accountId}  ${r.error ? `${r.error.code}: ${r.error.message}` : `${r.state}${r.reasons.length ? ` (${r.reasons.at(-1)})` : ''}`}`;
        return r.failure ? `${line}\n${formatFailure(r.failure)}` : line;
      }).join('\n');
      if (failed.length === 0) {
        context.out.result({ results: reports }, human);
        return;
      }
      if (!context.out.json) context.out.note(human);
      // --json: every account's report (with its failure: step, why, last page, tried, what to do) rides on the error.
      throw new TesseraError('ROTATION_FAILED', `${failed.length} of ${reports.length} rotation${reports.length === 1 ? '' : 's'} did not complete; the old passwords still work except where RECONCILE is shown.`, {
        results: reports.map((r) => `${r.accountId}:${r.state ?? r.error?.code ?? 'ERROR'}`).join(','),
      }, { results: reports });
    });

  program
    .command('logout')
    .description('Universal Logout: sign out every session of the accounts on their sites, then rotate their passwords')
    .argument('<accounts...>', 'account ids, or names if no other account has that name')
    .option('--yes', 'do not ask for confirmation (scripts)')
    .action(async (refs: string[], options: { yes?: boolean }, command: Command) => {
      const context = cliContext(command);
      await withRotation(context, async (_service, vault, services) => {
        const accounts = refs.map((ref) => resolveAccount(vault.accounts, ref));
        await logoutEverywhere(context, services, accounts, { yes: options.yes === true });
      }, (services) => refs.map((ref) => resolveAccount(services.vault.unlocked().accounts, ref).id));
    });

  program
    .command('reconcile')
    .description('close a rotation flagged RECONCILE by saying which password works on the site')
    .argument('<rotation>', 'the rotation id')
    .requiredOption('--working <which>', '"new" or "old": the password that logs in')
    .action(async (rotationId: string, options: { working: string }, command: Command) => {
      const context = cliContext(command);
      if (options.working !== 'new' && options.working !== 'old') throw new TesseraError('USAGE', '--working takes "new" or "old".');
      const working = options.working;
      const result = await withRotation(context, async (service) => service.resolveReconcile(rotationId, working), () => []);
      context.out.result(result, `${result.accountId}  ${result.state}`);
    });

  program
    .command('jobs')
    .description('list rotation jobs (scheduled, event-triggered, waiting for approval)')
    .option('--status <status>', `only jobs in this status (${JOB_STATUSES.join(', ')})`)
    .option('--run', 'run the approved jobs that are due now')
    .action(async (options: { status?: string; run?: boolean }, command: Command) => {
      const context = cliContext(command);
      if (options.status !== undefined && !(JOB_STATUSES as readonly string[]).includes(options.status)) {
        throw new TesseraError('USAGE', `--status takes one of ${JOB_STATUSES.join(', ')}.`);
      }
      const statuses = options.status ? [options.status as JobStatus] : undefined;
      const { jobs, rows } = await withRotation(context, async (service, vault) => {
        if (options.run) {
          service.scheduler.tick();
          await service.scheduler.runDue((job) => service.execute(job));
        }
        const listed = service.scheduler.jobs.list(statuses);
        return { jobs: listed, rows: listed.map((job) => jobRow(job, vault)) };
      }, options.run ? (services) => services.rotation.scheduler.jobs.list(['queued']).map((job) => job.accountId) : undefined);
      context.out.result({ jobs }, rows.length === 0 ? 'No rotation jobs.' : formatTable(['JOB', 'STATUS', 'ACCOUNT', 'TASK', 'TRIGGER', 'DUE (UTC)', 'REASON / RESULT'], rows));
    });

  program
    .command('approve')
    .description('approve decrypting an account for a waiting rotation job (or deny it)')
    .argument('<job>', 'the job id (see tessera jobs)')
    .option('--batch', 'approve every job of the same batch for one hour')
    .option('--deny', 'deny the job instead')
    .action(async (jobId: string, options: { batch?: boolean; deny?: boolean }, command: Command) => {
      const context = cliContext(command);
      if (options.batch && options.deny) throw new TesseraError('USAGE', 'Use either --batch or --deny, not both.');
      const decision = options.deny ? 'deny' : options.batch ? 'approve-batch' : 'approve-job';
      const jobs = await withRotation(context, async (service) => service.approvals.decide(jobId, decision));
      context.out.result({ jobs }, jobs.map((job) => `${job.id}  ${job.status.replace('_', ' ')}`).join('\n'));
    });
}

/**
 * Universal Logout of `accounts` after the person confirms (or --yes): each site's sessions
 * signed out, then the password rotated; progress on stderr, one line per account. Exit 1
 * (ROTATION_FAILED) unless every account was rotated. Shared by `logout` and `workspace logout`.
 */
export async function logoutEverywhere(
  context: CliContext,
  { rotation: service, events }: Services,
  accounts: readonly AccountSummary[],
  { yes, subject }: { yes: boolean; subject?: string },
): Promise<void> {
  if (!yes) {
    const list = accounts.map((a) => `  ${describeAccount(a)}`).join('\n');
    context.out.note(`This signs out every session on each site (yours and everyone else's), then changes its password:\n${list}`);
    const answer = await confirmOnTerminal(`Log out everywhere on ${accounts.length === 1 ? 'this account' : `these ${accounts.length} accounts`}?`);
    if (answer === null) throw new TesseraError('USAGE', 'No terminal to confirm on. Pass --yes to log out from a script.');
    if (!answer) throw new TesseraError('CANCELLED', 'Nothing was changed.');
  }
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  const off = context.out.json ? undefined : events.subscribe((name, payload) => {
    if (name !== 'rotation.progress') return;
    const event = payload as RotationProgress;
    if (names.has(event.accountId) && (event.step === undefined || event.status === 'fail')) context.out.note(progressLine(event, names.get(event.accountId)!));
  });
  let reports: UniversalLogoutReport[];
  try {
    reports = await service.logoutEverywhereNow(accounts.map((a) => a.id), subject ? { subject } : {});
  } finally {
    off?.();
  }
  const human = reports.map((r) => `${r.accountId}  signed out: ${LOGOUT_WORDS[r.logout]}; ${r.error ? `${r.error.code}: ${r.error.message}` : `${r.state}${r.reasons.length ? ` (${r.reasons.at(-1)})` : ''}`}`).join('\n');
  const failed = reports.filter((r) => r.state !== 'COMMITTED');
  if (failed.length === 0) {
    context.out.result({ results: reports }, human);
    return;
  }
  if (!context.out.json) context.out.note(human);
  throw new TesseraError('ROTATION_FAILED', `${failed.length} of ${reports.length} account${reports.length === 1 ? '' : 's'} did not get a new password; their old passwords still work except where RECONCILE is shown.`, {
    results: reports.map((r) => `${r.accountId}:${r.state ?? r.error?.code ?? 'ERROR'}`).join(','),
  }, { results: reports });
}

const LOGOUT_WORDS: Record<UniversalLogoutReport['logout'], string> = {
  signed_out: 'yes',
  no_other_sessions: 'there was no other session',
  unconfirmed: 'asked, not confirmed by the site',
  not_found: 'no "sign out everywhere" control found',
  login_failed: 'could not log in',
  error: 'stopped on an error',
};
