import { describe, expect, it } from 'vitest';
import { findSaveControl, leavesSite, saysTwoFactorIsOn, scoreClickable, twoFactorSwitchIsOn } from '../../../automation/enable-totp/enrollment-words';
import { extractBackupCodes, findSecretCandidates, offersBackupCodes } from '../../../automation/enable-totp/secret-text';

describe('finding the way to the 2FA setup', () => {
  it.each([
    ['Two-factor authentication', '/settings/2fa', 8],
    ['Enable two-factor authentication', '', 10],
    ['Zwei-Faktor-Authentifizierung', '', 8],
    ['Verificación en dos pasos', '', 8],
    ['Sécurité', '/compte/securite', 5],
    ['Security', '', 5],
    ['Account settings', '/settings', 2],
    ['', '/settings/two_factor_authentication', 8],
    ['Log out', '/logout', 0],
    ['settings_power Disconnect', '', 0], // SOGo 5.8's log-out button (an icon ligature, then its label)
    ['Disable two-factor authentication', '', 0],
    ['Pricing', '/pricing', 0],
  ])('scores "%s" (%s) as %i while navigating', (text, href, score) => {
    expect(scoreClickable({ text, href }, 'navigate')).toBe(score);
  });

  it('prefers the authenticator app over SMS on a setup page', () => {
    const score = (text: string) => scoreClickable({ text, href: '' }, 'setup');
    expect(score('Authenticator app')).toBeGreaterThan(score('Set up'));
    expect(score('Text message (SMS)')).toBe(0);
    expect(score('Use an authenticator app on your phone')).toBe(10);
    expect(score('Einrichten')).toBeGreaterThan(0);
  });

  it('reads "2FA is on" from a settings page', () => {
    expect(saysTwoFactorIsOn('Two-factor authentication is enabled. Disable')).toBe(true);
    expect(saysTwoFactorIsOn('Two-factor authentication: Off. Enable two-factor authentication')).toBe(false);
  });
});

