// Turns a recipe file's text into a Recipe or a RECIPE_INVALID error that names the file, the
// JSON path of the first problem ($.flows.login.steps[2].fill) and what is wrong there. Pure:
// the loader reads the files; this decides.

import type { z } from 'zod';
import { TesseraError } from '../../main/errors';
import { type Recipe, RecipeSchema } from './recipe-schema';

type Issue = z.core.$ZodIssue;

export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `${out}.${name}` : `${out}[${JSON.stringify(name)}]`;
  }, '$');
}

interface Problem {
  path: PropertyKey[];
  message: string;
}

function depth(issues: readonly Issue[]): number {
  return Math.max(0, ...issues.map((issue) => issue.path.length + (issue.code === 'invalid_union' ? 1 : 0)));
}

/**
 * The most useful single problem. In a union (a step is one of six shapes) the branch whose
 * keys fit, else the one that got furthest, is the one the author meant; when every branch
 * refuses the same key, that key is the mistake ("script" is not a step).
 */
function firstProblem(issues: readonly Issue[], prefix: PropertyKey[] = []): Problem {
  const issue = issues[0];
  if (!issue) return { path: prefix, message: 'invalid' };
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const unknownInEvery = issue.errors
      .map((branch) => new Set(branch.flatMap((entry) => (entry.code === 'unrecognized_keys' && entry.path.length === 0 ? entry.keys : []))))
      .reduce((common, keys) => new Set([...common].filter((key) => keys.has(key))));
    if (unknownInEvery.size > 0) {
      const keys = [...unknownInEvery];
      return { path, message: `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((key) => `"${key}"`).join(', ')}` };
    }
    // A branch whose keys all fit the object is the shape the author meant.
    const fits = (branch: readonly Issue[]): number => (branch.some((entry) => entry.code === 'unrecognized_keys' && entry.path.length === 0) ? 1 : 0);
    const best = issue.errors.toSorted((a, b) => fits(a) - fits(b) || depth(b) - depth(a) || a.length - b.length)[0] ?? [];
    return firstProblem(best, path);
  }
  if (issue.code === 'unrecognized_keys') {
    return { path, message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}` };
  }
  return { path, message: issue.message };
}

export function recipeInvalid(file: string, path: string, reason: string): TesseraError {
  return new TesseraError(
    'RECIPE_INVALID',
    `The recipe ${file} is invalid at ${path}: ${reason}. Correct the file or remove it; logins for its sites wait until then.`,
    { file, path },
  );
}

/** Parses and validates one recipe file's text. Throws RECIPE_INVALID. */
export function parseRecipe(file: string, source: string): Recipe {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    throw recipeInvalid(file, '$', `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return validateRecipe(file, json);
}

/** Validates an already parsed recipe (bundled recipes are imported as JSON). Throws RECIPE_INVALID. */
export function validateRecipe(file: string, json: unknown): Recipe {
  const parsed = RecipeSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problem = firstProblem(parsed.error.issues);
  throw recipeInvalid(file, jsonPath(problem.path), problem.message);
}
