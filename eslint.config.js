// Lint rules, including the import zones of docs/architecture.md (who may import whom).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { tesseraPlugin } from './eslint-rules/layers.js';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'module', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'url',
  'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

/** Zone: the renderer is browser-only and sees main/ only through the IPC contract's types. */
const rendererZone = {
  files: ['renderer/**/*.{ts,tsx}'],
  languageOptions: { globals: globals.browser },
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', {
      paths: [
        { name: 'electron', message: 'The renderer never imports electron; use window.tessera.' },
        ...NODE_BUILTINS.map((name) => ({ name, message: 'The renderer is browser-only.' })),
      ],
      patterns: [
        { regex: '^node:', message: 'The renderer is browser-only.' },
        { regex: '(^|/)main/ipc/(contract(/|$)|result$)|(^|/)main/errors$', allowTypeImports: true,
          message: 'The renderer may import only *types* from the IPC contract (use `import type`).' },
        { regex: '(^|/)main/(?!ipc/contract(/|$)|ipc/result$|errors$)', message: 'The renderer never imports main/; use window.tessera.' },
        { regex: '(^|/)(automation|relay)(/|$)', message: 'The renderer never imports automation/ or relay/.' },
      ],
    }],
  },
};

/** Zone: the preload imports electron, the channel list and the bridge builder; types otherwise. */
const preloadZone = {
  files: ['preload/**/*.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', {
      patterns: [
        { regex: '(^|/)main/(?!ipc/contract/channel-names$|ipc/bridge$)', allowTypeImports: true,
          message: 'The preload holds no logic: import only types, the channel list and the bridge builder.' },
        { regex: '(^|/)(automation|relay|renderer)(/|$)', message: 'The preload imports electron and types only.' },
      ],
    }],
  },
};

/** Zone: only main/app talks to Electron; services never reach into the IPC layer. */
const electronOnlyInApp = { name: 'electron', message: 'Only main/app imports electron; everything else in main/ is plain Node.' };
const servicesZone = {
  files: ['main/**/*.ts', 'automation/**/*.ts', 'relay/**/*.ts'],
  ignores: ['main/app/**', 'main/ipc/**'],
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', {
      paths: [electronOnlyInApp],
      patterns: [
        { regex: '^(\\.\\./)+ipc(/|$)', message: 'Services never import main/ipc; main/ipc joins the contract to services.' },
        { regex: '(^|/)(renderer|preload)(/|$)', message: 'Main-side code never imports the renderer or preload.' },
        { regex: '^(\\.\\./)+app(/|$)', message: 'Only the composition root imports main/app.' },
      ],
    }],
  },
};
const ipcZone = {
  files: ['main/ipc/**/*.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', {
      paths: [electronOnlyInApp],
      patterns: [{ regex: '^(\\.\\./)+(renderer|preload|app)(/|$)', message: 'main/ipc is plain Node and never imports main/app.' }],
    }],
  },
};
const automationZone = {
  files: ['automation/**/*.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', {
      paths: [electronOnlyInApp],
      patterns: [
        { regex: '(^|/)main/(vault|ipc|app)(/|$)', message: 'automation/ gets credentials through a provider; it never opens the vault.' },
        { regex: '(^|/)(renderer|preload)(/|$)', message: 'automation/ never imports the renderer or preload.' },
      ],
    }],
  },
};

/** Zone: the browser extension runs in browsers: no Node, no Playwright, only the pure form heuristics. */
const extensionZone = {
  files: ['extension/**/*.ts'],
  languageOptions: { globals: globals.browser },
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', {
      paths: [
        { name: 'playwright-core', message: 'The extension runs in the browser: no Playwright.' },
        ...NODE_BUILTINS.map((name) => ({ name, message: 'The extension runs in the browser.' })),
      ],
      patterns: [
        { regex: '^node:', message: 'The extension runs in the browser.' },
        { regex: '(^|/)main/(?!errors$|passwords/web-origin$)', message: 'The extension imports from main/ only main/errors and main/passwords/web-origin.' },
        { regex: '(^|/)automation/(?!forms/(page-field-collector|form-classifier|field-descriptor|field-keywords|field-scoring|submit-button-scoring|page-dom)$)',
          message: 'The extension imports only the pure form heuristics of automation/forms.' },
        { regex: '(^|/)(renderer|preload|relay)(/|$)', message: 'The extension never imports the app.' },
      ],
    }],
  },
};

export default tseslint.config(
  // electron-vite and vitest bundle their config into a short-lived `<name>.config.ts.<stamp>.mjs`
  // next to it; lint runs beside the build (scripts/run-parallel.js), so such a file can vanish
  // between eslint listing it and reading it (ENOENT): it is never source.
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', 'main/passwords/data/**',
    '*.config.ts.*.mjs', '*.config.*.timestamp-*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `import { type A }` keeps a bare `import '…'` in the output: the module loads for nothing.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  rendererZone,
  preloadZone,
  servicesZone,
  ipcZone,
  automationZone,
  extensionZone,
  {
    files: ['main/**/*.ts', 'automation/**/*.ts', 'relay/**/*.ts', 'protocol/**/*.ts'],
    plugins: { tessera: tesseraPlugin },
    rules: { 'tessera/layers': 'error' },
  },
);
