import { describe, expect, it } from 'vitest';
import { accountOtpProvider, UsedTotpSteps } from '../../../main/logins/account-otp';
import { generateCode, normalizeOtpParams } from '../../../main/mfa';

const SECRET = 'JBSWY3DPEHPK3PXP';
const params = normalizeOtpParams({ type: 'totp', secret: SECRET, period: 30 });
const stored = { type: 'totp' as const, secret: SECRET, algorithm: 'SHA1' as const, digits: 6, period: 30, counter: 0, issuer: '', label: '' };

/** A clock that sleeping moves forward, and the waits it was asked for. */
function fakeClock(start: number) {
  const clock = { now: start, waits: [] as number[] };
  const steps = new UsedTotpSteps(() => clock.now, async (ms) => {
    clock.waits.push(ms);
    clock.now += ms;
  });
  return { clock, steps };
}

describe('one-time codes for automated logins', () => {
  it('never types the same TOTP code twice for an account: the second login in a step waits for the next', async () => {
    const { clock, steps } = fakeClock(Date.UTC(2026, 0, 1, 0, 0, 10));
    const first = await steps.code('a', params);
    expect(first).toBe(generateCode(params, Date.UTC(2026, 0, 1, 0, 0, 10)));
    clock.now += 5_000;
    const second = await steps.code('a', params);
    expect(clock.waits).toEqual([15_250]);
    expect(second).toBe(generateCode(params, Date.UTC(2026, 0, 1, 0, 0, 30, 250)));
    expect(second).not.toBe(first);
    // Another account, or a later step, does not wait.
    await steps.code('b', params);
    clock.now += 30_000;
    await steps.code('a', params);
    expect(clock.waits).toHaveLength(1);
  });

  it('a code typed elsewhere in the process (MFA enrolment) counts: the next login in that step waits, an older step does not move it back', async () => {
    const { clock, steps } = fakeClock(Date.UTC(2026, 0, 1, 0, 0, 40));
    steps.markUsed('a', params, Date.UTC(2026, 0, 1, 0, 0, 35));
    steps.markUsed('a', params, Date.UTC(2026, 0, 1, 0, 0, 5)); // earlier step: ignored
    const code = await steps.code('a', params);
    expect(clock.waits).toEqual([20_250]);
    expect(code).toBe(generateCode(params, Date.UTC(2026, 0, 1, 0, 1, 0, 250)));
  });

  it('answers from the mailbox when the page says a code was emailed, else from the TOTP secret', async () => {
    const mailed: string[] = [];
    const provider = accountOtpProvider({ id: 'a', totp: stored }, () => async () => {
      mailed.push('asked');
      return '424242';
    });
    expect(await provider!({ hint: 'email' })).toBe('424242');
    expect(await provider!({ hint: 'totp' })).toMatch(/^\d{6}$/);
    expect(mailed).toEqual(['asked']);
    expect(accountOtpProvider({ id: 'a', totp: null })).toBeUndefined();
    expect(await accountOtpProvider({ id: 'a', totp: null }, () => async () => '999999')!()).toBe('999999');
  });
});
