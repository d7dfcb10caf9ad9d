import { describe, expect, it } from 'vitest';
import { extractCode } from '../../../main/inbox/code-extractor';

const mail = (text: string, subject = '') => ({ subject, text });

describe('extractCode finds the code', () => {
  it.each<[string, { subject?: string; text: string; html?: string }, string]>([
    ['after "Verification code:"', mail('Device: Chrome\nVerification code: 482913\nThanks'), '482913'],
    ['in the subject only', mail('', 'G-730418 is your Google verification code'), '730418'],
    ['on its own line under the keyword', mail('Use this code to sign in:\n\n  730418\n\nIt expires in 10 minutes.'), '730418'],
    ['before "is your code"', mail('918273 is your Instagram code. Don\'t share it.'), '918273'],
    ['four digits (Microsoft)', mail('Security code: 5062'), '5062'],
    ['eight digits (GitHub launch code)', mail('Here is your GitHub launch code: 84921053'), '84921053'],
    ['split by a dash', mail('Your confirmation code: 284-615'), '284615'],
    ['split by a space', mail('Your code is 123 456'), '123456'],
    ['alphanumeric near the keyword', mail('Voici votre code de vérification : K7PX2Q'), 'K7PX2Q'],
    ['German', mail('Ihr Bestätigungscode lautet: 660142'), '660142'],
    ['German compound', mail('Ihr Einmalkennwort: 771204'), '771204'],
    ['Spanish with accents', mail('Código de verificación: 3710'), '3710'],
    ['Spanish without accents', mail('Tu codigo es 402211'), '402211'],
    ['French', mail('Votre code à usage unique est 553120.'), '553120'],
    ['HTML only', { subject: 'Sign in', text: '', html: '<p>Your code</p><div style="font-size:30px">481 516</div>' }, '481516'],
    ['HTML when the text part only says "view in browser"', { subject: 'Verify', text: 'View this email in your browser.', html: '<td>Verification code</td><td><b>902117</b></td>' }, '902117'],
    ['over a footer year and address', mail('Your login code is 202118\n\n© 2024 Example Inc, 1600 Main Street, Mountain View, CA 94043'), '202118'],
    ['next to an order number and an amount', mail('Order #112-4839201-7730418 of $1,299.00 shipped.\nEnter this one-time password (OTP): 918273'), '918273'],
    ['an SMS with an opt-out short code', mail('123456 is your Uber code. Reply STOP to 89203 to opt out.'), '123456'],
    ['an SMS forwarded by mail', mail('Your Twilio verification code is: 662043', 'SMS from +15551234567'), '662043'],
  ])('%s', (_name, message, code) => {
    expect(extractCode({ subject: '', ...message })?.code).toBe(code);
  });
});

describe('extractCode finds nothing', () => {
  it.each<[string, string, string?]>([
    ['in a receipt', 'Order number: 5521-8890\nTotal: $84.20 (incl. $6.20 tax)\nShipped on 2024-03-20 at 08:15.\nQuestions? Call (541) 555-0199.'],
    ['in a phone number near "code"', 'Questions about your code? Call +49 30 12345678 or 1-888-280-4331.'],
    ['in a year near "code"', 'Our code of conduct was updated in 2024.'],
    ['in a promo code', 'Use promo code SPRING24 or discount code 4411 at checkout.'],
    ['in a zip code', 'Please update your address: 10115 Berlin, zip code 94107.'],
    ['in a link', 'Verify here: https://example.test/verify?token=884422&id=557799'],
    ['in an amount', 'Your verification fee of 1500 EUR was charged.'],
    ['in a plain newsletter', 'Spring is here and 30% off everything until April.', 'Spring sale'],
    ['in an email address', 'Your code was sent to user123456@example.test'],
  ])('%s', (_name, text, subject = '') => {
    expect(extractCode(mail(text, subject))).toBeUndefined();
  });
});

describe('extractCode prefers', () => {
  it('the number next to the keyword over an earlier bare number', () => {
    expect(extractCode(mail('Reference 88213\nAccount 4471\n\nYour security code: 119204'))?.code).toBe('119204');
  });

  it('digits over a code-shaped word further away', () => {
    expect(extractCode(mail('Build ABC123X passed.\nYour verification code is 661002'))?.code).toBe('661002');
  });
});
