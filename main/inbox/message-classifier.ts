// Sorts a mail into verification code, security alert (new sign-in, new device, password
// changed), password reset / recovery, or other, from phrase lists in English, German,
// Spanish and French. The subject counts three times the body; a code category needs a code,
// and a code right next to a keyword counts even when a broken charset mangled the phrases.

import { extractCode, type CodeSource } from './code-extractor';
import { htmlToText } from './html-text';
import type { MessageCategory } from './inbox-message';
import { fold } from './text-fold';

// Folded phrases (lower case, no accents). Order inside a list does not matter.
const PHRASES: Record<Exclude<MessageCategory, 'other'>, string[]> = {
  verification_code: [
    'verification code', 'security code', 'confirmation code', 'login code', 'sign-in code', 'sign in code',
    'one-time', 'one time pass', 'passcode', 'authentication code', 'your code', 'verify your', 'otp',
    'bestatigungscode', 'verifizierungscode', 'sicherheitscode', 'einmalcode', 'einmalkennwort', 'anmeldecode', 'ihr code',
    'codigo de verificacion', 'codigo de seguridad', 'codigo de confirmacion', 'tu codigo', 'codigo de acceso',
    'code de verification', 'code de securite', 'code de confirmation', 'code a usage unique', 'votre code',
  ],
  security_alert: [
    'new sign-in', 'new sign in', 'new login', 'new device', 'unrecognized device', 'unusual sign-in', 'unusual activity',
    'security alert', 'password was changed', 'password has been changed', 'password changed', 'was this you',
    'neue anmeldung', 'neues gerat', 'sicherheitswarnung', 'passwort wurde geandert', 'ungewohnliche aktivitat',
    'nuevo inicio de sesion', 'nuevo dispositivo', 'alerta de seguridad', 'contrasena ha sido cambiada', 'se cambio tu contrasena',
    'nouvelle connexion', 'nouvel appareil', 'alerte de securite', 'mot de passe a ete modifie', 'activite inhabituelle',
  ],
  recovery: [
    'reset your password', 'password reset', 'reset password', 'forgot your password', 'forgot password', 'account recovery',
    'recover your account', 'recovery code',
    'passwort zurucksetzen', 'passwort vergessen', 'kontowiederherstellung', 'wiederherstellung',
    'restablecer tu contrasena', 'restablecer la contrasena', 'olvidaste tu contrasena', 'recuperar tu cuenta', 'recuperacion de cuenta',
    'reinitialiser votre mot de passe', 'reinitialisation du mot de passe', 'mot de passe oublie', 'recuperation du compte',
  ],
};

/** A code this close to a keyword (see code-extractor) speaks for itself. */
const CLEAR_CODE_SCORE = 7;

// When scores tie, the more specific category wins.
const TIE_ORDER: Exclude<MessageCategory, 'other'>[] = ['recovery', 'verification_code', 'security_alert'];

export function classifyMessage(message: CodeSource): MessageCategory {
  const subject = fold(message.subject);
  const body = fold(message.text || (message.html ? htmlToText(message.html) : ''));
  let best: MessageCategory = 'other';
  let bestScore = 0;
  const code = extractCode(message);
  for (const category of TIE_ORDER) {
    if (category === 'verification_code' && !code) continue;
    const phraseScore = PHRASES[category].reduce(
      (sum, phrase) => sum + (subject.includes(phrase) ? 3 : 0) + (body.includes(phrase) ? 1 : 0),
      0,
    );
    const score = phraseScore + (category === 'verification_code' && code && code.score >= CLEAR_CODE_SCORE ? 2 : 0);
    if (score > bestScore) {
      best = category;
      bestScore = score;
    }
  }
  return best;
}
