import { describe, expect, it } from 'vitest';
import { changePasswordRecipeFor } from '../../../automation/recipes/recipe-change-password';
import type { LoadedRecipe } from '../../../automation/recipes/recipe-matching';
import { validateRecipe } from '../../../automation/recipes/recipe-validation';

const loaded = (file: string, origin: LoadedRecipe['origin'], json: unknown): LoadedRecipe => ({ recipe: validateRecipe(file, json), file, origin });

describe('flows.changePassword in a recipe', () => {
  it('is a flow on its own: a recipe may describe only where the change page is', () => {
    const recipe = validateRecipe('portal.json', { name: 'Portal', version: 1, match: { hosts: ['*.portal.test'] }, flows: { changePassword: { url: '/me/password', newPassword: '#pw1' } } });
    expect(recipe.flows.changePassword).toEqual({ url: '/me/password', newPassword: '#pw1' });
  });

  it.each([
    ['an address that is neither a path nor http(s)', { url: 'javascript:alert(1)' }],
    ['an unknown key', { url: '/me/password', script: 'alert(1)' }],
    ['no url', { newPassword: '#pw' }],
  ])('refuses %s', (_name, flow) => {
    expect(() => validateRecipe('bad.json', { name: 'Bad', version: 1, match: { hosts: ['a.test'] }, flows: { changePassword: flow } })).toThrow(/bad\.json/);
  });

  it('is chosen by host, the person\'s recipe before a bundled one, and only from recipes that describe it', () => {
    const recipes = [
      loaded('bundled.json', 'bundled', { name: 'Bundled', version: 1, match: { hosts: ['portal.test'] }, flows: { changePassword: { url: '/bundled' } } }),
      loaded('login-only.json', 'user', { name: 'Login only', version: 1, match: { hosts: ['portal.test'] }, flows: { enrollTotp: { settings: { goto: '/2fa' } } } }),
      loaded('mine.json', 'user', { name: 'Mine', version: 1, match: { hosts: ['*.portal.test'] }, flows: { changePassword: { url: '/mine', submit: 'button.save' } } }),
    ];
    expect(changePasswordRecipeFor(recipes, 'https://eu.portal.test/login')).toEqual({ name: 'Mine', version: 1, hosts: ['*.portal.test'], changePassword: { url: '/mine', submit: 'button.save' } });
    expect(changePasswordRecipeFor(recipes.slice(0, 2), 'https://portal.test/login')?.changePassword?.url).toBe('/bundled');
    expect(changePasswordRecipeFor(recipes, 'https://other.test/login')).toBeUndefined();
  });
});
