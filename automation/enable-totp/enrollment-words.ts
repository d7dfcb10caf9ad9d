// Pure scoring of what to click on the way to an authenticator-app setup: links and buttons
// about two-factor authentication score highest, then the security page, then account
// settings; on the setup page, the authenticator-app method beats SMS or e-mail, and a plain
// "enable / set up / continue" moves on. English, German, Spanish and French; texts are
// compared in compact form (field-keywords.ts), so "Two-Factor", "two factor" and "2-FA" meet.
import { compactText, findKeyword } from '../forms/field-keywords';

/** Words that name two-factor authentication itself. */
export const TWO_FACTOR_WORDS = [
  'two-factor', 'two factor', '2fa', '2-step', 'two-step', '2 step', 'mfa', 'multi-factor', 'multifactor', 'second factor',
  'two-step verification', 'login verification', 'sign-in verification',
  'zwei-faktor', 'zweifaktor', '2-faktor', 'zwei-schritt', 'zweistufig', 'bestätigung in zwei schritten',
  'verificación en dos pasos', 'dos pasos', 'dos factores', 'doble factor', 'autenticación de dos factores', 'verificación en 2 pasos',
  'double authentification', 'deux facteurs', 'deux étapes', 'authentification à deux facteurs', 'a2f',
] as const;

/** The security area of an account (where 2FA usually lives). */
export const SECURITY_WORDS = [
  'security', 'sign-in & security', 'login & security', 'password and security', 'privacy & security',
  'sicherheit', 'anmeldung und sicherheit', 'seguridad', 'inicio de sesión y seguridad', 'sécurité', 'connexion et sécurité',
] as const;

/** Account settings in general: a step towards the security page. */
export const SETTINGS_WORDS = [
  'settings', 'account', 'my account', 'profile', 'preferences',
  'einstellungen', 'konto', 'mein konto', 'profil',
  'configuración', 'ajustes', 'cuenta', 'mi cuenta', 'perfil',
  'paramètres', 'réglages', 'compte', 'mon compte',
] as const;

/** The authenticator-app method on a "choose a method" page. */
export const AUTHENTICATOR_WORDS = [
  'authenticator', 'authentication app', 'authenticator app', 'auth app', 'totp', 'app-based', 'mobile app', 'use an app',
  'authentifizierungs-app', 'authenticator-app', 'app verwenden',
  'aplicación de autenticación', 'app de autenticación', 'aplicación autenticadora',
  "application d'authentification", 'application authenticator',
] as const;

/** Moves a setup forward. */
export const ENABLE_WORDS = [
  'enable', 'turn on', 'set up', 'setup', 'activate', 'get started', 'add', 'configure', 'continue', 'next',
  'aktivieren', 'einschalten', 'einrichten', 'weiter', 'hinzufügen',
  'activar', 'configurar', 'habilitar', 'continuar', 'siguiente',
  'activer', 'configurer', 'continuer', 'suivant',
] as const;

/** Never click: they leave, undo or destroy. */
export const AVOID_WORDS = [
  'log out', 'logout', 'sign out', 'signout', 'disconnect', 'abmelden', 'cerrar sesión', 'déconnexion', 'se déconnecter',
  'disable', 'turn off', 'remove', 'delete', 'deactivate', 'deaktivieren', 'ausschalten', 'entfernen', 'löschen',
  'desactivar', 'eliminar', 'borrar', 'désactiver', 'supprimer',
  'sms', 'text message', 'phone', 'security key', 'passkey', 'webauthn', 'email', 'e-mail',
  'cancel', 'abbrechen', 'cancelar', 'annuler', 'help', 'hilfe', 'ayuda', 'aide', 'learn more',
] as const;

/** Texts that say 2FA is already on. */
const ALREADY_ON = [
  /(two[- ]factor|2fa|two[- ]step|mfa|zwei-faktor|dos pasos|deux facteurs)[^.\n]{0,60}(?:(?:\bis|\bist|\bestá|\best|:)\s*(?:on|enabled|active|aktiv|activad[ao]|activée?)\b|\b(?:enabled|aktiviert|activad[ao]|activée)\b)/i,
];

