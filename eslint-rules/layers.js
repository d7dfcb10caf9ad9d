// Local ESLint rules for the layering of main/, automation/, relay/ and protocol/ (after VS Code's
// code-layering rule): a table of layers applied to every import, and "a domain is imported only
// through its index.ts" where it has one. test/unit/lint/layering.test.ts proves both.
import { existsSync } from 'node:fs';
import { posix, relative, sep } from 'node:path';

/**
 * Who may import whom. A file may import domains of a lower layer; domains of the same layer only
 * in layers 1–3 (feature domains cooperate; the foundation and the edges stay independent).
 */
export const LAYERS = {
  // -1 — the kernel every module may use: error codes, the logger, the event bus
  'main/errors.ts': -1, 'main/logger.ts': -1, 'main/event-bus.ts': -1,
  // 0 — foundation: no domain knowledge
  protocol: 0, 'main/crypto': 0, 'main/platform': 0,
  // 1 — storage, rules and the engines
  'main/settings': 1, 'main/access': 1, 'main/passwords': 1, 'main/vault': 1, 'main/sync': 1, automation: 1, relay: 1,
  // 2 — capabilities bound to the vault
  'main/inbox': 2, 'main/logins': 2, 'main/mfa': 2, 'main/rotation': 2,
  // 3 — capabilities that combine others
  'main/milestones': 3, 'main/sharing': 3, 'main/import': 3, 'main/browser-bridge': 3,
  // 4 — the composition root
  'main/services.ts': 4,
  // 5 — the edges people and the renderer use
  'main/ipc': 5, 'main/cli': 5,
  // 6 — Electron
  'main/app': 6,
};

/**
 * Modules a domain exposes besides its index: plain lists and rules with no dependency beyond
 * main/errors, so the CLI's start (option lists, help, usage errors) loads nothing else. A
 * domain's index loads SQLite, Argon2, zod and the rest (issue 17: a CLI that answers at once).
 * test/unit/lint/layering.test.ts checks that each stays free of other imports.
 */
export const LIGHT_ENTRIES = ['main/vault/trash-retention.ts', 'main/import/format-lists.ts', 'main/passwords/web-origin.ts', 'main/vault/login-url.ts', 'main/mfa/base32-secret.ts'];

/**
 * Modules a command loads ahead of their domain's index on purpose, importing only what their
 * work needs: unlock-kdf.ts starts the master password's Argon2id (SQLite, Argon2, the KDF
 * rules) so the vault code loads while it runs. test/unit/lint/layering.test.ts checks it.
 */
export const EARLY_ENTRIES = ['main/vault/unlock-kdf.ts'];

/** Narrower than their layer: what these domains may import at all (besides themselves). */
export const ONLY = {
  protocol: ['main/errors.ts'],
  relay: ['protocol', 'main/errors.ts'],
  automation: ['main/errors.ts', 'main/passwords'],
  'main/sync': ['main/errors.ts', 'main/logger.ts', 'protocol', 'main/crypto'],
};

/**
 * Imports that cross a table line on purpose: the desktop serves the relay in-process. (The
 * relay applies the team chain's rules to know which relay key an Owner or Admin made current;
 * those rules are in protocol/team-chain.ts, which relay and clients share.)
 */
const EXCEPTIONS = new Set(['main/sharing -> relay']);

const FOLDERS = ['main', 'automation', 'relay', 'protocol'];

/** The domain of a repository-relative path: `main/<folder>`, a top-level file of main/, or a top-level folder. */
export function domainOf(path) {
  const parts = path.split('/');
  if (!FOLDERS.includes(parts[0])) return null;
  if (parts[0] !== 'main') return parts[0];
  if (parts.length === 2) return path.endsWith('.ts') ? path : `main/${parts[1].replace(/\.ts$/, '')}.ts`;
  return `main/${parts[1]}`;
}

function resolveTarget(fromFile, specifier) {
  const base = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
  if (base.startsWith('main/') && base.split('/').length === 2 && !base.endsWith('.ts')) {
    // `../errors` from a domain means main/errors.ts; `../vault` the vault's folder.
    return existsSync(`${base}.ts`) && !existsSync(base) ? `${base}.ts` : base;
  }
  return base;
}

function check(context, node, specifier) {
  if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
  const file = relative(context.cwd, context.filename).split(sep).join('/');
  const from = domainOf(file);
  if (!from) return;
  const target = resolveTarget(file, specifier);
  const to = domainOf(target.endsWith('.ts') || target.split('/').length > 2 || !target.startsWith('main/') ? target : `${target}/x`);
  if (!to || to === from) return;
  const report = (message) => context.report({ node, message });
  if (!(from in LAYERS)) return report(`${from} is not in the layer table (eslint-rules/layers.js): add it where it belongs.`);
  if (!(to in LAYERS)) return report(`${to} is not in the layer table (eslint-rules/layers.js): add it where it belongs.`);
  if (EXCEPTIONS.has(`${from} -> ${to}`)) return;
  if (ONLY[from] && !ONLY[from].includes(to)) return report(`${from} may import only ${ONLY[from].join(', ')}; not ${to}.`);
  const a = LAYERS[from];
  const b = LAYERS[to];
  if (b > a) return report(`${from} (layer ${a}) may not import ${to} (layer ${b}): dependencies point down (eslint-rules/layers.js).`);
  if (b === a && (a < 1 || a > 3)) return report(`${from} and ${to} are both layer ${a}, whose domains stay independent of each other.`);
  // Through the index: a domain with an index.ts is imported only as its folder.
  if (to.startsWith('main/') && !to.endsWith('.ts') && existsSync(`${to}/index.ts`) && to !== 'main/cli') {
    const inner = target.slice(to.length);
    if (inner !== '' && inner !== '/index' && !LIGHT_ENTRIES.includes(`${target}.ts`) && !EARLY_ENTRIES.includes(`${target}.ts`)) return report(`Import ${to} through its index ('${to}'), not ${target}.`);
  }
}

const layersRule = {
  meta: { type: 'problem', docs: { description: 'Layer table and index-only imports across domains' }, schema: [] },
  create(context) {
    return {
      ImportDeclaration: (node) => check(context, node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(context, node, node.source.value),
      ExportAllDeclaration: (node) => check(context, node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(context, node, node.source.value),
    };
  },
};

export const tesseraPlugin = { rules: { layers: layersRule } };
