// The real-app suite's results as a Markdown table (test/real-apps/RESULTS.md): one row per
// app with what each check gave and how long it took. Pure: the suite collects, this writes.

export const CHECKS = ['login', 'wrongPassword', 'rotation', 'universalLogout', 'mfaEnrolment', 'totpLogin'] as const;
export type Check = (typeof CHECKS)[number];

/** pass / fail, or n/a where the app does not offer it (TOTP, sign out everywhere), or not-run when an earlier step failed. */
export type CheckStatus = 'pass' | 'fail' | 'n/a' | 'not-run';

export interface CheckResult {
  status: CheckStatus;
  seconds?: number;
  /** Why it failed, one line, secrets never included. */
  note?: string;
}

export interface AppResult {
  app: string;
  name: string;
  version: string;
  checks: Record<Check, CheckResult>;
}

const HEADINGS: Record<Check, string> = {
  login: 'Login',
  wrongPassword: 'Wrong password',
  rotation: 'Rotation',
  universalLogout: 'Universal Logout',
  mfaEnrolment: 'MFA enrolment',
  totpLogin: 'TOTP login',
};

export function emptyChecks(totp: boolean, logoutEverywhere = false): Record<Check, CheckResult> {
  const skipped: CheckResult = { status: totp ? 'not-run' : 'n/a' };
  return {
    login: { status: 'not-run' },
    wrongPassword: { status: 'not-run' },
    rotation: { status: 'not-run' },
    universalLogout: { status: logoutEverywhere ? 'not-run' : 'n/a' },
    mfaEnrolment: { ...skipped },
    totpLogin: { ...skipped },
  };
}

function cell(result: CheckResult): string {
  const mark = result.status === 'pass' ? '✓' : result.status === 'fail' ? '✗' : result.status === 'n/a' ? 'n/a' : '–';
  return result.seconds === undefined ? mark : `${mark} ${result.seconds.toFixed(1)} s`;
}

const escape = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/** Passing counts per check, over apps where the check applies. */
export function tally(results: readonly AppResult[]): Record<Check, { passed: number; applicable: number }> {
  const counts = {} as Record<Check, { passed: number; applicable: number }>;
  for (const check of CHECKS) {
    const applicable = results.filter((r) => r.checks[check].status !== 'n/a');
    counts[check] = { passed: applicable.filter((r) => r.checks[check].status === 'pass').length, applicable: applicable.length };
  }
  return counts;
}

export function resultsMarkdown(results: readonly AppResult[], meta: { date: string; machine: string }): string {
  const sorted = [...results].sort((a, b) => a.name.localeCompare(b.name));
  const lines = [
    '# Real-app conformance results',
    '',
    `Written by \`test/real-apps/conformance.test.ts\` on ${meta.date} (${meta.machine}), through the built \`tessera\` CLI with`,
    'bundled and user recipes switched off (`TESSERA_RECIPES=off`). ✓ passed, ✗ failed, – not run (an earlier step failed),',
    'n/a the app offers no authenticator-app 2FA (MFA, TOTP login) or no "sign out everywhere" control (Universal Logout).',
    'Seconds are wall-clock for the CLI command(s) of that check.',
    '',
    `| App | Version | ${CHECKS.map((check) => HEADINGS[check]).join(' | ')} |`,
    `| --- | --- | ${CHECKS.map(() => '---').join(' | ')} |`,
    ...sorted.map((r) => `| ${escape(r.name)} | ${escape(r.version)} | ${CHECKS.map((check) => cell(r.checks[check])).join(' | ')} |`),
  ];
  const counts = tally(sorted);
  lines.push('', `Totals: ${CHECKS.map((check) => `${HEADINGS[check].toLowerCase()} ${counts[check].passed}/${counts[check].applicable}`).join(', ')}.`);
  const failures = sorted.flatMap((r) => CHECKS.filter((check) => r.checks[check].status === 'fail').map((check) => `- ${escape(r.name)}, ${HEADINGS[check].toLowerCase()}: ${escape(r.checks[check].note ?? 'no reason recorded')}`));
  if (failures.length) lines.push('', '## What failed', '', ...failures);
  return `${lines.join('\n')}\n`;
}
