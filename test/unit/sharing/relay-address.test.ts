// The relay address a person gives (join --relay, workspace relay, the app's setting): one
// written form for the same relay, and a refusal with a stable code that says what to write,
// never repeating a password typed into the address. What may carry a secret is the same rule
// the SMTP settings use.
import { describe, expect, it } from 'vitest';
import { carriesSecretsSafely, parseRelayAddress } from '../../../main/sharing/relay-address';

const refusal = (text: string) => {
  try {
    parseRelayAddress(text);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error(`accepted ${text}`);
};

describe('relay address', () => {
  it('accepts ws:// and wss:// to any host, written one way', () => {
    expect(parseRelayAddress(' ws://127.0.0.1:8787 ')).toBe('ws://127.0.0.1:8787');
    expect(parseRelayAddress('ws://127.0.0.1:8787/')).toBe('ws://127.0.0.1:8787');
    expect(parseRelayAddress('WSS://Relay.Example.COM:443/')).toBe('wss://relay.example.com');
    expect(parseRelayAddress('ws://relay.lan:80')).toBe('ws://relay.lan');
    expect(parseRelayAddress('ws://192.168.1.20:8787')).toBe('ws://192.168.1.20:8787');
    expect(parseRelayAddress('ws://[::1]:9000')).toBe('ws://[::1]:9000');
    expect(parseRelayAddress('wss://example.com/tessera/relay')).toBe('wss://example.com/tessera/relay');
  });

  it('refuses what is not a relay address with INVALID_INPUT and what to write instead', () => {
    expect(refusal('relay.example.com:8787')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/ws:\/\/ or wss:\/\//) });
    expect(refusal('not a url')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('ws://host:port') });
    expect(refusal('')).toMatchObject({ code: 'INVALID_INPUT' });
    expect(refusal('https://relay.example.com')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('wss:// instead of https://') });
    expect(refusal('http://relay.example.com')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('ws:// instead of http://') });
    expect(refusal('ftp://relay.example.com')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/starts with ws:\/\/ or wss:\/\//) });
    expect(refusal('ws://relay.example.com/#x')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('#') });
  });

  it('refuses a user name or password in the address without repeating it', () => {
    const error = refusal('wss://admin:Hunter2-secret@relay.example.com');
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('no user name or password') });
    expect(error.message).not.toContain('Hunter2-secret');
    expect(refusal('ws://Hunter2-secret@relay.example.com').message).not.toContain('Hunter2-secret');
  });

  it('lets a secret go only over wss:// or to this machine', () => {
    expect(carriesSecretsSafely('wss://relay.example.com')).toBe(true);
    expect(carriesSecretsSafely('ws://127.0.0.1:8787')).toBe(true);
    expect(carriesSecretsSafely('ws://localhost:8787')).toBe(true);
    expect(carriesSecretsSafely('ws://[::1]:8787')).toBe(true);
    expect(carriesSecretsSafely('ws://192.168.1.20:8787')).toBe(false);
    expect(carriesSecretsSafely(undefined)).toBe(false);
  });
});
