// The account form's website check: a scheme is added when missing; words are refused.
import { describe, expect, it } from 'vitest';
import { checkUrls } from '../../../renderer/src/accounts/url-check';

describe('account website check', () => {
  it.each([
    ['https://app.example.com/login', ['https://app.example.com/login']],
    ['stripe.com/login', ['https://stripe.com/login']],
    ['github.com', ['https://github.com']],
    ['http://127.0.0.1:8080/login, https://eu.example.org', ['http://127.0.0.1:8080/login', 'https://eu.example.org']],
    ['', []],
  ])('accepts %j', (text, urls) => {
    expect(checkUrls(text)).toEqual({ ok: true, urls });
  });

  it.each(['stripe dashboard', 'ftp://files.example.com', 'javascript:alert(1)', 'stripe'])('refuses %j with a sentence', (text) => {
    const result = checkUrls(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/is not a web address\. Enter one such as https:\/\/app\.example\.com\/login\.$/);
  });
});
