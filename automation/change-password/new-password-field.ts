// Reads what the new-password field says about acceptable passwords: the `passwordrules`
// attribute (on the field or its form) and the field's minlength, maxlength and pattern.
// Apple's quirks for the host are added by the caller (main/policies resolves all three).
import type { Locator } from 'playwright-core';
import type { PasswordFieldAttributes } from '../../main/passwords';

export interface NewPasswordFieldRules {
  passwordRulesAttribute?: string;
  field: PasswordFieldAttributes;
}

export async function readNewPasswordRules(field: Locator, timeoutMs: number): Promise<NewPasswordFieldRules> {
  const attributes = await field.evaluate((element) => {
    const input = element as unknown as { getAttribute(name: string): string | null; closest(selector: string): { getAttribute(name: string): string | null } | null };
    return {
      rules: input.getAttribute('passwordrules') ?? input.closest('[passwordrules]')?.getAttribute('passwordrules') ?? null,
      minLength: input.getAttribute('minlength'),
      maxLength: input.getAttribute('maxlength'),
      pattern: input.getAttribute('pattern'),
    };
  }, undefined, { timeout: timeoutMs });
  const positive = (value: string | null): number | undefined => {
    const n = value === null ? NaN : Number.parseInt(value, 10);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  };
  const limits: PasswordFieldAttributes = {};
  const minLength = positive(attributes.minLength);
  const maxLength = positive(attributes.maxLength);
  if (minLength !== undefined) limits.minLength = minLength;
  if (maxLength !== undefined) limits.maxLength = maxLength;
  if (attributes.pattern) limits.pattern = attributes.pattern;
  return attributes.rules ? { passwordRulesAttribute: attributes.rules, field: limits } : { field: limits };
}
