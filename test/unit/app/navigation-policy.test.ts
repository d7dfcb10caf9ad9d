import { describe, expect, it } from 'vitest';
import { isAppUrl, schemeForLog } from '../../../main/app/navigation-policy';
import { isSafeExternalUrl } from '../../../main/platform/external-links';

const allowed = new Set(['app://tessera']);

describe('navigation policy', () => {
  it.each([
    ['app://tessera/index.html', true],
    ['app://tessera/#/settings', true],
    ['https://evil.example/', false],
    ['http://localhost:5173/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>1</script>', false],
    ['app://tessera.evil/', false],
    ['about:blank', false],
  ])('%s stays in the app: %s', (url, expected) => {
    expect(isAppUrl(url, allowed)).toBe(expected);
  });

  it('logs only the scheme of a blocked URL, never its path or query', () => {
    expect(schemeForLog('https://evil.example/?token=abc')).toBe('https');
    expect(schemeForLog('no scheme here')).toBe('unknown');
  });
});

describe('external links', () => {
  it.each([
    ['https://docs.example/guide', true],
    ['https://docs.example/a b', false],
    ['http://docs.example/', false],
    ['https://user:pass@docs.example/', false],
    ['file:///C:/Windows/System32/calc.exe', false],
    ['ms-msdt:/id PCWDiagnostic', false],
    ['smb://attacker/share', false],
    ['javascript:alert(1)', false],
    ['https://' + 'a'.repeat(3000) + '.example', false],
  ])('%s may open in the OS browser: %s', (url, expected) => {
    expect(isSafeExternalUrl(url)).toBe(expected);
  });
});
