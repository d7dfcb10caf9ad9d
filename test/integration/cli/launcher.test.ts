// bin/tessera.js, the `tessera` command npm installs: runs the built CLI on Node 22+ with the
// compile cache in a folder only the user can write, and otherwise stops with exit 2 and says
// what to do (install Node 22, or `npm run build`).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliSandbox, ROOT, ensureBuiltCli } from '../../support/cli-harness';

const LAUNCHER = join(ROOT, 'bin/tessera.js');
const SYSTEM_NODE = '/usr/bin/node';
const systemNodeMajor = Number(spawnSync(SYSTEM_NODE, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout?.trim() || 'NaN');

describe('bin/tessera.js', () => {
  let sandbox: CliSandbox;
  beforeAll(async () => {
    await ensureBuiltCli();
    sandbox = new CliSandbox();
  });
  afterAll(() => sandbox.cleanup());

  it('runs the built CLI', () => {
    const result = spawnSync(process.execPath, [LAUNCHER, '--version'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('keeps the compiled CLI in a folder of the user\'s cache only they can open, and not with TESSERA_COMPILE_CACHE=off', () => {
    const home = join(sandbox.dir, 'home-cache');
    const env = { PATH: process.env['PATH'] ?? '', HOME: home };
    const off = spawnSync(process.execPath, [LAUNCHER, '--version'], { encoding: 'utf8', env: { ...env, TESSERA_COMPILE_CACHE: 'off' } });
    expect(off.status, off.stderr).toBe(0);
    const cache = join(home, '.cache', 'tessera', 'compile-cache');
    expect(existsSync(cache)).toBe(false);
    const on = spawnSync(process.execPath, [LAUNCHER, '--version'], { encoding: 'utf8', env });
    expect(on.status, on.stderr).toBe(0);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expect(readdirSync(cache, { recursive: true }).length).toBeGreaterThan(0);
  });

  it('asks for `npm run build` when the CLI is not built', () => {
    const copy = join(sandbox.dir, 'bin/tessera.js');
    mkdirSync(join(sandbox.dir, 'bin'));
    copyFileSync(LAUNCHER, copy);
    const result = spawnSync(process.execPath, [copy, '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('npm run build');
  });

  it.runIf(systemNodeMajor < 22)('refuses Node older than 22 with exit 2 and how to get Node 22', () => {
    const result = spawnSync(SYSTEM_NODE, [LAUNCHER, '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Node\.js 22 or newer is required/);
  });
});
