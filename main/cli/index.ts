// Entry of the `tessera` CLI, bundled to out/main/cli.js and started by bin/tessera.js.
// Plain Node: the same services as the app (vault, MFA, generator), never 'electron'.
// Starts the master password's KDF first (early-unlock.ts: before even process.stdout, whose
// first use loads Node's stream modules), then loads the commands while it runs. Ends once the
// command is done and its output flushed (endWhenOnlyOutputIsLeft).
import { dropUnclaimedEarlyKdf, startEarlyUnlock } from './early-unlock';

const argv = process.argv.slice(2);
await startEarlyUnlock(argv, process.env);

// `tessera audit --format csv | head`: the reader went away; stop quietly instead of a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const { runCli } = await import('./program');
process.exitCode = await runCli(argv);
dropUnclaimedEarlyKdf();
endWhenOnlyOutputIsLeft();

/**
 * The command is done. When nothing but the standard streams is left in the event loop (no
 * server, socket, child, timer or file operation of a command's), the process ends as soon as
 * stdout and stderr are flushed, with the exit code set above: V8 may be finishing a garbage
 * collection of a heap about to be dropped (10–20 ms measured), and an early KDF nobody claimed
 * need not run to its end. Anything else left keeps the process to its natural end.
 */
function endWhenOnlyOutputIsLeft(): void {
  const streams = new Set(['PipeWrap', 'TTYWrap']);
  if (process.getActiveResourcesInfo().some((resource) => !streams.has(resource))) return;
  process.stdout.write('', () => process.stderr.write('', () => process.exit()));
}
