// The master password prompt on a real terminal (a pseudo-terminal from util-linux `script`):
// nothing typed is echoed, a new password is asked twice, and a password piped to
// --password-stdin does not stop the master password from being asked on the terminal.
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, CliSandbox, MASTER, ensureBuiltCli, jsonValue } from '../../support/cli-harness';

const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;

/** Runs `shellCommand` on a pseudo-terminal, typing each answer once its prompt has appeared. */
function runOnTerminal(shellCommand: string, answers: readonly [prompt: string, answer: string][], home: string): Promise<{ code: number | null; screen: string }> {
  const child = spawn('script', ['-qec', shellCommand, '/dev/null'], { env: { PATH: process.env['PATH'] ?? '', HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let next = 0;
  let searchFrom = 0;
  const onOutput = (chunk: Buffer) => {
    screen += chunk.toString('utf8');
    const pending = answers[next];
    const at = pending === undefined ? -1 : screen.indexOf(pending[0], searchFrom);
    if (pending === undefined || at === -1) return;
    next++;
    searchFrom = at + pending[0].length;
    // A short pause: the prompt is written just before the terminal is switched to raw mode.
    setTimeout(() => child.stdin.write(`${pending[1]}\r`), 150);
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, screen });
    });
  });
}

describe.runIf(hasScript)('tessera on a terminal', () => {
  let sandbox: CliSandbox;
  let vault: string;
  const cli = (args: string) => `${process.execPath} ${CLI} --vault ${vault} ${args}`;

  beforeAll(async () => {
    await ensureBuiltCli();
    sandbox = new CliSandbox();
    vault = sandbox.path('tty.sqlite');
  });
  afterAll(() => sandbox.cleanup());

  it('init asks for the new master password twice without echoing it; unlock-check asks once', async () => {
    const init = await runOnTerminal(cli('init'), [['New master password: ', MASTER], ['Repeat the new master password: ', MASTER]], sandbox.home);
    expect(init.code, init.screen).toBe(0);
    expect(init.screen).not.toContain(MASTER);
    expect(init.screen).toContain('Recovery key');

    const check = await runOnTerminal(cli('unlock-check'), [['Master password: ', MASTER]], sandbox.home);
    expect(check.code, check.screen).toBe(0);
    expect(check.screen).not.toContain(MASTER);
  });

  it('refuses two different entries of a new password (exit 4)', async () => {
    const result = await runOnTerminal(
      `${process.execPath} ${CLI} --vault ${sandbox.path('other.sqlite')} init`,
      [['New master password: ', 'first entry 123'], ['Repeat the new master password: ', 'second entry 456']],
      sandbox.home,
    );
    expect(result.code).toBe(4);
    expect(result.screen).toMatch(/entries differ/);
  });

  it('asks for the master password on the terminal while the account password is piped to --password-stdin', async () => {
    const added = await runOnTerminal(`printf %s piped-secret-77 | ${cli('account add --name Piped --password-stdin')}`, [['Master password: ', MASTER]], sandbox.home);
    expect(added.code, added.screen).toBe(0);
    const shown = await sandbox.run(['--json', '--vault', vault, 'account', 'show', 'piped', '--reveal'], { env: { TESSERA_PASSWORD: MASTER } });
    expect(jsonValue<{ password: string }>(shown).password).toBe('piped-secret-77');
  });
});
