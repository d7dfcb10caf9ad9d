import { describe, expect, it } from 'vitest';
import { loadBundledRecipes } from '../../../automation/recipes/recipe-loader';
import { findRecipe, globMatches, hostMatches, type LoadedRecipe } from '../../../automation/recipes/recipe-matching';
import { jsonPath, parseRecipe, validateRecipe } from '../../../automation/recipes/recipe-validation';
import { ODD_MENU_RECIPE } from '../../fixtures/sites/mfa-enroll-odd-menu/server';
import type { Recipe } from '../../../automation/recipes/recipe-schema';

const valid = {
  name: 'Example portal',
  version: 1,
  match: { hosts: ['portal.example.com'], paths: ['/login*'] },
  flows: {
    login: {
      steps: [
        { goto: '/login' },
        { fill: 'username', target: { label: 'Member number' } },
        { fill: 'password', target: { css: '#pin' } },
        { submit: { role: 'button', name: 'Sign in' } },
        { otp: { boxes: { css: 'input.digit' } }, source: 'totp' },
        { submit: null },
      ],
      success: [{ urlPath: '/home*' }, { cookie: 'session' }],
      failure: [{ when: { pageText: 'Access denied' } }, { when: { visible: { text: 'Too many attempts' } }, outcome: 'locked_or_rate_limited' }],
    },
  },
};

function withChange(change: (recipe: Record<string, unknown> & typeof valid) => void): string {
  const copy = structuredClone(valid) as Record<string, unknown> & typeof valid;
  change(copy);
  return JSON.stringify(copy);
}

describe('recipe validation', () => {
  it('accepts a recipe using every step and condition kind, with defaults filled in', () => {
    const recipe = parseRecipe('example.json', JSON.stringify(valid));
    expect(recipe.flows.login!.failure[0]?.outcome).toBe('wrong_credentials');
    expect(recipe.flows.login!.steps).toHaveLength(6);
  });

  it('accepts an enrolment-only recipe naming every part of the enrolment', () => {
    const recipe = validateRecipe('odd-menu.json', ODD_MENU_RECIPE);
    expect(recipe.flows.login).toBeUndefined();
    expect(recipe.flows.enrollTotp).toMatchObject({ chooseMethod: [{ role: 'link', name: 'Pocket oracle' }], confirm: { submit: { role: 'button', name: 'Seal the key' } } });
  });

  it('keeps every bundled recipe valid', () => {
    expect(loadBundledRecipes().map((entry) => entry.recipe.name)).toContain('Acme Supply vendor portal');
  });

  it.each<[string, string, string, RegExp]>([
    ['not JSON', '{ "name": ', '$', /not valid JSON/],
    ['a script step (no code in recipes)', withChange((r) => (r.flows.login.steps as unknown[]).splice(1, 0, { script: 'alert(1)' })), '$.flows.login.steps[1]', /unknown key "script"/],
    ['a script key on a selector', withChange((r) => ((r.flows.login.steps[1] as { target: Record<string, unknown> }).target['eval'] = 'x')), '$.flows.login.steps[1].target', /unknown key "eval"/],
    ['an unknown field kind', withChange((r) => ((r.flows.login.steps[1] as { fill: string }).fill = 'pin')), '$.flows.login.steps[1].fill', /username|password/],
    ['a host with a scheme', withChange((r) => (r.match.hosts = ['https://portal.example.com'])), '$.match.hosts[0]', /host name/],
    ['a path without a slash', withChange((r) => (r.match.paths = ['login'])), '$.match.paths[0]', /\//],
    ['no success condition', withChange((r) => (r.flows.login.success = [])), '$.flows.login.success', /too small|at least/i],
    ['an unknown outcome', withChange((r) => ((r.flows.login.failure[0] as Record<string, unknown>)['outcome'] = 'maybe')), '$.flows.login.failure[0].outcome', /wrong_credentials/],
    ['another format version', withChange((r) => ((r as Record<string, unknown>)['version'] = 2)), '$.version', /1/],
    ['an unknown flow', withChange((r) => ((r.flows as Record<string, unknown>)['rotate'] = {})), '$.flows', /unknown key "rotate"/],
    ['no flow at all', withChange((r) => ((r as Record<string, unknown>)['flows'] = {})), '$.flows', /at least one flow/],
    ['a script key in the enrolment', withChange((r) => ((r.flows as Record<string, unknown>)['enrollTotp'] = { secret: { text: { css: '#key' }, script: 'x' } })), '$.flows.enrollTotp.secret', /unknown key "script"/],
    ['enrolment settings that name nothing', withChange((r) => ((r.flows as Record<string, unknown>)['enrollTotp'] = { settings: {} })), '$.flows.enrollTotp.settings', /"goto", "click" or both/],
    ['a confirmation without its field', withChange((r) => ((r.flows as Record<string, unknown>)['enrollTotp'] = { confirm: { submit: { text: 'OK' } } })), '$.flows.enrollTotp.confirm.field', /expected|invalid/i],
  ])('refuses %s with RECIPE_INVALID naming the file and the JSON path', (_name, source, path, reason) => {
    let caught: unknown;
    try {
      parseRecipe('/data/recipes/portal.json', source);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'RECIPE_INVALID', details: { file: '/data/recipes/portal.json', path } });
    const message = (caught as Error).message;
    expect(message).toContain('/data/recipes/portal.json');
    expect(message).toContain(path);
    expect(message).toMatch(reason);
  });

  it('writes JSON paths the way people read them', () => {
    expect(jsonPath(['flows', 'login', 'steps', 2, 'fill'])).toBe('$.flows.login.steps[2].fill');
    expect(jsonPath(['match', 'odd key'])).toBe('$.match["odd key"]');
  });
});

