// Build of the three Electron targets from the top-level folders (no src/):
// main (the app's main process, the `tessera` CLI and the relay server: plain Node bundles),
// preload (CommonJS, because a sandboxed preload cannot be an ES module) and renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Dependencies stay in node_modules, except zod: bundled, it is one chunk instead of the ~95
      // files Node would resolve and link one by one (a third of loading the vault for a CLI command);
      // and commander, which only the CLI uses: bundled, its start skips Node's CommonJS loader.
      externalizeDeps: { exclude: ['zod', 'commander'] },
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'main/app/main.ts'),
          cli: resolve(import.meta.dirname, 'main/cli/index.ts'),
          // The standalone zero-knowledge relay (`npm run relay`); plain Node like the CLI.
          relay: resolve(import.meta.dirname, 'relay/cli.ts'),
          // The browser extension's native messaging host (a frame forwarder; Node built-ins only).
          'browser-host': resolve(import.meta.dirname, 'main/browser-bridge/native-host.ts'),
          // The worker thread that scores passwords with zxcvbn off the main thread (secret-checks.ts).
          'password-scoring-worker': resolve(import.meta.dirname, 'main/milestones/password-scoring-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
