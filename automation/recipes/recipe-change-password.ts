// The change-password recipe rotation uses, chosen from the recipes that apply on this machine
// (the person's own first, then the bundled ones): a recipe's flows.changePassword, in the shape
// the change-password flow reads. Rotation finds the change page with it exactly as a login
// finds its steps with flows.login.

import type { ChangePasswordRecipe } from '../change-password/change-password-recipe';
import { findRecipe, type LoadedRecipe } from './recipe-matching';

/** Pure: the changePassword part of the recipe matching `loginUrl`, if one describes it. */
export function changePasswordRecipeFor(recipes: readonly LoadedRecipe[], loginUrl: string): ChangePasswordRecipe | undefined {
  const match = findRecipe(recipes, loginUrl, 'changePassword');
  const flow = match?.recipe.flows.changePassword;
  if (!match || !flow) return undefined;
  return { name: match.recipe.name, version: 1, hosts: match.recipe.match.hosts, changePassword: flow };
}
