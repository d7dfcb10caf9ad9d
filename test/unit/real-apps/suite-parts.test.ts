// The real-app suite's pure parts: reading start.sh's JSON line, finding app folders and
// writing RESULTS.md.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverApps, parseStartLine, selectApps } from '../../real-apps/app-control';
import { type AppResult, emptyChecks, resultsMarkdown, tally } from '../../real-apps/results-table';

describe('start.sh output', () => {
  const line = '{"name":"Redmine","version":"5.0.4","loginUrl":"http://127.0.0.1:18301/login","username":"admin","password":"pw","totp":true}';

  it('takes the last line as the app, after any log lines', () => {
    expect(parseStartLine(`booting\nmigrated\n${line}\n`)).toMatchObject({ name: 'Redmine', totp: true, loginUrl: 'http://127.0.0.1:18301/login' });
  });

  it.each([
    ['no JSON', 'started', /did not end with a JSON line/],
    ['a missing field', '{"name":"X","version":"1","loginUrl":"http://x","username":"a","totp":false}', /"password"/],
    ['totp not a boolean', '{"name":"X","version":"1","loginUrl":"http://x","username":"a","password":"p","totp":"yes"}', /"totp"/],
    ['logoutEverywhere not a boolean', '{"name":"X","version":"1","loginUrl":"http://x","username":"a","password":"p","totp":false,"logoutEverywhere":1}', /"logoutEverywhere"/],
  ])('refuses %s', (_name, stdout, message) => {
    expect(() => parseStartLine(stdout)).toThrow(message);
  });
});

describe('app folders', () => {
  it('are the folders with install.sh, start.sh and stop.sh, in name order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-apps-'));
    try {
      for (const [app, scripts] of [['zulu', ['install.sh', 'start.sh', 'stop.sh']], ['alpha', ['install.sh', 'start.sh', 'stop.sh']], ['half', ['start.sh']]] as const) {
        mkdirSync(join(dir, app));
        for (const script of scripts) writeFileSync(join(dir, app, script), '');
      }
      expect(discoverApps(dir)).toEqual(['alpha', 'zulu']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('choosing apps (TESSERA_REAL_APPS)', () => {
  const all = ['cacti', 'redmine', 'wordpress'];

  it('runs every app when unset or empty', () => {
    expect(selectApps(all, undefined)).toEqual(all);
    expect(selectApps(all, ' ')).toEqual(all);
  });

  it('runs the named apps, in folder order', () => {
    expect(selectApps(all, 'wordpress, cacti')).toEqual(['cacti', 'wordpress']);
  });

  it('refuses a name that is no app folder, so a typo never passes as nothing to test', () => {
    expect(() => selectApps(all, 'redmine,wordpres')).toThrow(/names no app folder: wordpres/);
  });
});

describe('RESULTS.md', () => {
  const results: AppResult[] = [
    { app: 'wp', name: 'WordPress', version: '6.1', checks: { ...emptyChecks(false, true), universalLogout: { status: 'pass', seconds: 12 }, login: { status: 'pass', seconds: 3.21 }, wrongPassword: { status: 'pass', seconds: 2 }, rotation: { status: 'fail', seconds: 9, note: 'no_change_page | none' } } },
    { app: 'redmine', name: 'Redmine', version: '5.0.4', checks: { login: { status: 'pass', seconds: 1 }, wrongPassword: { status: 'pass', seconds: 1 }, rotation: { status: 'pass', seconds: 1 }, universalLogout: { status: 'n/a' }, mfaEnrolment: { status: 'pass', seconds: 1 }, totpLogin: { status: 'fail', seconds: 1, note: 'code refused' } } },
  ];

  it('has one row per app by name, marks and seconds, totals over the apps a check applies to, and each failure', () => {
    const text = resultsMarkdown(results, { date: '2026-12-04 22:00 UTC', machine: 'ci' });
    const rows = text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| App') && !l.startsWith('| ---'));
    expect(rows).toEqual([
      '| Redmine | 5.0.4 | ✓ 1.0 s | ✓ 1.0 s | ✓ 1.0 s | n/a | ✓ 1.0 s | ✗ 1.0 s |',
      '| WordPress | 6.1 | ✓ 3.2 s | ✓ 2.0 s | ✗ 9.0 s | ✓ 12.0 s | n/a | n/a |',
    ]);
    expect(tally(results)).toMatchObject({ login: { passed: 2, applicable: 2 }, rotation: { passed: 1, applicable: 2 }, universalLogout: { passed: 1, applicable: 1 }, mfaEnrolment: { passed: 1, applicable: 1 } });
    expect(text).toContain('- WordPress, rotation: no_change_page \\| none');
    expect(text).toContain('- Redmine, totp login: code refused');
  });
});
