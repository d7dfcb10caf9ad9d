// A command line read the way commander reads it, for the little needed before the commands
// load: the top-level command word, the two global options with a value (--vault and
// --password-file, spaced or with "="), and whether it asks for help or the version. Scanning
// stops at "--". Used to load only the invoked command group (command-groups.ts) and to start
// the master password's KDF early (early-unlock.ts).

export interface ScannedArgv {
  /** The first word that is neither an option nor an option's value; undefined when none. */
  command: string | undefined;
  vault: string | undefined;
  passwordFile: string | undefined;
  /** -h, --help, -V or --version before "--". */
  helpOrVersion: boolean;
  /** --vault or --password-file without its value. */
  incomplete: boolean;
}

const HELP_OR_VERSION = new Set(['-h', '--help', '-V', '--version']);

export function scanArgv(argv: readonly string[]): ScannedArgv {
  const scanned: ScannedArgv = { command: undefined, vault: undefined, passwordFile: undefined, helpOrVersion: false, incomplete: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (HELP_OR_VERSION.has(arg)) scanned.helpOrVersion = true;
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals < 0 ? arg : arg.slice(0, equals);
    if (name === '--vault' || name === '--password-file') {
      const value = equals < 0 ? argv[++i] : arg.slice(equals + 1);
      if (value === undefined) scanned.incomplete = true;
      else if (name === '--vault') scanned.vault = value;
      else scanned.passwordFile = value;
    } else if (scanned.command === undefined && !arg.startsWith('-')) {
      scanned.command = arg;
    }
  }
  return scanned;
}
