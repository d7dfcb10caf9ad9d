// What a login run's outcome means, in words for people (the account page and its milestones).
export const OUTCOME_LABEL: Record<string, string> = {
  success: 'Logged in: the credentials work',
  wrong_credentials: 'Wrong username or password',
  needs_otp: 'The site asks for a one-time code Tessera cannot supply',
  captcha: 'A CAPTCHA or bot check stopped the login (use Open assisted)',
  locked_or_rate_limited: 'The site locked the account or slowed down logins',
  unknown: 'The outcome is unclear',
  origin_mismatch: 'Stopped: the login form is on another site than the account\'s, nothing was typed there',
  cancelled: 'Cancelled',
  timeout: 'Timed out',
  failed: 'The login could not be completed',
};

export const RUN_KIND_LABEL: Record<string, string> = { verify: 'Verify', open: 'Open', assisted: 'Open assisted', rotate: 'Rotation', 'enroll-totp': 'Turn on MFA' };

/** Browser and network failures as sentences; the raw text stays in the run's Details. */
const REASON_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/ERR_NAME_NOT_RESOLVED|ENOTFOUND/, 'The site’s address could not be found. Check the website address.'],
  [/ERR_CONNECTION_REFUSED|ECONNREFUSED/, 'The site did not accept the connection. Is it up?'],
  [/ERR_CERT|certificate/i, 'The site’s security certificate is not valid.'],
  [/ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ENETUNREACH/, 'This computer is offline.'],
  [/ERR_CONNECTION_(RESET|CLOSED|TIMED_OUT)|ETIMEDOUT/, 'The connection to the site broke off. Try again.'],
  [/Timeout \d+ms exceeded|timed out/i, 'The site took too long to answer.'],
  [/Executable doesn't exist|browser.*not found|BROWSER_NOT_FOUND/i, 'No Chromium, Chrome or Edge was found. Set the browser in Settings.'],
];

/** True when a reason carries developer words (API names, error classes, net:: codes). */
export function isTechnical(reason: string): boolean {
  return /\b[a-z]+\.[a-zA-Z]+:|net::|\b[A-Z][a-zA-Z]*Error\b|\bat [\w.]+ \(|ERR_[A-Z_]+/.test(reason);
}

export function humanReason(reason: string): string {
  for (const [pattern, text] of REASON_PATTERNS) if (pattern.test(reason)) return text;
  return isTechnical(reason) ? 'The browser stopped with an error. Details has what it said.' : reason;
}

/** Reasons to show in the open: human, de-duplicated. */
export function humanReasons(reasons: readonly string[]): string[] {
  return [...new Set(reasons.map(humanReason))];
}
