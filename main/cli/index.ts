// Entry of the `tessera` CLI, bundled to out/main/cli.js and started by bin/tessera.js.
// Plain Node: the same services as the app (vault, MFA, generator), never 'electron'.
// Sets the exit code rather than calling process.exit, so stdout is flushed first.
import { runCli } from './program';

// `tessera audit --format csv | head`: the reader went away; stop quietly instead of a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
