// Opening an IMAP session for the inbox: imapflow options from the mailbox settings (TLS,
// STARTTLS that must succeed, or plain to this machine only; a per-server CA instead of
// switching verification off) and the translation of imapflow's failures into error codes.

import type { ImapFlow, ImapFlowOptions } from 'imapflow';
import { TesseraError } from '../errors';
import type { MailboxConfig, MailboxCredentials } from './mailbox-config';

const CONNECT_TIMEOUT_MS = 15_000;
const MIN_SOCKET_TIMEOUT_MS = 10_000;

export function imapClientOptions(config: MailboxConfig, credentials: MailboxCredentials): ImapFlowOptions {
  return {
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    // STARTTLS must succeed when asked for: a stripped capability must not downgrade to plain text.
    doSTARTTLS: config.security === 'starttls' ? true : config.security === 'none' ? false : undefined,
    auth: { user: credentials.username, pass: credentials.password },
    tls: {
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
      ...(config.trustedCaPem ? { ca: [config.trustedCaPem] } : {}),
    },
    logger: false,
    // The inbox runs IDLE and the UID poll itself; imapflow's auto-IDLE would compete with it.
    disableAutoIdle: true,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    // Silence this long fails the command (or, in IDLE, a NOOP probe): how a connection that
    // died without a word is noticed. Inactivity, not total time, so slow large fetches are fine.
    socketTimeout: Math.max(MIN_SOCKET_TIMEOUT_MS, config.pollIntervalMs * 2),
    clientInfo: { name: 'Tessera' },
  };
}

/** Connects, logs in and opens the watched folder read-only (nothing is ever marked read). */
export async function openMailbox(config: MailboxConfig, credentials: MailboxCredentials): Promise<ImapFlow> {
  // imapflow loads on the first connection, not with every process that has a mailbox configured.
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow(imapClientOptions(config, credentials));
  // Without a listener an 'error' event would crash the process; failures surface through commands.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.mailboxOpen(config.mailbox, { readOnly: true });
    return client;
  } catch (error) {
    client.close();
    throw classifyImapError(error, config);
  }
}

type ImapFailure = Error & {
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  mailboxMissing?: boolean;
  serverResponseCode?: string;
};

const TLS_CODES = /^(?:CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH|STARTTLS)/;

export function classifyImapError(error: unknown, config: MailboxConfig): TesseraError {
  if (error instanceof TesseraError) return error;
  const failure = (error ?? {}) as ImapFailure;
  const where = `${config.host}:${config.port}`;
  if (failure.authenticationFailed || failure.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return new TesseraError('MAILBOX_AUTH_FAILED', `The mail server at ${where} rejected the username or password. Check the mailbox credentials in the vault.`);
  }
  if (failure.tlsFailed || TLS_CODES.test(failure.code ?? '') || /certificate|STARTTLS|TLS/i.test(failure.message ?? '')) {
    return new TesseraError('MAILBOX_TLS_FAILED', `A secure connection to ${where} could not be set up (${failure.code ?? failure.message}). Check the security setting and, for a self-hosted server, its CA certificate.`);
  }
  if (failure.mailboxMissing || failure.serverResponseCode === 'NONEXISTENT') {
    return new TesseraError('INVALID_INPUT', `The folder "${config.mailbox}" does not exist on ${where}. Check the mailbox name in the inbox settings.`);
  }
  return new TesseraError('MAILBOX_UNREACHABLE', `The mail server at ${where} could not be reached or dropped the connection (${failure.code ?? failure.message ?? 'no details'}). Check the host and port, and that the server is running.`);
}
