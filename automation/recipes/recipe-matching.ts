// Pure choice of the recipe for a login URL: the host must match one of the recipe's hosts
// ("*.example.com" also covers example.com) and, when the recipe lists paths, the URL's path
// one of its patterns, and it must describe the flow asked for. People's own recipes come
// before the bundled ones, so they override.

import type { Recipe, RecipeFlowName } from './recipe-schema';

export interface LoadedRecipe {
  recipe: Recipe;
  /** The file it came from, for messages. */
  file: string;
  origin: 'user' | 'bundled';
}

/** "*" matches any run of characters; everything else literally. */
export function globMatches(pattern: string, value: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`, 'i').test(value);
}

export function hostMatches(pattern: string, host: string): boolean {
  const wanted = host.toLowerCase().replace(/^www\./, '');
  if (pattern.startsWith('*.')) {
    const base = pattern.slice(2);
    return wanted === base || wanted.endsWith(`.${base}`);
  }
  return wanted === pattern.replace(/^www\./, '');
}

export function recipeMatches(recipe: Recipe, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!recipe.match.hosts.some((pattern) => hostMatches(pattern, parsed.hostname))) return false;
  return recipe.match.paths.length === 0 || recipe.match.paths.some((pattern) => globMatches(pattern, parsed.pathname));
}

export function findRecipe(recipes: readonly LoadedRecipe[], url: string, flow: RecipeFlowName = 'login'): LoadedRecipe | undefined {
  const ordered = [...recipes.filter((entry) => entry.origin === 'user'), ...recipes.filter((entry) => entry.origin === 'bundled')];
  return ordered.find((entry) => entry.recipe.flows[flow] !== undefined && recipeMatches(entry.recipe, url));
}
