// Pure choices on a classified page: which form changes the password (current / new /
// confirm, or new / confirm only on sites that re-authenticate first), which form asks to
// log in again before it, and how a change submit ended, from the recorded evidence.
import type { ClassifiedForm } from '../forms/form-classifier';
import { findKeyword } from '../forms/field-keywords';
import type { LoginEvidence } from '../outcome/login-outcome';

/** The change-password form of a page, if it shows one. */
export function pickChangePasswordForm<T extends ClassifiedForm>(forms: readonly T[]): T | undefined {
  const usable = (form: T): boolean => form.fields.newPassword !== undefined && form.fields.newPassword.visible;
  return (
    forms.find((form) => form.kind === 'change-password' && usable(form)) ??
    // On a page reached as the change-password page, "new + confirm" without a username is
    // the change form even when nothing on it says "change"; so is a lone field the page
    // marks autocomplete="new-password" (WordPress's profile: one generated password, its
    // confirmation hidden, among name and email fields that are no username).
    forms.find((form) => form.kind === 'sign-up' && usable(form) && !form.fields.username &&
      (form.fields.confirmPassword !== undefined || form.fields.newPassword!.autocomplete.includes('new-password')))
  );
}

/** A login or "enter your password again" form standing between us and the change form. */
export function pickReauthForm<T extends ClassifiedForm>(forms: readonly T[]): T | undefined {
  return forms.find((form) => (form.kind === 'password-step' || form.kind === 'login') && form.fields.currentPassword?.visible === true);
}

export const CHANGE_OUTCOMES = ['changed', 'rejected', 'unknown'] as const;
export type ChangeOutcome = (typeof CHANGE_OUTCOMES)[number];

export interface ChangeEvidence extends LoginEvidence {
  /** Visible text after the submit, cut short; used for "password changed" phrases. */
  pageText: string;
}

const CHANGED_PHRASES = [
  'password has been changed', 'password was changed', 'password changed', 'password has been updated', 'password was updated',
  'password updated', 'password has been reset', 'new password has been saved', 'password saved',
  'passwort wurde geändert', 'passwort geändert', 'kennwort wurde geändert', 'contraseña ha sido cambiada', 'contraseña actualizada',
  'contraseña cambiada', 'mot de passe a été modifié', 'mot de passe modifié', 'mot de passe a été changé', 'パスワードを変更しました', 'パスワードが変更されました',
] as const;

export function classifyChangeOutcome(evidence: ChangeEvidence): { outcome: ChangeOutcome; reasons: string[] } {
  const said = findKeyword(evidence.pageText, CHANGED_PHRASES);
  const serverError = evidence.httpStatuses.find((status) => status >= 500);
  const clientError = evidence.httpStatuses.find((status) => status >= 400 && status < 500);
  const error = evidence.errorRegionText;
  if (evidence.passwordFormStillVisible) {
    // 5xx: the site may have stored the change before failing; only a login can tell.
    if (serverError !== undefined) return { outcome: 'unknown', reasons: [`the site answered ${serverError}`, ...(error ? [`the page says "${error}"`] : [])] };
    if (error || evidence.fieldMarkedInvalid || clientError !== undefined) {
      const reasons = ['the change form is still shown'];
      if (error) reasons.push(`the page says "${error}"`);
      if (evidence.fieldMarkedInvalid) reasons.push('a field is marked invalid');
      if (clientError !== undefined) reasons.push(`the site answered ${clientError}`);
      return { outcome: 'rejected', reasons };
    }
    if (said) return { outcome: 'changed', reasons: [`the page says "${said}"`] };
    return { outcome: 'unknown', reasons: ['the change form is still shown, without a message'] };
  }
  if (said) return { outcome: 'changed', reasons: ['the change form is gone', `the page says "${said}"`] };
  if (error) return { outcome: 'unknown', reasons: ['the change form is gone', `but the page says "${error}"`] };
  if (serverError !== undefined) return { outcome: 'unknown', reasons: [`the site answered ${serverError}`] };
  if (evidence.httpStatuses.some((status) => status >= 200 && status < 400)) return { outcome: 'changed', reasons: ['the change form is gone', 'the site accepted the submit'] };
  return { outcome: 'unknown', reasons: ['the change form is gone, but no answer from the site was seen'] };
}
