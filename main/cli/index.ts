// Entry of the `tessera` CLI, bundled to out/main/cli.js and started by bin/tessera.js.
// Plain Node: the same services as the app (vault, MFA, generator), never 'electron'.
// Starts the master password's KDF first (early-unlock.ts: before even process.stdout, whose
// first use loads Node's stream modules), then loads the commands while it runs. Sets the exit
// code rather than calling process.exit, so stdout is flushed first.
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
