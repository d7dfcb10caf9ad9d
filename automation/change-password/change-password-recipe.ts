// Per-site overrides for changing a password and signing out everywhere, for sites the
// heuristics get wrong: where the change page is, CSS selectors for its fields and button,
// and where the "sign out of all sessions" control is. Declarative and validated; unknown
// keys are refused, nothing is ever run as code.
import { z } from 'zod';
import { TesseraError } from '../../main/errors';
import { hostMatches } from '../recipes/recipe-matching';

const css = z.string().trim().min(1).max(500);
const hostPattern = z.string().trim().toLowerCase().regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/, 'a host name such as "portal.example.com" or "*.example.com"');
/** A path on the site's origin, or an absolute http(s) URL. */
const address = z.string().trim().min(1).max(2048).refine((value) => value.startsWith('/') || /^https?:\/\//.test(value), 'a path such as "/settings/password" or an http(s) URL');

export const ChangePasswordRecipeSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  version: z.literal(1),
  hosts: z.array(hostPattern).min(1).max(50),
  changePassword: z
    .strictObject({
      url: address,
      currentPassword: css.optional(),
      newPassword: css.optional(),
      confirmPassword: css.optional(),
      submit: css.optional(),
    })
    .optional(),
  logoutEverywhere: z.strictObject({ url: address, button: css }).optional(),
});
export type ChangePasswordRecipe = z.output<typeof ChangePasswordRecipeSchema>;

export function parseChangePasswordRecipe(value: unknown): ChangePasswordRecipe {
  const parsed = ChangePasswordRecipeSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TesseraError('RECIPE_INVALID', `The change-password recipe is invalid at ${issue?.path.join('.') || 'the top'}: ${issue?.message ?? 'bad value'}.`);
  }
  return parsed.data;
}

/** The recipe whose hosts cover the URL's host, if any. */
export function findChangePasswordRecipe(recipes: readonly ChangePasswordRecipe[], url: string): ChangePasswordRecipe | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return recipes.find((recipe) => recipe.hosts.some((pattern) => hostMatches(pattern, host)));
}

/** A recipe address resolved against the site. */
export function recipeAddress(address: string, siteUrl: string): string {
  return new URL(address, siteUrl).toString();
}
