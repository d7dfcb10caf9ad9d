// Builds the browser extension (extension/) into out/extension/chromium and
// out/extension/firefox with vite's build API: the background and the content script as
// single-file classic scripts (IIFE: content scripts cannot be modules, and one bundle serves
// both a Chromium service worker and Firefox background scripts), the popup as a page, the
// icons drawn here, and each browser's manifest from extension/manifest.ts.
// Usage: node scripts/build-extension.mjs
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = join(root, 'out', 'extension');
const stage = join(outRoot, '.stage');

const common = {
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  root,
};

async function buildScript(entry, name, fileName) {
  await build({
    ...common,
    build: {
      outDir: stage,
      emptyOutDir: false,
      minify: false,
      target: 'es2022',
      lib: { entry: join(root, entry), formats: ['iife'], name, fileName: () => fileName },
    },
  });
}

async function buildPopup() {
  await build({
    ...common,
    root: join(root, 'extension', 'popup'),
    base: './',
    build: {
      outDir: join(stage, 'popup'),
      emptyOutDir: true,
      minify: false,
      target: 'es2022',
      modulePreload: { polyfill: false },
      rollupOptions: {
        input: join(root, 'extension', 'popup', 'popup.html'),
        output: { entryFileNames: 'popup.js', chunkFileNames: '[name].js', assetFileNames: '[name][extname]' },
      },
    },
  });
}

/** extension/manifest.ts is TypeScript with extensionless imports: bundle it, then load it. */
async function loadManifestModule() {
  const result = await build({
    ...common,
    build: {
      write: false,
      minify: false,
      lib: { entry: join(root, 'extension', 'manifest.ts'), formats: ['es'], fileName: () => 'manifest.mjs' },
    },
  });
  const output = (Array.isArray(result) ? result[0] : result).output[0];
  const file = join(stage, 'manifest.mjs');
  await writeFile(file, output.code);
  return import(`${pathToFileURL(file).href}?t=${Date.now()}`);
}

/** A small mosaic: four tiles on a rounded square (no image files to keep in the repository). */
function drawIcon(size) {
  const png = new PNG({ width: size, height: size });
  const radius = size * 0.2;
  const tiles = [
    [59, 110, 245],
    [96, 201, 160],
    [245, 181, 59],
    [235, 94, 94],
  ];
  const pad = size * 0.18;
  const gap = Math.max(1, size * 0.06);
  const tile = (size - 2 * pad - gap) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const cx = Math.min(Math.max(x + 0.5, radius), size - radius);
      const cy = Math.min(Math.max(y + 0.5, radius), size - radius);
      const inside = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= radius;
      let color = [31, 36, 48];
      const tx = (x - pad) / (tile + gap);
      const ty = (y - pad) / (tile + gap);
      if (tx >= 0 && ty >= 0 && tx < 2 && ty < 2 && (x - pad) % (tile + gap) < tile && (y - pad) % (tile + gap) < tile) {
        color = tiles[Math.floor(ty) * 2 + Math.floor(tx)];
      }
      png.data[i] = color[0];
      png.data[i + 1] = color[1];
      png.data[i + 2] = color[2];
      png.data[i + 3] = inside ? 255 : 0;
    }
  }
  return PNG.sync.write(png);
}

async function main() {
  const started = Date.now();
  await rm(outRoot, { recursive: true, force: true });
  await mkdir(stage, { recursive: true });
  await buildScript('extension/background/index.ts', 'TesseraBackground', 'background.js');
  await buildScript('extension/content/index.ts', 'TesseraContent', 'content.js');
  await buildPopup();
  const { buildManifest, ICON_SIZES, EXTENSION_FILES } = await loadManifestModule();
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

  for (const target of ['chromium', 'firefox']) {
    const dir = join(outRoot, target);
    await mkdir(join(dir, 'icons'), { recursive: true });
    await cp(join(stage, 'background.js'), join(dir, EXTENSION_FILES.background));
    await cp(join(stage, 'content.js'), join(dir, EXTENSION_FILES.content));
    await cp(join(stage, 'popup'), dir, { recursive: true });
    for (const size of ICON_SIZES) await writeFile(join(dir, EXTENSION_FILES.icon(size)), drawIcon(size));
    await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(buildManifest(target, version), null, 2)}\n`);
  }
  await rm(stage, { recursive: true, force: true });
  console.log(`extension built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${join('out', 'extension', 'chromium')}, ${join('out', 'extension', 'firefox')}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
