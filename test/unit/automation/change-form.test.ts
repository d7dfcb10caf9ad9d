// Which form of a page changes the password (pickChangePasswordForm), table-driven from the
// shapes of real apps' forms.
import { describe, expect, it } from 'vitest';
import { pickChangePasswordForm } from '../../../automation/change-password/change-form';
import { classifyForm } from '../../../automation/forms/form-classifier';
import type { FieldGroup } from '../../../automation/forms/field-descriptor';
import { button, field, group } from './form-builders';

const pass = () => field({ type: 'password' });
const newPass = () => field({ type: 'password', autocomplete: ['new-password'] });

const cases: { name: string; group: () => FieldGroup; picked: boolean }[] = [
  { name: 'Redmine: current + new + confirm', group: () => group([pass(), pass(), pass()], { buttons: [button('Apply')] }), picked: true },
  { name: 'phpMyAdmin-like: new + confirm, no username', group: () => group([pass(), pass()], { buttons: [button('Go')] }), picked: true },
  {
    // As the live page classifies after "Set New Password": no username among its fields.
    name: 'WordPress profile after "Set New Password": one generated new-password field (its confirmation hidden)',
    group: () => group([newPass()], { headingText: 'Profile', buttons: [button('Update Profile')] }),
    picked: true,
  },
  { name: 'a sign-up form: email + new password', group: () => group([field({ type: 'email', autocomplete: ['email'] }), newPass()], { buttons: [button('Sign up')] }), picked: false },
  { name: 'a lone password field without new-password', group: () => group([pass()], { headingText: 'Profile', buttons: [button('Update Profile')] }), picked: false },
  { name: 'a login form', group: () => group([field({ autocomplete: ['username'] }), pass()], { buttons: [button('Log in')] }), picked: false },
];

describe('pickChangePasswordForm', () => {
  it.each(cases)('$name → picked: $picked', ({ group: build, picked }) => {
    const form = classifyForm(build());
    expect(pickChangePasswordForm([form]) !== undefined, `classified ${form.kind}`).toBe(picked);
  });
});
