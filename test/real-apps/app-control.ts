// Starts and stops one real app of the suite through its own scripts (apps/<app>/start.sh,
// stop.sh): start.sh prints one JSON line last, saying where to log in and as whom.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const APPS_DIR = resolve(import.meta.dirname, 'apps');

export interface StartedApp {
  name: string;
  version: string;
  loginUrl: string;
  username: string;
  password: string;
  totp: boolean;
  /** The app has a "sign out of all sessions" control (Universal Logout is checked). */
  logoutEverywhere?: boolean;
}

/** The app folders that have the three scripts, in name order. */
export function discoverApps(dir = APPS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && ['install.sh', 'start.sh', 'stop.sh'].every((script) => existsSync(join(dir, entry.name, script))))
    .map((entry) => entry.name)
    .sort();
}

/**
 * The apps a run covers: all of them, or the comma-separated folder names in `only`
 * (TESSERA_REAL_APPS=redmine,cacti) — for working on one app. A name with no folder is an
 * error, so a typo never passes as "nothing to test".
 */
export function selectApps(all: string[], only: string | undefined): string[] {
  if (only === undefined || only.trim() === '') return all;
  const wanted = only.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = wanted.filter((name) => !all.includes(name));
  if (unknown.length) throw new Error(`TESSERA_REAL_APPS names no app folder: ${unknown.join(', ')} (apps: ${all.join(', ')})`);
  return all.filter((name) => wanted.includes(name));
}

/** Pure: the JSON line start.sh ends with, checked for its fields. */
export function parseStartLine(stdout: string): StartedApp {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    throw new Error(`start.sh did not end with a JSON line (got "${last.slice(0, 200)}")`);
  }
  const value = parsed as Partial<StartedApp>;
  for (const key of ['name', 'version', 'loginUrl', 'username', 'password'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') throw new Error(`start.sh's JSON has no "${key}"`);
  }
  if (typeof value.totp !== 'boolean') throw new Error('start.sh\'s JSON has no boolean "totp"');
  if (value.logoutEverywhere !== undefined && typeof value.logoutEverywhere !== 'boolean') throw new Error('start.sh\'s JSON has a "logoutEverywhere" that is not a boolean');
  return value as StartedApp;
}

function runScript(app: string, script: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('bash', [join(APPS_DIR, app, script)], { cwd: join(APPS_DIR, app), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4_000)));
  const timer = setTimeout(() => {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  }, timeoutMs);
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

export async function startApp(app: string, timeoutMs = 240_000): Promise<StartedApp> {
  const run = await runScript(app, 'start.sh', timeoutMs);
  if (run.code !== 0) throw new Error(`apps/${app}/start.sh exited ${run.code}:\n${run.stderr}`);
  return parseStartLine(run.stdout);
}

export async function stopApp(app: string, timeoutMs = 60_000): Promise<void> {
  const run = await runScript(app, 'stop.sh', timeoutMs);
  if (run.code !== 0) throw new Error(`apps/${app}/stop.sh exited ${run.code}:\n${run.stderr}`);
}
