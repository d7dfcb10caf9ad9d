// A text file of otpauth:// links, one per line (what Aegis, 2FAS, andOTP and `tessera mfa
// export` write): one account per link, named by its issuer, with only its TOTP.
import { SkipItem, collect, totpFromText, type ParsedImport } from '../imported-account';

export function isOtpauthList(text: string): boolean {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return lines.length > 0 && lines.every((line) => /^otpauth:\/\//i.test(line));
}

export function readOtpauthList(text: string): ParsedImport {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return collect('otpauth-list', lines, (line) => {
    const totp = totpFromText(line);
    if (!totp) throw new SkipItem('the line is empty');
    const name = (totp.issuer || totp.label || 'Authenticator entry').slice(0, 200);
    return { input: { name, username: totp.label.includes('@') ? totp.label.slice(0, 500) : '', totp } };
  });
}
