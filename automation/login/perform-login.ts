// One entry for a login on a page: the recipe for the login URL's site when there is one
// (recipes override heuristics), else the generic heuristics.

import type { Page } from 'playwright-core';
import { findRecipe, type LoadedRecipe } from '../recipes/recipe-matching';
import { performRecipeLogin } from '../recipes/recipe-login';
import type { CredentialProvider } from './credential-provider';
import { type GenericLoginOptions, type GenericLoginResult, performGenericLogin } from './generic-login';

export type LoginOptions = GenericLoginOptions & {
  /** Every recipe that applies on this machine; the one matching loginUrl is used. */
  recipes?: readonly LoadedRecipe[];
};

export type LoginResult = GenericLoginResult;

export function performLogin(page: Page, credentials: CredentialProvider, options: LoginOptions): Promise<LoginResult> {
  const { recipes = [], ...rest } = options;
  const recipe = findRecipe(recipes, options.loginUrl);
  return recipe ? performRecipeLogin(page, credentials, recipe, rest) : performGenericLogin(page, credentials, rest);
}