describe('reading the setup key and the backup codes', () => {
  it('finds an otpauth link and a grouped base32 key, and ignores words and short tokens', () => {
    const text = 'Scan the code or enter this key: jbsw y3dp ehpk 3pxp\nOr open otpauth://totp/Site:ada?secret=JBSWY3DPEHPK3PXP&issuer=Site\nACCESSIBILITY SETTINGS ABCDEFGHIJKLMNOP';
    expect(findSecretCandidates(text)).toEqual(['otpauth://totp/Site:ada?secret=JBSWY3DPEHPK3PXP&issuer=Site', 'JBSWY3DPEHPK3PXP']);
    expect(findSecretCandidates('Your code: 123456')).toEqual([]);
  });

  it('finds a list of backup codes after a heading that names them', () => {
    const text = 'Two-factor is on.\nSave your backup codes\na1b2-c3d4\ne5f6-a7b8\n9c0d-1e2f\n3a4b-5c6d\n5e6f-7a8b\nDone';
    expect(extractBackupCodes(text)).toEqual(['a1b2-c3d4', 'e5f6-a7b8', '9c0d-1e2f', '3a4b-5c6d', '5e6f-7a8b']);
    expect(extractBackupCodes('Recovery: call 555 1234 or visit 2024 help')).toEqual([]);
    expect(extractBackupCodes('Your code 123456 expires in 10 minutes')).toEqual([]);
  });

  it('reads codes shown in three space-separated groups (Redmine 5 lists "a1b2 c3d4 e5f6"), one code per line', () => {
    // The text of Redmine 5.0's twofa_backup_codes/show page (its view and English locale).
    const text = 'Two-factor authentication backup codes\nUse these codes instead of a one-time password should you not have access to your second factor. '
      + 'Each code can only be used once. It is recommended to print and store them in a safe place.\n'
      + '0f3a 9b2c 7d1e\n4c5d 6e7f 8a9b\nb0c1 d2e3 f405\n1627 3849 5a6b\n7c8d 9e0f a1b2\nBackup codes generated 12/05/2026 02:20 AM.';
    expect(extractBackupCodes(text)).toEqual(['0f3a 9b2c 7d1e', '4c5d 6e7f 8a9b', 'b0c1 d2e3 f405', '1627 3849 5a6b', '7c8d 9e0f a1b2']);
    expect(extractBackupCodes('Backup codes:\na1b2-c3d4 e5f6-a7b8\n9c0d-1e2f 3a4b-5c6d')).toEqual(['a1b2-c3d4', 'e5f6-a7b8', '9c0d-1e2f', '3a4b-5c6d']);
  });

  it.each([
    ['generate backup codes', true], // Redmine 5's notice after TOTP is on: "It is recommended to generate backup codes"
    ['Generate backup codes', true],
    ['View recovery codes', true],
    ['Wiederherstellungscodes generieren', true],
    ['Générer des codes de récupération', true],
    ['Generar códigos de recuperación', true],
    ['Backup', false],
    ['Recovery email address', false],
    ['Enter a backup code', false],
  ])('tells a link that makes backup codes: "%s" → %s', (label, offers) => {
    expect(offersBackupCodes(label)).toBe(offers);
  });

  it('reads the query of a link too (MediaWiki: "Enable" next to "TOTP (one-time token)" says nothing itself)', () => {
    const enable = { text: 'Enable', href: '/index.php?title=Special:Manage_Two-factor_authentication&action=enable&module=totp&warn=1' };
    expect(scoreClickable(enable, 'setup')).toBe(10);
    expect(scoreClickable({ text: 'Manage', href: '/index.php/Special:Manage_Two-factor_authentication' }, 'navigate')).toBe(8);
    expect(scoreClickable({ text: 'Enable', href: '/index.php?title=Special:Watchlist&action=enable' }, 'setup')).toBe(5);
  });

  it('never follows a link to another site on the way to the settings', () => {
    const page = 'http://127.0.0.1:18510/index.php/Main_Page';
    expect(leavesSite('https://www.mediawiki.org/wiki/Special:MyLanguage/Manual:Configuration_settings', page)).toBe(true);
    expect(leavesSite('//example.org/settings', page)).toBe(true);
    expect(leavesSite('http://127.0.0.1:18511/settings', page)).toBe(true);
    expect(leavesSite('http://127.0.0.1:18510/index.php/Special:Preferences', page)).toBe(false);
    expect(leavesSite('/index.php/Special:Preferences', page)).toBe(false);
    expect(leavesSite('', page)).toBe(false);
    expect(leavesSite('javascript:void(0)', page)).toBe(false);
  });

  describe('a two-factor switch (SOGo 5: "Enable two-factor authentication using a TOTP application", then Save)', () => {
    const label = 'Enable two-factor authentication using a TOTP application';

    it('clicks the switch while it is off and never once it is on (that would turn it off)', () => {
      expect(scoreClickable({ text: label, href: '', switchedOn: false }, 'setup')).toBe(10);
      expect(scoreClickable({ text: label, href: '', switchedOn: true }, 'setup')).toBe(0);
      expect(scoreClickable({ text: label, href: '', switchedOn: true }, 'navigate')).toBe(0);
    });

    it('reads a ticked two-factor switch as 2FA on, and an unticked one or another ticked box as not', () => {
      expect(twoFactorSwitchIsOn([{ text: label, href: '', switchedOn: true }])).toBe(true);
      expect(twoFactorSwitchIsOn([{ text: label, href: '', switchedOn: false }])).toBe(false);
      expect(twoFactorSwitchIsOn([{ text: 'Show subscribed folders only', href: '', switchedOn: true }])).toBe(false);
      expect(twoFactorSwitchIsOn([{ text: label, href: '' }])).toBe(false);
    });

    it('saves with the shortest enabled "save" control, never a disabled one, a switch or one that also says cancel', () => {
      const controls = [
        { text: 'Save and close', href: '' },
        { text: 'save', href: '' }, // SOGo's floating button: its icon's ligature
        { text: 'Save', href: '', disabled: true },
        { text: 'Save drafts on the server', href: '', switchedOn: false },
        { text: 'Cancel', href: '' },
      ];
      expect(findSaveControl(controls)?.text).toBe('save');
      expect(findSaveControl([{ text: 'Speichern', href: '' }])?.text).toBe('Speichern');
      expect(findSaveControl([{ text: 'Save', href: '', disabled: true }, { text: 'Log out', href: '' }])).toBeUndefined();
    });
  });
});
