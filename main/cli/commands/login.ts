// `tessera login …`: automated logins from the command line. `verify` logs in headless and
// prints each step as it ends (exit 0 on success, 1 with the outcome otherwise); `open` logs
// in inside the account's own browser profile in a visible window and waits until the window
// is closed (Ctrl-C closes it); `runs` and `show` list the stored runs and one run's steps;
// `trace` saves a run's trace to a new file; `remove-profile` deletes the account's browser
// profile. Runs are stored encrypted next to the vault (automation-runs/), like the app does.
// The login service is the app's (cli-services.ts): codes mailed to the account's managed
// address are filled from the team mailbox, and a successful login queues the rotations of
// "N hours after login" policies.
import type { Command } from 'commander';
import type { StoredRun } from '../../logins/run-store';
import type { StepEvent } from '../../../automation/login/step-runner';
import { TesseraError } from '../../errors';
import type { Services } from '../../services';
import { resolveAccount } from '../account-ref';
import { cliContext, type CliContext } from '../context';
import { needsMailbox, withServices } from '../cli-services';
import { formatTable } from '../table';
import { refuseExistingFile } from '../existing-files';
import { writeFileAtomicSync } from '../../platform/atomic-write';

const ACCOUNT_ARG = 'account id, or its name if no other account has that name';

/** The account named by `ref` (ITEM_NOT_FOUND before any browser starts), with the person's role on it checked. */
function accountFor(services: Services, ref: string) {
  const account = resolveAccount(services.vault.unlocked().accounts, ref);
  services.sharing.access.requireAccess(account.id);
  return account;
}

/** A login that may wait for an emailed code needs the team mailbox watched while it runs. */
async function startMailboxFor(services: Services, accountId: string): Promise<void> {
  if (needsMailbox(services, [accountId])) await services.startBackground(['inbox']);
}

export function stepLine(event: StepEvent, startedAt: number): string {
  const mark = event.status === 'ok' ? '✓' : '✗';
  const detail = event.detail ? `  ${event.detail}` : '';
  return `${mark} ${event.step.padEnd(20)} ${String(event.at - startedAt).padStart(6)} ms${detail}`;
}

/** Prints steps as they end: on stdout for people, on stderr with --json (stdout stays one document). */
function stepPrinter(context: CliContext): (event: StepEvent) => void {
  const startedAt = Date.now();
  return (event) => {
    if (event.status === 'start') return;
    const line = stepLine(event, startedAt);
    if (context.out.json) context.out.note(line);
    else context.out.document(line);
  };
}

function runJson(run: StoredRun) {
  const { report } = run;
  return {
    runId: run.runId,
    accountId: run.accountId,
    kind: report.kind,
    outcome: report.outcome,
    reasons: report.reasons,
    evidence: report.evidence,
    strategy: report.strategy,
    ...(report.recipe ? { recipe: report.recipe } : {}),
    steps: report.steps,
    startedAt: new Date(report.startedAt).toISOString(),
    durationMs: report.durationMs,
    screenshots: run.screenshots.map((shot) => shot.name),
    traceChunks: run.traceChunks,
  };
}

/** Success prints the run; anything else is exit 1 with the outcome and its reasons. */
function finish(context: CliContext, run: StoredRun, name: string): void {
  const { report } = run;
  if (report.outcome === 'success') {
    context.out.result(runJson(run), `success: logged in to ${name} in ${report.durationMs} ms (${report.reasons.join('; ')})`);
    return;
  }
  throw new TesseraError(
    'LOGIN_FAILED',
    `${report.outcome}: ${report.reasons.join('; ')}. The whole run: tessera login show ${run.accountId} ${run.runId}`,
    { outcome: report.outcome, runId: run.runId, accountId: run.accountId, durationMs: report.durationMs, steps: report.steps.length },
  );
}

