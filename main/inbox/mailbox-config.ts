// Settings of the team mailbox: where the IMAP server is, how the connection is secured, which
// folder to watch and how aliases are formed. Credentials are not part of it: the caller keeps
// them in the vault and hands the inbox a provider that is asked at each (re)connect.

import { isIP } from 'node:net';
import { TesseraError } from '../errors';

export type MailboxSecurity = 'tls' | 'starttls' | 'none';

export type MailboxConfig = {
  host: string;
  port: number;
  security: MailboxSecurity;
  /** The mailbox's own address; aliases are built from its local part and domain. */
  address: string;
  mailbox: string;
  aliasPattern: string;
  pollIntervalMs: number;
  /** PEM of a CA to trust for this server only (a self-hosted server's own CA). */
  trustedCaPem?: string;
};

export type MailboxConfigDraft = Partial<MailboxConfig> & Pick<MailboxConfig, 'host' | 'address'>;

export type MailboxCredentials = { username: string; password: string };

/** Asked at every connect, so a password changed in the vault is used on the next reconnect. */
export type MailboxCredentialProvider = () => Promise<MailboxCredentials>;

export const DEFAULT_ALIAS_PATTERN = '{local}+{slug}@{domain}';
export const DEFAULT_POLL_INTERVAL_MS = 30_000;
const MIN_POLL_INTERVAL_MS = 1_000;
const DEFAULT_PORTS: Record<MailboxSecurity, number> = { tls: 993, starttls: 143, none: 143 };

export function parseMailboxConfig(draft: MailboxConfigDraft): MailboxConfig {
  const host = draft.host.trim().replace(/^\[(.*)\]$/, '$1');
  if (!host || /[\s/]/.test(host)) invalid(`"${draft.host}" is not a host name or address.`);
  const security = draft.security ?? 'tls';
  if (!(security in DEFAULT_PORTS)) invalid(`Security must be tls, starttls or none, not "${security}".`);
  if (security === 'none' && !isLoopbackHost(host)) {
    invalid(`An unencrypted connection is allowed only to this machine (localhost); use tls or starttls for ${host}.`);
  }
  const port = draft.port ?? DEFAULT_PORTS[security];
  if (!Number.isInteger(port) || port < 1 || port > 65_535) invalid(`Port ${port} is not between 1 and 65535.`);
  const address = draft.address.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$|^[^\s@]+@localhost$/.test(address)) invalid(`"${draft.address}" is not an email address.`);
  const aliasPattern = draft.aliasPattern ?? DEFAULT_ALIAS_PATTERN;
  if (!aliasPattern.includes('{slug}')) invalid('The alias pattern must contain {slug}, or every account would share one address.');
  if (!/^[^@\s]+@[^@\s]+$/.test(aliasPattern)) invalid(`The alias pattern "${aliasPattern}" must look like local@domain.`);
  const pollIntervalMs = draft.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < MIN_POLL_INTERVAL_MS) {
    invalid(`The poll interval must be at least ${MIN_POLL_INTERVAL_MS} ms.`);
  }
  const mailbox = draft.mailbox?.trim() || 'INBOX';
  return {
    host,
    port,
    security,
    address,
    mailbox,
    aliasPattern,
    pollIntervalMs,
    ...(draft.trustedCaPem ? { trustedCaPem: draft.trustedCaPem } : {}),
  };
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(bare);
}

function invalid(message: string): never {
  throw new TesseraError('INVALID_INPUT', `Mailbox settings: ${message}`);
}
