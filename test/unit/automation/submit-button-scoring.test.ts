import { describe, expect, it } from 'vitest';
import { type SubmitPurpose, chooseSubmitButton } from '../../../automation/forms/submit-button-scoring';
import { button } from './form-builders';

const cases: { name: string; buttons: [string, string][]; purpose: SubmitPurpose; chosen: string | undefined }[] = [
  { name: 'Log in over Show', buttons: [['Show', 'button'], ['Log in', 'submit']], purpose: 'login', chosen: 'Log in' },
  { name: 'Sign in over Sign up', buttons: [['Sign up', 'submit'], ['Sign in', 'submit']], purpose: 'login', chosen: 'Sign in' },
  { name: 'Anmelden over Registrieren', buttons: [['Registrieren', 'button'], ['Anmelden', 'button']], purpose: 'login', chosen: 'Anmelden' },
  { name: 'Iniciar sesión', buttons: [['Iniciar sesión', 'submit']], purpose: 'login', chosen: 'Iniciar sesión' },
  { name: 'ログイン over パスワードを忘れた', buttons: [['パスワードを忘れた', 'button'], ['ログイン', 'button']], purpose: 'login', chosen: 'ログイン' },
  { name: 'Next for a username-first step', buttons: [['Continue with Google', 'button'], ['Next', 'submit']], purpose: 'next', chosen: 'Next' },
  { name: 'Verify for a code', buttons: [['Resend code', 'button'], ['Verify', 'submit']], purpose: 'otp', chosen: 'Verify' },
  { name: 'an unnamed submit button', buttons: [['', 'submit']], purpose: 'login', chosen: '' },
  { name: 'only a toggle: press Enter instead', buttons: [['Show password', 'button']], purpose: 'login', chosen: undefined },
  { name: 'only Cancel: press Enter instead', buttons: [['Cancel', 'button']], purpose: 'login', chosen: undefined },
  { name: 'no buttons', buttons: [], purpose: 'login', chosen: undefined },
  { name: 'a plain type=button "Change" applies a new password (SOGo 5.8 Preferences)', buttons: [['Change', 'button']], purpose: 'change', chosen: 'Change' },
  { name: 'Save changes over Cancel for a new password', buttons: [['Cancel', 'button'], ['Save changes', 'button']], purpose: 'change', chosen: 'Save changes' },
  { name: 'Apply (submit) for a new password (Redmine)', buttons: [['Apply', 'submit']], purpose: 'change', chosen: 'Apply' },
  { name: 'the form\'s "Change" over the toolbar\'s "save" (SOGo 5.8 Preferences)', buttons: [['save', 'button'], ['Change', 'button']], purpose: 'change', chosen: 'Change' },
  { name: 'a "Change" button is no login button', buttons: [['Change', 'button']], purpose: 'login', chosen: undefined },
];

describe('chooseSubmitButton', () => {
  it.each(cases)('$name', ({ buttons, purpose, chosen }) => {
    const descriptors = buttons.map(([text, type]) => button(text, { type }));
    expect(chooseSubmitButton(descriptors, purpose)?.text).toBe(chosen);
  });

  it('skips invisible buttons', () => {
    expect(chooseSubmitButton([button('Log in', { visible: false })], 'login')).toBeUndefined();
  });
});
