// The Twilio account settings as typed by a person: numbers normalized and de-duplicated, an
// API address only at twilio.com over HTTPS or on this machine, and clear errors otherwise.
import { describe, expect, it } from 'vitest';
import { parseTwilioAccount, twilioNumberFor } from '../../../../main/inbox/sms/twilio-account';

const SID = 'AC0123456789abcdef0123456789abcdef';
const base = { accountSid: SID, authToken: 'token', phoneNumbers: ['+1 (555) 867-5310'] };

describe('parseTwilioAccount', () => {
  it('normalizes and de-duplicates the numbers and drops the default API address', () => {
    expect(parseTwilioAccount({ ...base, phoneNumbers: ['+1 (555) 867-5310', '+15558675310', ' ', '+44 7700 900123'], apiBaseUrl: 'https://api.twilio.com/' }))
      .toEqual({ accountSid: SID, authToken: 'token', phoneNumbers: ['+15558675310', '+447700900123'] });
    expect(parseTwilioAccount({ ...base, apiBaseUrl: 'https://api.dublin.ie1.twilio.com' }).apiBaseUrl).toBe('https://api.dublin.ie1.twilio.com');
    expect(parseTwilioAccount({ ...base, apiBaseUrl: 'http://127.0.0.1:4010' }).apiBaseUrl).toBe('http://127.0.0.1:4010');
  });

  it.each([
    ['a SID that is not AC + 32 characters', { ...base, accountSid: 'AC123' }, /Account SID starts with AC/],
    ['an empty token', { ...base, authToken: '  ' }, /auth token is empty/],
    ['no number', { ...base, phoneNumbers: [] }, /at least one Twilio phone number/],
    ['a number without its country code', { ...base, phoneNumbers: ['555-0100'] }, /international form/],
    ['an API address outside twilio.com', { ...base, apiBaseUrl: 'https://api.twilio.com.evil.example' }, /twilio\.com address/],
    ['a plain-HTTP Twilio address', { ...base, apiBaseUrl: 'http://api.twilio.com' }, /twilio\.com address/],
    ['an address with credentials', { ...base, apiBaseUrl: 'https://user:pw@api.twilio.com' }, /twilio\.com address/],
  ])('rejects %s with INVALID_INPUT', (_label, draft, message) => {
    expect(() => parseTwilioAccount(draft)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(message) }));
  });

  it('finds the team number that is an account\'s managed phone, whatever its formatting', () => {
    const account = parseTwilioAccount({ ...base, phoneNumbers: ['+15558675310', '+447700900123'] });
    expect(twilioNumberFor(account, '+44 7700 900123')).toBe('+447700900123');
    expect(twilioNumberFor(account, '+15550000000')).toBeUndefined();
    expect(twilioNumberFor(account, '')).toBeUndefined();
  });
});
