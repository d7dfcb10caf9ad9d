// How the relay emails a share link's verification code: SMTP with the settings its operator
// gives (`--smtp-host`, `--smtp-port`, `--smtp-from`, optional user and password, STARTTLS
// when the server offers it), or those a workspace's Owner or Admin set (workspace-mailers.ts).
// The message holds the code and the link's expiry, never the link itself (its key is only in
// the fragment the recipient already has).
import type { Transporter } from 'nodemailer';

export interface SmtpSettings {
  host: string;
  port: number;
  /** The From address, e.g. "Tessera <links@example.com>". */
  from: string;
  /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
  secure?: boolean;
  user?: string;
  password?: string;
}

/**
 * SMTP settings from a relay command line: `host` turns email on; the password comes from the
 * environment (TESSERA_SMTP_PASSWORD), never from the command line, where other users see it.
 * Returns an error message for settings that cannot work.
 */
export function smtpSettingsFrom(
  flags: { host?: string | undefined; port?: string | undefined; from?: string | undefined; user?: string | undefined; tls?: boolean | undefined },
  env: NodeJS.ProcessEnv = process.env,
): SmtpSettings | undefined | { error: string } {
  if (!flags.host) return flags.from || flags.user ? { error: '--smtp-from and --smtp-user need --smtp-host.' } : undefined;
  const port = Number(flags.port ?? (flags.tls ? '465' : '587'));
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: `--smtp-port must be a number from 1 to 65535, not ${flags.port}.` };
  if (!flags.from || !/@/.test(flags.from)) return { error: 'Give the address codes are sent from with --smtp-from, e.g. "Tessera <links@example.com>".' };
  const password = env['TESSERA_SMTP_PASSWORD'];
  return {
    host: flags.host, port, from: flags.from, secure: flags.tls === true,
    ...(flags.user ? { user: flags.user, ...(password ? { password } : {}) } : {}),
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** A login to a server on another machine without TLS from the start: STARTTLS is required, or nothing is sent. */
export function loginNeedsStartTls(settings: Pick<SmtpSettings, 'host' | 'secure' | 'user'>): boolean {
  return settings.user !== undefined && settings.secure !== true && !LOOPBACK.has(settings.host);
}

export interface LinkMailer {
  sendCode(to: string, code: string, expiresInMinutes: number): Promise<void>;
  close(): void;
}

/**
 * `resolve`: the address to connect to for the host, checked at each send (a workspace's own
 * server, smtp-destination.ts); the host name still verifies the certificate. Without it, the
 * operator's server: one connection pool for the relay's life.
 */
export function smtpLinkMailer(settings: SmtpSettings, resolve?: (host: string, port: number) => Promise<string>): LinkMailer {
  // nodemailer loads with the first code sent: a relay (or an app with an embedded one) that
  // never mails starts without it.
  let transport: Promise<Transporter> | undefined;
  const open = (address?: string) => import('nodemailer').then(({ createTransport }) => createTransport({
    host: address ?? settings.host,
    ...(address ? { tls: { servername: settings.host } } : {}),
    port: settings.port,
    secure: settings.secure === true,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    // A login never crosses a network in clear: STARTTLS is then required, except to this machine.
    requireTLS: loginNeedsStartTls(settings),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    // Certificates are checked (the default); a relay that speaks to a local SMTP server without TLS simply gets none offered.
  }));
  return {
    async sendCode(to, code, expiresInMinutes) {
      const sender = resolve ? await open(await resolve(settings.host, settings.port)) : await (transport ??= open());
      try {
        await sender.sendMail({
          from: settings.from,
          to,
          subject: `Your Tessera code: ${code}`,
          text: `Someone shared account credentials with you through Tessera.\n\nYour code: ${code}\n\nType it on the page that asked for it. It works for ${expiresInMinutes} minutes. If you did not ask for it, ignore this message.\n`,
        });
      } finally {
        if (resolve) sender.close();
      }
    },
    close: () => void transport?.then((t) => t.close(), () => undefined),
  };
}
