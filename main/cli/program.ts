// The `tessera` command line: global options, the command groups a command line needs
// (command-groups.ts), and the one place where a failure becomes a message on stderr and an
// exit code (mapped in exit-codes.ts).
// Commander's own usage errors exit 2; --help and --version exit 0.
import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { isTesseraError } from '../errors';
import { EXIT, exitCodeFor, type ExitCode } from './exit-codes';
import { Output } from './output';
import { cliIo, processIo, withCliIo, type CliIo } from './cli-io';
import { scanArgv } from './argv-scan';
import { commandGroupsFor } from './command-groups';

const GLOBAL_HELP = `
The master password comes from --password-file FILE, else TESSERA_PASSWORD, else a prompt
on the terminal (/dev/tty, so it never mixes with a password piped to --password-stdin).

With --json, stdout carries exactly one JSON document: {"ok":true,"value":…} on success,
{"ok":false,"error":{"code","message"}} on failure. Messages for people go to stderr.

Exit codes:
  0  ok
  1  the operation failed (damaged vault or account, broken audit chain, conflict)
  2  usage: unknown command or option, missing argument, conflicting flags
  3  wrong master password or recovery key (the vault stays locked)
  4  bad input: a wrong value, otpauth URI, backup file or path; unknown or ambiguous account

Environment: TESSERA_VAULT, TESSERA_PASSWORD, TESSERA_BACKUP_PASSPHRASE, TESSERA_MAILBOX_PASSWORD.`;

/**
 * The program with the command group `command` names (command-groups.ts), or every group when
 * it names none of them (help, no command, an unknown one).
 */
export function buildProgram(command?: string): Command {
  const program = new Command('tessera')
    .description('Tessera\'s vault from the command line: the same encrypted vault as the desktop app, without the app.')
    .version(version, '-V, --version', 'print the version')
    .option('--vault <path>', 'the vault file (default: $TESSERA_VAULT, else the desktop app\'s own vault)')
    .option('--password-file <file>', 'read the master password from the first line of FILE')
    .option('--json', 'machine-readable output on stdout (see below)')
    .helpOption('-h, --help', 'show help for a command')
    .exitOverride()
    .configureOutput({
      // Commander's own messages (usage errors, --help, --version) go to the run's streams.
      writeOut: (text) => cliIo().stdout.write(text),
      writeErr: (text) => cliIo().stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, 'tessera: ')),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', GLOBAL_HELP);
  for (const group of commandGroupsFor(command)) group.register(program);
  return program;
}

/**
 * Runs one command line (without node and the script) and returns the exit code. `io`
 * replaces the process's stdout, stderr, stdin, environment or terminal for this run only
 * (tests run the CLI in-process this way); by default it is the process's own.
 */
export async function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<ExitCode> {
  const run = async () => {
    const program = buildProgram(scanArgv(argv).command);
    try {
      await program.parseAsync(argv, { from: 'user' });
      return EXIT.ok;
    } catch (error) {
      return report(error, new Output(program.opts().json === true || argv.includes('--json')));
    }
  };
  // The process's own I/O is what cliIo() gives outside withCliIo: no AsyncLocalStorage, whose
  // hook on every promise cost the CLI's start ~10 ms. Tests pass their own and get it.
  return Object.keys(io).length === 0 ? run() : withCliIo({ ...processIo(), ...io }, run);
}

/** Ids are base64url, so one in 64 begins with "-" and reads as an option; say how to pass it. */
function idHint(error: CommanderError): string {
  const option = /unknown option '(-[^-'][^']+)'/.exec(error.message)?.[1];
  return error.code === 'commander.unknownOption' && option ? ` If ${option} is an id, put -- before it: … -- ${option}` : '';
}

function report(error: unknown, out: Output): ExitCode {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return EXIT.ok; // --help, --version
    // Commander already printed its message (or, with no command, the help) to stderr.
    const message = error.code === 'commander.help' ? 'No command given. Run tessera --help for the list.' : error.message.replace(/^error: /, '') + idHint(error);
    out.error('USAGE', message, undefined, false);
    return EXIT.usage;
  }
  if (isTesseraError(error)) {
    out.error(error.code, error.message, error.details, true, error.data);
    return exitCodeFor(error.code);
  }
  out.error('INTERNAL', `Unexpected error: ${error instanceof Error ? error.message : String(error)}. Please report this.`);
  return EXIT.failed;
}