/** Saves a settings page (where ticking "enable two-factor" only counts once saved). */
export const SAVE_WORDS = [
  'save', 'save changes', 'apply',
  'speichern', 'übernehmen', 'guardar', 'aplicar', 'enregistrer', 'appliquer',
] as const;

export interface Clickable {
  text: string;
  href: string;
  /** A checkbox or switch: whether it is on. Undefined for links and buttons. */
  switchedOn?: boolean;
  disabled?: boolean;
}

/**
 * How promising a link or button is for reaching the 2FA setup (higher is better; 0 or less =
 * never). `stage` says where we are: looking for the settings, or on a setup page already.
 */
export function scoreClickable({ text, href, switchedOn }: Clickable, stage: 'navigate' | 'setup'): number {
  const label = `${text} ${hrefWords(href)}`;
  // A box already ticked is never clicked: that would turn it off.
  if (compactText(label) === '' || switchedOn === true) return 0;
  const twoFactor = findKeyword(label, TWO_FACTOR_WORDS) !== undefined;
  const authenticator = findKeyword(label, AUTHENTICATOR_WORDS) !== undefined;
  // "Two-factor via authenticator app or SMS" still names the app; a bare "SMS" is avoided.
  if (findKeyword(text, AVOID_WORDS) !== undefined && !authenticator) return 0;
  if (stage === 'setup') {
    if (authenticator) return 10;
    if (findKeyword(text, ENABLE_WORDS) !== undefined) return twoFactor ? 7 : 5;
    return twoFactor ? 4 : 0;
  }
  if (twoFactor && findKeyword(text, ENABLE_WORDS) !== undefined) return 10;
  if (twoFactor || authenticator) return 8;
  if (findKeyword(label, SECURITY_WORDS) !== undefined) return 5;
  if (findKeyword(label, SETTINGS_WORDS) !== undefined) return 2;
  return 0;
}

/**
 * The words of a link's path and query values: "/settings/two_factor_authentication" →
 * "settings two factor authentication"; MediaWiki's "/index.php?title=Special:Manage_Two-factor_authentication&action=enable&module=totp"
 * → "index php Special:Manage Two factor authentication enable totp".
 */
function hrefWords(href: string): string {
  if (!href || /^(javascript|mailto|tel):/i.test(href)) return '';
  try {
    const url = new URL(href, 'http://x.invalid');
    return [decodeURIComponent(url.pathname), ...url.searchParams.values()].join(' ').replace(/[/_.-]+/g, ' ');
  } catch {
    return '';
  }
}

export function saysTwoFactorIsOn(pageText: string): boolean {
  return ALREADY_ON.some((pattern) => pattern.test(pageText));
}

/** A ticked checkbox or switch that names two-factor or an authenticator app: 2FA is on. */
export function twoFactorSwitchIsOn(clickables: readonly Clickable[]): boolean {
  return clickables.some((c) => c.switchedOn === true && (findKeyword(c.text, TWO_FACTOR_WORDS) !== undefined || findKeyword(c.text, AUTHENTICATOR_WORDS) !== undefined));
}

/**
 * The control that saves a settings page after a switch was ticked, or undefined: a visible,
 * enabled link or button that says "save" (or "apply", "update"), the shortest label first, so
 * "Save" beats "Save and close".
 */
export function findSaveControl<C extends Clickable>(clickables: readonly C[]): C | undefined {
  return clickables
    .filter((c) => !c.disabled && c.switchedOn === undefined && findKeyword(c.text, SAVE_WORDS) !== undefined && findKeyword(c.text, AVOID_WORDS) === undefined)
    .sort((a, b) => a.text.length - b.text.length)[0];
}

/** A link to another site (a wiki's "Configuration settings list" on mediawiki.org): never the way to this site's settings. */
export function leavesSite(href: string, pageUrl: string): boolean {
  if (!href || !/^(https?:)?\/\//i.test(href)) return false;
  try {
    return new URL(href, pageUrl).origin !== new URL(pageUrl).origin;
  } catch {
    return true;
  }
}