describe('recipe matching', () => {
  const recipe = (name: string, hosts: string[], paths: string[] = []): Recipe =>
    ({ ...parseRecipe(`${name}.json`, JSON.stringify(valid)), name, match: { hosts, paths } });
  const loaded = (r: Recipe, origin: LoadedRecipe['origin']): LoadedRecipe => ({ recipe: r, file: `${r.name}.json`, origin });

  it.each([
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'example.com', true],
    ['*.example.com', 'badexample.com', false],
    ['portal.example.com', 'www.portal.example.com', true],
    ['portal.example.com', 'portal.example.com.evil.test', false],
  ])('host pattern %s matches %s: %s', (pattern, host, expected) => {
    expect(hostMatches(pattern, host)).toBe(expected);
  });

  it.each([
    ['/login*', '/login/sso', true],
    ['/login*', '/app/login', false],
    ['/portal/*/entry', '/portal/eu/entry', true],
    ['/a.b', '/axb', false],
  ])('path pattern %s matches %s: %s', (pattern, path, expected) => {
    expect(globMatches(pattern, path)).toBe(expected);
  });

  it('lets a person\'s recipe override a bundled one for the same site, and needs a path match', () => {
    const bundled = loaded(recipe('bundled', ['portal.example.com']), 'bundled');
    const mine = loaded(recipe('mine', ['portal.example.com'], ['/login*']), 'user');
    expect(findRecipe([bundled, mine], 'https://portal.example.com/login')?.recipe.name).toBe('mine');
    expect(findRecipe([bundled, mine], 'https://portal.example.com/other')?.recipe.name).toBe('bundled');
    expect(findRecipe([bundled, mine], 'https://elsewhere.example.com/login')).toBeUndefined();
  });

  it('hands out a recipe only for a flow it describes', () => {
    const enrolmentOnly = loaded({ ...validateRecipe('odd.json', ODD_MENU_RECIPE), match: { hosts: ['portal.example.com'], paths: [] } }, 'user');
    const loginOnly = loaded(recipe('login', ['portal.example.com']), 'bundled');
    expect(findRecipe([enrolmentOnly, loginOnly], 'https://portal.example.com/login')?.recipe.name).toBe('login');
    expect(findRecipe([enrolmentOnly, loginOnly], 'https://portal.example.com/login', 'enrollTotp')?.recipe.name).toBe('Odd menu fixture');
  });
});
