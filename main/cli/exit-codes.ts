// The CLI's exit codes and the one table that maps error codes to them. Every code not
// listed exits 1 ("the operation failed"), so codes other services add later are safe by
// default. Scripts should branch on the exit code; with --json the error code is on stdout.
import type { ErrorCode } from '../errors';

export const EXIT = {
  ok: 0,
  /** The operation failed: damaged vault or item, broken audit chain, conflict, bug. */
  failed: 1,
  /** The command line is wrong: unknown option, missing argument, conflicting flags. */
  usage: 2,
  /** The vault stays locked: wrong master password or recovery key. */
  locked: 3,
  /** A value given is wrong: bad field, otpauth URI, backup file, path, unknown or ambiguous account. */
  badInput: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Every error code whose exit code is not 1. Codes exiting 1 today include VAULT_CORRUPT,
 * VAULT_TOO_NEW, WEAK_KDF_PARAMS, ITEM_CORRUPT, ITEM_CONFLICT (run again), AUDIT_CHAIN_BROKEN,
 * NOT_PERMITTED, CANCELLED (Ctrl-C at a prompt), INTERNAL and the automation/inbox codes.
 */
export const EXIT_CODE_BY_ERROR: Partial<Record<ErrorCode, ExitCode>> = {
  USAGE: EXIT.usage,
  WRONG_PASSWORD: EXIT.locked,
  WRONG_RECOVERY_KEY: EXIT.locked,
  VAULT_LOCKED: EXIT.locked,
  INVALID_INPUT: EXIT.badInput,
  INVITATION_INVALID: EXIT.badInput, // no join request shows the six-digit code given
  PAYLOAD_TOO_LARGE: EXIT.badInput,
  VAULT_NOT_FOUND: EXIT.badInput, // the path given (or implied) holds no vault
  VAULT_EXISTS: EXIT.badInput, // init / restore never write over an existing file
  ITEM_NOT_FOUND: EXIT.badInput, // no account with that id or name
  JOB_NOT_FOUND: EXIT.badInput, // no rotation job with that id
  BACKUP_INVALID: EXIT.badInput, // not a backup, damaged, or the wrong passphrase
  IMPORT_INVALID: EXIT.badInput,
  OTPAUTH_INVALID: EXIT.badInput,
  QR_NOT_FOUND: EXIT.badInput,
  IMAGE_INVALID: EXIT.badInput,
  RECIPE_INVALID: EXIT.badInput,
  PASSWORD_RULES_UNSATISFIABLE: EXIT.badInput,
  INSECURE_LOGIN_URL: EXIT.badInput, // an http:// login URL nobody confirmed (--allow-http)
  INSECURE_RELAY: EXIT.badInput, // a secret (SMTP password) for a relay reached without TLS
};

export function exitCodeFor(code: ErrorCode): ExitCode {
  return EXIT_CODE_BY_ERROR[code] ?? EXIT.failed;
}
