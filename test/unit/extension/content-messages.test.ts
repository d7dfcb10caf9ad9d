// What the background accepts from a content script (a page it does not trust).
import { describe, expect, it } from 'vitest';
import { readContentMessage } from '../../../extension/background/content-messages';

const summary = { login: true, usernameFirst: false, passwordStep: false, otp: false, change: false };

describe('content script messages', () => {
  it('accepts a forms report and drops fields it does not know (an origin claimed by the page)', () => {
    const message = readContentMessage({ type: 'forms', loadId: 'a', startedAt: 1, initial: true, summary, origin: 'https://evil.example' });
    expect(message).toEqual({ type: 'forms', loadId: 'a', startedAt: 1, initial: true, summary });
  });

  it('accepts a submit with bounded texts', () => {
    expect(readContentMessage({ type: 'submitted', kind: 'change', username: 'ada', password: 'old', newPassword: 'new', filledByTessera: false })).toEqual({
      type: 'submitted',
      kind: 'change',
      username: 'ada',
      password: 'old',
      newPassword: 'new',
      filledByTessera: false,
    });
    expect(readContentMessage({ type: 'submitted', kind: 'login', username: 'a'.repeat(5000), password: 'x', filledByTessera: false })).toBeNull();
    expect(readContentMessage({ type: 'submitted', kind: 'sign-up', username: 'a', password: 'x', filledByTessera: false })).toBeNull();
  });

  it('refuses what a content script may not send', () => {
    for (const message of [null, 'fill', { type: 'fill', password: 'x' }, { type: 'pair' }, { type: 'forms', loadId: 'a', initial: true, summary: {} }]) {
      expect(readContentMessage(message)).toBeNull();
    }
  });
});
