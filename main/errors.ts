// Error codes shared by every Tessera service and by the IPC/CLI boundaries.
// Inside a module, code throws TesseraError; at a boundary the error becomes
// `{ ok: false, error: { code, message } }` (IPC) or an exit code (CLI).
// Messages say what happened and what to do, and never contain a secret.

export const ERROR_CODES = [
  // boundary
  'INVALID_INPUT',
  /** CLI: the command line itself is wrong (unknown option, missing argument, conflicting flags). */
  'USAGE',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN_SENDER',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL',
  /** This host cannot do it (e.g. a save dialog where no person can pick a file). */
  'NOT_SUPPORTED',
  /** The OS refused a change Tessera asked of it (start at login): nothing was saved. */
  'OS_INTEGRATION_FAILED',
  // vault
  'VAULT_NOT_FOUND',
  'VAULT_EXISTS',
  'VAULT_LOCKED',
  'VAULT_CORRUPT',
  'VAULT_TOO_NEW',
  'WRONG_PASSWORD',
  'WRONG_RECOVERY_KEY',
  'WEAK_KDF_PARAMS',
  'ITEM_NOT_FOUND',
  'ITEM_CORRUPT',
  'ITEM_CONFLICT',
  'AUDIT_CHAIN_BROKEN',
  'BACKUP_INVALID',
  'IMPORT_INVALID',
  /** The file to import is a KeePass database: its master password (and key file) must be given. */
  'IMPORT_NEEDS_PASSWORD',
  'NOT_PERMITTED',
  'OTPAUTH_INVALID',
  'QR_NOT_FOUND',
  'IMAGE_INVALID',
  /** The screen could not be captured (no permission, no screen, or not in this host). */
  'SCREEN_CAPTURE_FAILED',
  // automation
  'BROWSER_NOT_FOUND',
  'RECIPE_INVALID',
  'AUTOMATION_FAILED',
  'CANCELLED',
  'TIMEOUT',
  /** A login for the same account is already running. */
  'AUTOMATION_BUSY',
  /** An automated login ran and did not succeed (the outcome says why). */
  'LOGIN_FAILED',
  /** A credential or code field sat on another origin than the account's (or one it allows): nothing was typed. */
  'ORIGIN_MISMATCH',
  /** The login URL is http:// to another machine: a person must confirm before a password goes there. */
  'INSECURE_LOGIN_URL',
  // policies
  'PASSWORD_RULES_UNSATISFIABLE',
  // rotation
  /** Another rotation of this account is running, or one waits for recovery or reconciliation. */
  'ROTATION_IN_PROGRESS',
  /** The rotation ended without a new password; the old one still works. */
  'ROTATION_FAILED',
  /** A login found neither the stored password nor the candidate of a rotation an Owner's device has not settled. */
  'ROTATION_INTERRUPTED',
  /** A rotation job waits for a person to approve decrypting the account. */
  'APPROVAL_REQUIRED',
  'JOB_NOT_FOUND',
  // sync
  'SYNC_MALFORMED',
  'SYNC_BAD_SIGNATURE',
  'SYNC_NOT_AUTHORIZED',
  'SYNC_REPLAY',
  'SYNC_KEY_CHANGED',
  'SYNC_TAMPERED',
  'SYNC_UNKNOWN_EPOCH',
  'CHAIN_INVALID',
  'INVITATION_INVALID',
  /** The invitation's time ran out (24 h by default); the inviter must send a new one. */
  'INVITATION_EXPIRED',
  /** The invitation already admitted someone: each code admits one person. */
  'INVITATION_USED',
  'RELAY_UNAVAILABLE',
  /** The relay serves this doc only to a connection that proved the workspace's relay-access key. */
  'RELAY_AUTH_REQUIRED',
  /** The relay-access key presented is not one the relay accepted for the workspace, or its proof is wrong. */
  'RELAY_AUTH_REFUSED',
  /** The key presented was superseded by a newer epoch's: only the team chain may be read until the device catches up. */
  'RELAY_AUTH_STALE',
  /** The relay closed a connection that sent too much too fast (frames, subscriptions, connections from one address); the client reconnects later. */
  'RELAY_RATE_LIMITED',
  /** A workspace or join mailbox on the relay is full (bytes, records): the record was not stored. */
  'RELAY_QUOTA_EXCEEDED',
  /** A share link that checks who opens it needs a relay that can send email (SMTP), and this one cannot. */
  'LINK_EMAIL_UNAVAILABLE',
  /** A secret (an SMTP password) would go to a relay reached without TLS over the network: not sent. */
  'INSECURE_RELAY',
  // inbox
  'MAILBOX_AUTH_FAILED',
  'MAILBOX_UNREACHABLE',
  'MAILBOX_TLS_FAILED',
  'SMS_PROVIDER_AUTH_FAILED',
  'SMS_PROVIDER_FAILED',
  'INBOX_NOT_CONFIGURED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class TesseraError extends Error {
  override readonly name = 'TesseraError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, string | number | boolean>,
    /** Structured data a caller can act on (the CLI's --json error carries it), e.g. per-account failure reports. */
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function isTesseraError(value: unknown): value is TesseraError {
  return value instanceof TesseraError;
}
