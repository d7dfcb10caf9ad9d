// A real SMTP server for tests (the smtp-server package on 127.0.0.1, no TLS; no auth, or one
// user and password when `auth` is given, which a client must then use) that
// hands every message it accepts to Dovecot's LDA for one user — the path a relay's email
// takes to a recipient's IMAP inbox — and an IMAP read of that inbox's newest message.
import { SMTPServer } from 'smtp-server';
import { ImapFlow } from 'imapflow';
import type { AddressInfo } from 'node:net';
import type { DovecotServer } from './dovecot';

export interface SmtpToDovecot {
  port: number;
  /** Recipients of every message accepted so far, in order. */
  accepted: string[][];
  close(): Promise<void>;
}

export async function startSmtpToDovecot(dovecot: DovecotServer, user: string, auth?: { user: string; password: string }): Promise<SmtpToDovecot> {
  const accepted: string[][] = [];
  const server = new SMTPServer({
    authOptional: !auth,
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    // Loopback only: the test server offers AUTH without TLS.
    allowInsecureAuth: true,
    onAuth(login, _session, callback) {
      if (auth && login.username === auth.user && login.password === auth.password) callback(null, { user: login.username });
      else callback(new Error('Invalid username or password'));
    },
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        // Listed once Dovecot has it: a test that sees it here can read it over IMAP.
        dovecot.deliver(user, Buffer.concat(chunks)).then(() => {
          accepted.push(session.envelope.rcptTo.map((r) => r.address));
          callback();
        }, (error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, accepted, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The text of the newest message in the user's INBOX, read over IMAP (STARTTLS with the test CA). */
export async function newestMailText(dovecot: DovecotServer, user: string): Promise<string> {
  const client = new ImapFlow({
    host: dovecot.host, port: dovecot.imapPort, secure: false, doSTARTTLS: true,
    auth: { user, pass: dovecot.password(user) }, tls: { ca: [dovecot.caPem] }, logger: false,
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const mailbox = client.mailbox;
      const exists = mailbox && typeof mailbox === 'object' ? mailbox.exists : 0;
      if (!exists) return '';
      const message = await client.fetchOne(String(exists), { source: true });
      return message && message.source ? message.source.toString('utf8') : '';
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}
