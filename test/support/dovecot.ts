// A real Dovecot IMAP server for tests: its own config, base_dir, mail store and passwd-file
// users in a temp directory, listening on 127.0.0.1 only (plain/STARTTLS and implicit TLS on
// random free ports, with a throwaway CA the clients trust explicitly). Mail arrives through
// Dovecot's LDA, as a real delivery would. Never touches the system Dovecot configuration.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const DOVECOT_BINARY = process.env['TESSERA_DOVECOT'] ?? '/usr/sbin/dovecot';
const LDA_BINARY = '/usr/lib/dovecot/dovecot-lda';
const DOVEADM_BINARY = '/usr/bin/doveadm';

export type DovecotServer = {
  host: '127.0.0.1';
  /** Plain IMAP with STARTTLS offered. */
  imapPort: number;
  /** IMAP over implicit TLS. */
  imapsPort: number;
  /** PEM of the throwaway CA that signed the server certificate (for 127.0.0.1 and localhost). */
  caPem: string;
  password(user: string): string;
  /** The user's home directory (the Maildir is inside). */
  home(user: string): string;
  /** Delivers one message to the user's INBOX through dovecot-lda, as a mail server would. */
  deliver(user: string, message: string | Buffer): Promise<void>;
  /** Ends every IMAP session of the user (`doveadm kick`), like a server dropping connections. */
  kick(user: string): Promise<void>;
  /** The server's log so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
};

export async function startDovecot(users: readonly string[]): Promise<DovecotServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-dovecot-'));
  chmodSync(dir, 0o755);
  const mailUser = mailOwner();
  const passwords = new Map(users.map((user) => [user, `pw-${user}-${Math.random().toString(36).slice(2)}`]));
  writeFileSync(join(dir, 'users'), [...passwords].map(([user, password]) => `${user}:{PLAIN}${password}::::::\n`).join(''), { mode: 0o644 });
  mkdirSync(join(dir, 'home'));
  for (const user of users) mkdirSync(join(dir, 'home', user));
  if (process.getuid?.() === 0) {
    chownSync(join(dir, 'home'), mailUser.uid, mailUser.gid);
    for (const user of users) chownSync(join(dir, 'home', user), mailUser.uid, mailUser.gid);
  }
  const caPem = await makeCertificates(dir);
  const [imapPort, imapsPort] = [await freePort(), await freePort()];
  const configPath = join(dir, 'dovecot.conf');
  writeFileSync(configPath, dovecotConfig(dir, imapPort, imapsPort, mailUser));

  const master = spawn(DOVECOT_BINARY, ['-F', '-c', configPath], { detached: true, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => master.once('exit', (code) => resolve(code)));
  const killOnExit = () => killGroup(master, 'SIGKILL');
  process.once('exit', killOnExit);
  const log = () => {
    try {
      return readFileSync(join(dir, 'dovecot.log'), 'utf8');
    } catch {
      return '';
    }
  };
  try {
    await Promise.race([
      waitForGreeting(imapPort, 10_000),
      exited.then((code) => Promise.reject(new Error(`dovecot exited with ${code} during start-up`))),
    ]);
  } catch (error) {
    killGroup(master, 'SIGKILL');
    throw new Error(`${(error as Error).message}\n${log()}`, { cause: error });
  }

  return {
    host: '127.0.0.1',
    imapPort,
    imapsPort,
    caPem,
    password(user) {
      const password = passwords.get(user);
      if (!password) throw new Error(`no test user ${user}`);
      return password;
    },
    home: (user) => join(dir, 'home', user),
    deliver: (user, message) => pipeInto(LDA_BINARY, ['-c', configPath, '-d', user], message),
    async kick(user) {
      await run(DOVEADM_BINARY, ['-c', configPath, 'kick', user]);
    },
    log,
    async stop() {
      process.off('exit', killOnExit);
      killGroup(master, 'SIGTERM');
      const timer = setTimeout(() => killGroup(master, 'SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type MailOwner = { name: string; uid: number; gid: number };

/** Dovecot refuses to store mail as root, so as root the mail belongs to `nobody`. */
function mailOwner(): MailOwner {
  if (process.getuid?.() !== 0) {
    const me = userInfo();
    return { name: me.username, uid: me.uid, gid: me.gid };
  }
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('the nobody user is missing: Dovecot needs a non-root owner for test mail');
  return { name: 'nobody', uid: Number(uid), gid: Number(gid) };
}

function dovecotConfig(dir: string, imapPort: number, imapsPort: number, mailUser: MailOwner): string {
  const asRoot = process.getuid?.() === 0;
  // As root the services drop to Debian's own dovecot/dovenull users; otherwise all run as us.
  const serviceUsers = asRoot
    ? 'default_internal_user = dovecot\ndefault_internal_group = dovecot\ndefault_login_user = dovenull'
    : `default_internal_user = ${mailUser.name}\ndefault_login_user = ${mailUser.name}`;
  return `# Test-only Dovecot (${dir}); loopback, throwaway users.
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
${serviceUsers}
first_valid_uid = 1
ssl = yes
ssl_cert = <${dir}/server.pem
ssl_key = <${dir}/server.key
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${mailUser.uid} gid=${mailUser.gid} home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${imapsPort}
    ssl = yes
  }
}
`;
}

/** A throwaway CA and a server certificate for 127.0.0.1 and localhost; returns the CA's PEM. */
async function makeCertificates(dir: string): Promise<string> {
  const file = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=Tessera test CA']);
  await run('openssl', ['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1']);
  writeFileSync(file('server.ext'), 'subjectAltName = IP:127.0.0.1, DNS:localhost\nbasicConstraints = CA:FALSE\n');
  await run('openssl', [
    'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial',
    '-out', file('server.pem'), '-days', '2', '-extfile', file('server.ext'),
  ]);
  return readFileSync(file('ca.pem'), 'utf8');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForGreeting(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1_000, () => socket.destroy());
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (greeted) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`dovecot did not greet on port ${port} within ${timeoutMs} ms`);
}

function pipeInto(binary: string, args: string[], input: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${binary} exited with ${code}: ${stderr}`))));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** A plain-text mail as a mail server hands it to dovecot-lda (a fixture site's "sent" mail). */
export function rfc822(mail: { from: string; to: string; subject: string; text: string }): string {
  return [
    `From: Site Kit <${mail.from}>`,
    `To: ${mail.to}`,
    `Subject: ${mail.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${Date.now()}.${Math.random().toString(36).slice(2)}@mailer.sitekit.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    mail.text,
    '',
  ].join('\r\n');
}
