// `tessera agent`: the rotation scheduler without the app, for power users and servers.
//   agent [--interval 60s] [--once]
// Unlocks once (--password-file or TESSERA_PASSWORD: a service has no terminal), watches the team
// mailbox when an account's login may need an emailed code, keeps its workspaces syncing, and every
// interval runs one round of RotationService.runCycle: recover interrupted rotations, enqueue what
// is due, run the approved jobs. Jobs on locally vaulted accounts run only with a decrypt approval —
// per job (`tessera approve`) or ahead of time for a policy (`tessera policy approve`); the agent
// says on stderr when jobs wait. SIGINT/SIGTERM end it after the running round; the vault closes.
import type { Command } from 'commander';
import { isTesseraError } from '../../errors';
import type { Job } from '../../rotation/schedule/job-queue';
import { cliContext, type CliContext } from '../context';
import { needsMailbox, withLiveSync, withServices } from '../cli-services';
import { parseDuration } from '../duration-option';
import { formatUtc } from '../utc-time';

function jobLine(job: Job, names: ReadonlyMap<string, string>): string {
  return `${formatUtc(Date.now(), 'second')} UTC  ${job.status === 'done' ? 'rotated' : 'FAILED '}  ${names.get(job.accountId) ?? job.accountId}  (job ${job.id}, ${job.trigger}): ${job.result ?? ''}`;
}

/** Resolves after `ms`, or at once when `stop` is called. */
function pause(ms: number, onStop: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    onStop(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function runAgent(context: CliContext, options: { intervalMs: number; intervalText: string; once: boolean }): Promise<{ rounds: number; jobs: Job[] }> {
  return withServices(context, async (services) => {
    const vault = services.vault.unlocked();
    const names = new Map(vault.accounts.list({ deleted: 'exclude' }).flatMap((s) => (s.status === 'ok' ? [[s.id, s.name] as const] : [])));
    if (needsMailbox(services, [...names.keys()])) await services.startBackground(['inbox']);
    return withLiveSync(services, (text) => context.out.warn(text), async () => {
      let stopping = false;
      let wake: (() => void) | undefined;
      const stop = () => {
        stopping = true;
        wake?.();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const jobs: Job[] = [];
      let rounds = 0;
      let waitingSaid = 0;
      if (!options.once) context.out.note(`Tessera agent: running due rotation jobs every ${options.intervalText}. Stop it with Ctrl-C.`);
      try {
        while (!stopping) {
          rounds++;
          try {
            const { finished, waiting } = await services.rotation.runCycle();
            for (const job of finished) context.out.note(jobLine(job, names));
            jobs.push(...finished);
            if (waiting > 0 && waiting !== waitingSaid) {
              context.out.note(`${waiting} rotation job${waiting === 1 ? ' waits' : 's wait'} for your approval: see \`tessera jobs --status needs_approval\`, then \`tessera approve JOB\`, or approve a policy ahead of time with \`tessera policy approve POLICY --for 7d --keep-while-locked\`.`);
            }
            waitingSaid = waiting;
          } catch (error) {
            // A round that fails (no browser, the mailbox down) is said and tried again next round.
            context.out.warn(`this round stopped: ${isTesseraError(error) ? `${error.code}: ${error.message}` : String(error)} The agent tries again in ${options.intervalText}.`);
          }
          if (options.once || stopping) break;
          await pause(options.intervalMs, (resolve) => (wake = resolve));
        }
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
      return { rounds, jobs };
    });
  });
}

export function registerAgentCommand(program: Command): void {
  program
    .command('agent')
    .description('run rotation jobs by themselves, with nobody at the app: every --interval, what is due and approved runs (Ctrl-C stops it)')
    .option('--interval <time>', 'how often to look for due jobs: 5s to 1h', '60s')
    .option('--once', 'one round, then exit (for cron or a systemd timer)')
    .action(async (options: { interval: string; once?: boolean }, command: Command) => {
      const context = cliContext(command);
      const intervalMs = parseDuration(options.interval, '--interval', { minMs: 5_000, maxMs: 3_600_000, hint: '5s to 1h', examples: '30s, 5m or 1h' });
      const { rounds, jobs } = await runAgent(context, { intervalMs, intervalText: options.interval.trim(), once: options.once === true });
      const failed = jobs.filter((job) => job.status !== 'done').length;
      context.out.result({ rounds, jobs }, `The agent stopped after ${rounds} round${rounds === 1 ? '' : 's'}: ${jobs.length - failed} rotation${jobs.length - failed === 1 ? '' : 's'} done, ${failed} failed.`);
    });
}
