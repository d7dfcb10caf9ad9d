// Runs bench/vault-bench.ts in plain Node: bundles it with Vite (the project's own
// bundler) under node_modules/.cache so bare imports resolve to the installed native
// modules, then runs the bundle. Usage: node bench/vault-bench.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'node_modules/.cache/tessera-vault-bench');
mkdirSync(outDir, { recursive: true });
await build({
  configFile: false,
  logLevel: 'warn',
  root,
  define: { 'import.meta.dirname': JSON.stringify(join(root, 'bench')) },
  build: {
    ssr: join(root, 'bench/vault-bench.ts'),
    outDir,
    emptyOutDir: true,
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'vault-bench.mjs' } },
  },
});
const result = spawnSync(process.execPath, [join(outDir, 'vault-bench.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
