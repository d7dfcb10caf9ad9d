// The CLI's command groups (main/cli/command-groups.ts) and the command-line scan that picks one
// (main/cli/argv-scan.ts): each group registers exactly the top-level commands its entry names,
// no name is in two groups, a command line naming one registers only that group, and help, no
// command or an unknown one builds all of them (so help lists everything and typos get a hint).
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { scanArgv } from '../../../main/cli/argv-scan';
import { COMMAND_GROUPS } from '../../../main/cli/command-groups';
import { buildProgram } from '../../../main/cli/program';
import { runCliInProcess } from '../../support/cli-harness';

const topLevel = (program: Command) => program.commands.map((c) => c.name());

describe('command groups', () => {
  it('each group registers exactly the names it lists, and no name is in two groups', async () => {
    for (const group of COMMAND_GROUPS) {
      const program = new Command('tessera');
      group.register(program);
      expect(topLevel(program), group.names.join(',')).toEqual(group.names);
    }
    const all = COMMAND_GROUPS.flatMap((g) => g.names);
    expect(new Set(all).size).toBe(all.length);
  });

  it('a command line naming a command builds its group alone; none, help or an unknown word builds all', async () => {
    expect(topLevel(buildProgram('account'))).toEqual(['account']);
    expect(topLevel(buildProgram('restore'))).toEqual(['backup', 'restore', 'export']);
    const all = COMMAND_GROUPS.flatMap((g) => g.names);
    for (const command of [undefined, 'help', 'acount']) expect(topLevel(buildProgram(command)), String(command)).toEqual(all);
  });

  it('still suggests the closest command for a typo, and shows a group\'s help from its group alone', async () => {
    const typo = await runCliInProcess(['acount', 'list'], {});
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('(Did you mean account?)');
    const help = await runCliInProcess(['account', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: tessera account');
    expect(help.stdout).toMatch(/list \[options\]/);
  });
});

describe('scanArgv', () => {
  it('finds the command word after global options with values, in both spellings', () => {
    expect(scanArgv(['--vault', 'v.sqlite', '--json', '--password-file=p', 'totp', 'GitHub'])).toEqual({ command: 'totp', vault: 'v.sqlite', passwordFile: 'p', helpOrVersion: false, incomplete: false });
  });

  it('notes help, the version and an option without its value, and stops at --', () => {
    expect(scanArgv(['account', 'list', '-h']).helpOrVersion).toBe(true);
    expect(scanArgv(['-V']).helpOrVersion).toBe(true);
    expect(scanArgv(['account', '--vault']).incomplete).toBe(true);
    expect(scanArgv(['--', 'account'])).toMatchObject({ command: undefined, helpOrVersion: false });
    expect(scanArgv(['account', 'show', '--', '--help']).helpOrVersion).toBe(false);
  });
});
