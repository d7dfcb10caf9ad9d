// Where the extension may fill: origins come from the browser's sender (the document's real
// origin first), only http(s) frames with a real origin count, and an http:// page to another
// machine needs the person's confirmation (loopback does not, as in the app).
import { describe, expect, it } from 'vitest';
import { fillTarget, insecureOriginOf, senderFrameOrigin, senderTopOrigin } from '../../../extension/common/origins';
import { webOriginOf } from '../../../main/passwords/web-origin';

describe('extension origins', () => {
  it('reads only http(s) origins', () => {
    expect(webOriginOf('https://Login.Example.com:443/x?y')).toBe('https://login.example.com');
    expect(webOriginOf('http://127.0.0.1:8080/login')).toBe('http://127.0.0.1:8080');
    for (const text of ['null', 'about:blank', 'data:text/html,x', 'file:///etc/passwd', 'chrome://settings', 'javascript:alert(1)', '', undefined, 'not a url']) {
      expect(webOriginOf(text)).toBeNull();
    }
  });

  it('takes a frame’s origin from sender.origin before its URL (an about:blank frame inherits, a sandboxed one is opaque)', () => {
    expect(senderFrameOrigin({ origin: 'https://bank.example', url: 'about:blank' })).toBe('https://bank.example');
    expect(senderFrameOrigin({ origin: 'null', url: 'https://bank.example/login' })).toBeNull();
    expect(senderFrameOrigin({ url: 'https://bank.example/login' })).toBe('https://bank.example');
    expect(senderFrameOrigin({ url: 'about:blank' })).toBeNull();
  });

  it('takes the top origin from the tab, else from what the top frame reported', () => {
    expect(senderTopOrigin({ tab: { url: 'https://portal.example/a' } }, 'https://other.example')).toBe('https://portal.example');
    expect(senderTopOrigin({ tab: {} }, 'https://portal.example')).toBe('https://portal.example');
    expect(senderTopOrigin({}, null)).toBeNull();
  });

  it('needs both origins for a fill target', () => {
    expect(fillTarget('https://a.example', 'https://b.example')).toEqual({ topOrigin: 'https://a.example', frameOrigin: 'https://b.example' });
    expect(fillTarget(null, 'https://b.example')).toBeNull();
    expect(fillTarget('https://a.example', null)).toBeNull();
  });

  it('asks for confirmation on http:// to another machine, in the frame or at the top', () => {
    expect(insecureOriginOf({ topOrigin: 'https://a.example', frameOrigin: 'https://a.example' })).toBeNull();
    expect(insecureOriginOf({ topOrigin: 'http://a.example', frameOrigin: 'http://a.example' })).toBe('http://a.example');
    expect(insecureOriginOf({ topOrigin: 'http://portal.example', frameOrigin: 'https://idp.example' })).toBe('http://portal.example');
    expect(insecureOriginOf({ topOrigin: 'https://portal.example', frameOrigin: 'http://idp.example' })).toBe('http://idp.example');
    expect(insecureOriginOf({ topOrigin: 'http://127.0.0.1:3000', frameOrigin: 'http://localhost:4000' })).toBeNull();
  });
});
