import { describe, expect, it } from 'vitest';
import { changePasswordUrlFor, wellKnownChangePasswordUrl } from '../../../main/passwords/change-password-urls';

describe('changePasswordUrlFor', () => {
  const cases: Array<[string, string | undefined]> = [
    ['aa.com', 'https://www.aa.com/loyalty/profile/information'],
    ['www.aa.com', 'https://www.aa.com/loyalty/profile/information'],
    ['account.magento.com', 'https://account.magento.com/customer/account/changepassword'],
    ['unknown.example', undefined],
    ['hasOwnProperty', undefined],
  ];
  it.each(cases)('for %s gives %s', (host, url) => {
    expect(changePasswordUrlFor(host)).toBe(url);
  });
});

describe('wellKnownChangePasswordUrl', () => {
  const cases: Array<[string, string]> = [
    ['https://example.com', 'https://example.com/.well-known/change-password'],
    ['https://example.com/login?next=/', 'https://example.com/.well-known/change-password'],
    ['http://localhost:8080', 'http://localhost:8080/.well-known/change-password'],
    ['https://EXAMPLE.com:443/', 'https://example.com/.well-known/change-password'],
  ];
  it.each(cases)('for %s is %s', (origin, url) => {
    expect(wellKnownChangePasswordUrl(origin)).toBe(url);
  });

  it.each(['example.com', 'javascript:alert(1)', 'file:///etc/passwd'])('refuses %s', (origin) => {
    expect(() => wellKnownChangePasswordUrl(origin)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
