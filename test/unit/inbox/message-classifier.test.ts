import { describe, expect, it } from 'vitest';
import type { MessageCategory } from '../../../main/inbox/inbox-message';
import { classifyMessage } from '../../../main/inbox/message-classifier';

describe('classifyMessage', () => {
  it.each<[string, string, string, MessageCategory]>([
    ['an English code', 'Your verification code', 'Your verification code is 123456.', 'verification_code'],
    ['a German code', 'Ihr Sicherheitscode', 'Ihr Sicherheitscode lautet 440021.', 'verification_code'],
    ['a Spanish code', 'Tu código de acceso', 'Tu código de acceso es 883120.', 'verification_code'],
    ['a French code', 'Votre code de confirmation', 'Votre code de confirmation : 771900', 'verification_code'],
    ['a "code" mail without any code', 'Your verification code', 'Open the app to get your code.', 'other'],
    ['a new sign-in', 'New sign-in to your account', 'We noticed a new sign-in from Chrome on Mac.', 'security_alert'],
    ['a new device (German)', 'Neue Anmeldung', 'Neue Anmeldung von einem neuen Gerät.', 'security_alert'],
    ['a changed password (Spanish)', 'Alerta de seguridad', 'Tu contraseña ha sido cambiada.', 'security_alert'],
    ['a new device (French)', 'Nouvelle connexion', 'Nouvelle connexion depuis un nouvel appareil.', 'security_alert'],
    ['a password-changed alert that mentions reset', 'Your password was changed', 'If this wasn\'t you, reset your password.', 'security_alert'],
    ['a reset link', 'Reset your password', 'Click the link to reset your password.', 'recovery'],
    ['a reset code', 'Password reset', 'Your password reset code is 552901.', 'recovery'],
    ['a German reset', 'Passwort zurücksetzen', 'Klicken Sie hier, um Ihr Passwort zurückzusetzen.', 'recovery'],
    ['a Spanish reset', 'Restablecer la contraseña', '¿Olvidaste tu contraseña?', 'recovery'],
    ['a French reset', 'Réinitialiser votre mot de passe', 'Mot de passe oublié ?', 'recovery'],
    ['a newsletter', 'Spring sale', 'Use promo code SPRING24.', 'other'],
  ])('%s → %s', (_name, subject, text, expected) => {
    expect(classifyMessage({ subject, text })).toBe(expected);
  });

  it('reads an HTML-only body', () => {
    expect(classifyMessage({ subject: 'Sign in', text: '', html: '<p>Nouvel appareil</p><p>Alerte de sécurité</p>' })).toBe('security_alert');
  });
});
