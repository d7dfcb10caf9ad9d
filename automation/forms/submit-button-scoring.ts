// Pure choice of the button that submits a form: type=submit and words like "log in",
// "next", "verify" or (for a new password) "change" count for it; "show password", "sign up", "forgot", "cancel" and
// "continue with Google" count against it. No good button means: press Enter instead.

import type { ButtonDescriptor } from './field-descriptor';
import {
  APPLY_CHANGE_WORDS,
  CHANGE_WORDS,
  FORGOT_WORDS,
  LOGIN_WORDS,
  NEXT_WORDS,
  OTHER_ROUTE_BUTTON_WORDS,
  SIGN_UP_WORDS,
  TOGGLE_BUTTON_WORDS,
  VERIFY_WORDS,
  findKeyword,
} from './field-keywords';

/** 'change': the form sets a new password (its button may be a plain type=button "Change"). */
export type SubmitPurpose = 'login' | 'next' | 'otp' | 'change';

export function scoreSubmitButton(button: ButtonDescriptor, purpose: SubmitPurpose): number {
  if (!button.visible) return -100;
  let score = 0;
  if (button.type === 'submit') score += 3;
  if (button.disabled) score -= 2;
  if (button.text === '') score -= 1;
  const text = button.text;
  if (findKeyword(text, TOGGLE_BUTTON_WORDS)) score -= 10;
  if (findKeyword(text, OTHER_ROUTE_BUTTON_WORDS)) score -= 8;
  if (findKeyword(text, FORGOT_WORDS)) score -= 8;
  // "Sign up" contains no login word, but "Sign in or sign up" does: login words win below.
  if (findKeyword(text, SIGN_UP_WORDS) && !findKeyword(text, LOGIN_WORDS)) score -= 6;
  if (findKeyword(text, LOGIN_WORDS)) score += purpose === 'otp' ? 2 : 5;
  if (findKeyword(text, NEXT_WORDS)) score += purpose === 'login' || purpose === 'change' ? 3 : 5;
  if (findKeyword(text, VERIFY_WORDS)) score += purpose === 'otp' ? 5 : 1;
  // A page-wide "Save" may leave the password untouched (or stay disabled): "Change" names it.
  if (purpose === 'change' && findKeyword(text, CHANGE_WORDS)) score += 6;
  else if (purpose === 'change' && findKeyword(text, APPLY_CHANGE_WORDS)) score += 5;
  return score;
}

/** The best submit button for the purpose, or undefined when Enter is the better bet. */
export function chooseSubmitButton(
  buttons: readonly ButtonDescriptor[],
  purpose: SubmitPurpose,
): ButtonDescriptor | undefined {
  let best: ButtonDescriptor | undefined;
  let bestScore = 0;
  for (const button of buttons) {
    const score = scoreSubmitButton(button, purpose);
    if (score > bestScore) {
      best = button;
      bestScore = score;
    }
  }
  return best;
}
