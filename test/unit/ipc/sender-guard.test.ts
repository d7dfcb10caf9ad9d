import { describe, expect, it } from 'vitest';
import { checkSender, originOf } from '../../../main/ipc/sender-guard';

const known = new Set(['app.info']);
const allowed = new Set(['app://tessera']);

describe('IPC sender guard', () => {
  const cases: Array<{ name: string; channel: string; frameUrl: string | null; top: boolean; verdict: string }> = [
    { name: 'accepts the top-level app page', channel: 'app.info', frameUrl: 'app://tessera/index.html', top: true, verdict: 'allowed' },
    { name: 'accepts any path of the app origin', channel: 'app.info', frameUrl: 'app://tessera/deep/route?x=1#y', top: true, verdict: 'allowed' },
    { name: 'refuses an unknown channel', channel: 'vault.dumpEverything', frameUrl: 'app://tessera/index.html', top: true, verdict: 'UNKNOWN_CHANNEL' },
    { name: 'refuses a prototype-named channel', channel: '__proto__', frameUrl: 'app://tessera/index.html', top: true, verdict: 'UNKNOWN_CHANNEL' },
    { name: 'refuses a subframe of the app', channel: 'app.info', frameUrl: 'app://tessera/index.html', top: false, verdict: 'FORBIDDEN_SENDER' },
    { name: 'refuses a remote https page', channel: 'app.info', frameUrl: 'https://evil.example/', top: true, verdict: 'FORBIDDEN_SENDER' },
    { name: 'refuses file:// pages', channel: 'app.info', frameUrl: 'file:///tmp/index.html', top: true, verdict: 'FORBIDDEN_SENDER' },
    { name: 'refuses another app:// host', channel: 'app.info', frameUrl: 'app://tessera.evil/index.html', top: true, verdict: 'FORBIDDEN_SENDER' },
    { name: 'refuses a look-alike with credentials', channel: 'app.info', frameUrl: 'app://tessera@evil/index.html', top: true, verdict: 'FORBIDDEN_SENDER' },
    { name: 'refuses about:blank', channel: 'app.info', frameUrl: 'about:blank', top: true, verdict: 'FORBIDDEN_SENDER' },
    { name: 'refuses data: URLs', channel: 'app.info', frameUrl: 'data:text/html,hi', top: true, verdict: 'FORBIDDEN_SENDER' },
    { name: 'refuses a destroyed frame', channel: 'app.info', frameUrl: null, top: true, verdict: 'FORBIDDEN_SENDER' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const verdict = checkSender(c.channel, { frameUrl: c.frameUrl, isTopLevel: c.top }, known, allowed);
      expect(verdict.allowed ? 'allowed' : verdict.code).toBe(c.verdict);
    });
  }

  it('accepts the dev server origin only when it is in the allowed set', () => {
    const sender = { frameUrl: 'http://localhost:5173/', isTopLevel: true };
    expect(checkSender('app.info', sender, known, allowed).allowed).toBe(false);
    expect(checkSender('app.info', sender, known, new Set([...allowed, 'http://localhost:5173'])).allowed).toBe(true);
  });

  it('computes origins for app: URLs, which URL.origin reports as "null"', () => {
    expect(originOf('app://tessera/index.html')).toBe('app://tessera');
    expect(originOf('not a url')).toBeNull();
  });
});
