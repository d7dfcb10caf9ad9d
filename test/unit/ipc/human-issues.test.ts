// Refused requests read as sentences for people: per field, named as the form names it, with
// no schema path, issue code or library wording (issue 21).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channels } from '../../../main/ipc/contract';
import { humanizeIssues } from '../../../main/ipc/human-issues';
import { openChannelHarness, type ChannelHarness } from '../../support/channel-harness';

/** Developer words that must never reach a person. */
export const DEVELOPER_WORDS = /at "|Too small|Too big|expected |Invalid input|ZodError|\b[A-Z][a-z]+Error\b|invalid_type|too_small/;

const issuesOf = (name: keyof typeof channels, input: unknown) => {
  const parsed = channels[name].input.safeParse(input);
  if (parsed.success) throw new Error(`${name} accepted ${JSON.stringify(input)}`);
  return humanizeIssues(parsed.error.issues);
};

describe('human messages for refused input', () => {
  it.each([
    ['vault.setTimeouts', { clipboardClearSeconds: 2 }, 'clipboardClearSeconds', 'Clipboard timeout must be at least 5 seconds.'],
    ['vault.setTimeouts', { autoLockMinutes: 100_000 }, 'autoLockMinutes', 'Auto-lock time must be at most 1,440 minutes.'],
    ['vault.setTimeouts', { autoLockMinutes: 'soon' }, 'autoLockMinutes', 'Auto-lock time must be a number.'],
    ['vault.create', { password: 'short' }, 'password', 'Use at least 8 characters.'],
    ['accounts.create', { name: ' ' }, 'name', 'An account needs a name.'],
  ] as const)('%s %j → %s: %s', (channel, input, field, text) => {
    const human = issuesOf(channel, input);
    expect(human.fields[field]).toBe(text);
    expect(human.message).toBe(text);
    expect(human.message).not.toMatch(DEVELOPER_WORDS);
  });

  it('names every field that is wrong, once each', () => {
    const human = issuesOf('vault.setTimeouts', { autoLockMinutes: 0, clipboardClearSeconds: 1 });
    expect(Object.keys(human.fields).sort()).toEqual(['autoLockMinutes', 'clipboardClearSeconds']);
  });

  describe('through the dispatcher', () => {
    let h: ChannelHarness;
    beforeEach(() => { h = openChannelHarness(); });
    afterEach(() => h.close());

    it('returns the sentence and the per-field messages, never the path', async () => {
      await h.value('vault.create', { password: 'master-password-1' });
      const result = await h.call('vault.setTimeouts', { clipboardClearSeconds: 2 });
      expect(result).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'Clipboard timeout must be at least 5 seconds.', fields: { clipboardClearSeconds: 'Clipboard timeout must be at least 5 seconds.' } } });
    });
  });
});