export function registerLoginCommands(program: Command): void {
  const login = program.command('login').description('log in to an account\'s site with a real browser: verify the credentials, or open it logged in');

  login
    .command('verify')
    .description('log in headless and report the outcome; exit 0 on success, 1 otherwise')
    .argument('<account>', ACCOUNT_ARG)
    .addHelpText('after', '\nWith --json, stdout gets {outcome, reasons, evidence, steps, durationMs, …} on success, or the error with the outcome on failure; steps print on stderr as they end.')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const context = cliContext(command);
      await withServices(context, async (services) => {
        const account = accountFor(services, ref);
        await startMailboxFor(services, account.id);
        const stop = () => services.logins.cancel(account.id);
        process.once('SIGINT', stop);
        try {
          finish(context, await services.logins.verify(account.id, { onStep: stepPrinter(context) }), account.name);
        } finally {
          process.off('SIGINT', stop);
        }
      });
    });

  login
    .command('open')
    .description('log in inside the account\'s own browser profile in a visible window, then leave the window to you')
    .argument('<account>', ACCOUNT_ARG)
    .option('--assisted', 'type what can be typed, then wait for you to finish (CAPTCHA, unusual steps)')
    .action(async (ref: string, options: { assisted?: boolean }, command: Command) => {
      const context = cliContext(command);
      await withServices(context, async (services) => {
        const account = accountFor(services, ref);
        await startMailboxFor(services, account.id);
        const service = services.logins;
        // Ctrl-C stops a running login, or closes the window once it is handed over.
        const stop = () => void service.close();
        process.once('SIGINT', stop);
        try {
          const run = await service.open(account.id, { assisted: options.assisted ?? false, onStep: stepPrinter(context) });
          if (run.report.outcome === 'success') context.out.note('The browser window is yours now. Close it (or press Ctrl-C) when you are done.');
          else context.out.note('The window stays open so you can see what happened. Close it (or press Ctrl-C) when you are done.');
          await run.windowClosed;
          finish(context, run, account.name);
        } finally {
          process.off('SIGINT', stop);
        }
      });
    });

  login
    .command('runs')
    .description('list the last runs of an account (the newest 20 are kept)')
    .argument('<account>', ACCOUNT_ARG)
    .action(async (ref: string, _options: unknown, command: Command) => {
      const context = cliContext(command);
      const runs = await withServices(context, async (services) => services.logins.runs.list(accountFor(services, ref).id));
      const rows = runs.map((run) => [run.runId, new Date(run.startedAt).toISOString(), run.kind, run.outcome, `${run.durationMs} ms`, run.reason]);
      context.out.result(runs, runs.length === 0 ? 'No runs yet. Start one with: tessera login verify ACCOUNT' : formatTable(['RUN', 'STARTED', 'KIND', 'OUTCOME', 'TIME', 'WHY'], rows));
    });

  login
    .command('show')
    .description('show one run with its steps and evidence (default: the newest)')
    .argument('<account>', ACCOUNT_ARG)
    .argument('[run]', 'run id from `tessera login runs`')
    .action(async (ref: string, runId: string | undefined, _options: unknown, command: Command) => {
      const context = cliContext(command);
      const run = await withServices(context, async (services) => {
        const accountId = accountFor(services, ref).id;
        const id = runId ?? (await services.logins.runs.list(accountId))[0]?.runId;
        if (!id) throw new TesseraError('ITEM_NOT_FOUND', 'This account has no runs yet. Start one with: tessera login verify ACCOUNT');
        return services.logins.runs.get(accountId, id);
      });
      const { report } = run;
      const human = [
        `${report.kind} ${report.outcome} in ${report.durationMs} ms (${report.strategy}${report.recipe ? `: ${report.recipe}` : ''})`,
        ...report.reasons.map((reason) => `  ${reason}`),
        ...report.steps.filter((event) => event.status !== 'start').map((event) => stepLine(event, report.startedAt)),
      ].join('\n');
      context.out.result(runJson(run), human);
    });

  login
    .command('trace')
    .description('save a run\'s Playwright trace (a zip for `npx playwright show-trace`); tracing stops while secrets are typed, so a run may have several parts')
    .argument('<account>', ACCOUNT_ARG)
    .argument('<run>', 'run id from `tessera login runs`')
    .requiredOption('--out <file>', 'where to write the zip (a new file; Tessera never overwrites)')
    .option('--part <n>', 'which part (default 1)', '1')
    .action(async (ref: string, runId: string, options: { out: string; part: string }, command: Command) => {
      const context = cliContext(command);
      const part = Number(options.part);
      if (!Number.isInteger(part) || part < 1) throw new TesseraError('USAGE', '--part takes a whole number from 1.');
      refuseExistingFile(options.out);
      const saved = await withServices(context, async (services) => {
        const accountId = accountFor(services, ref).id;
        // The evidence (the trace) stays with Owners, as in the app.
        services.sharing.access.requireOwner(accountId);
        const { bytes } = await services.logins.exportTrace(accountId, runId, part);
        writeFileAtomicSync(options.out, bytes, 0o600);
        return { file: options.out, part, bytes: bytes.length };
      });
      context.out.result(saved, `Saved part ${part} of the trace to ${saved.file}. Open it with: npx playwright show-trace ${saved.file}`);
    });

  login
    .command('remove-profile')
    .description('delete the account\'s browser profile (cookies, storage) used by `login open`')
    .argument('<account>', ACCOUNT_ARG)
    .action(async (ref: string, _options: unknown, command: Command) => {
      const context = cliContext(command);
      const name = await withServices(context, async (services) => {
        const account = accountFor(services, ref);
        await services.logins.removeProfile(account.id);
        return account.name;
      });
      context.out.result({ removed: true }, `The browser profile of ${name} is removed; the next "login open" starts logged out.`);
    });
}
