import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const r = (p: string) => resolve(__dirname, p);
const alias = { '@shared': r('shared') };

/**
 * Browser mode serves the renderer over links as slow as an SSH tunnel: every compressible file of
 * the build gets `.br` and `.gz` siblings, written once here so the server only picks one
 * (electron/services/static/staticAssets.ts) instead of compressing per request (quality 5 of the
 * editors' 2.7 MB chunk alone takes ~0.8 s here). Brotli at quality 9, gzip at level 9, in
 * parallel on libuv's threads. Measured on this build: quality 11 would save 8.5% more
 * (1.42 -> 1.30 MB for everything, ~25 ms at 5 MB/s) for ~18 s more CPU per build.
 * The app:// protocol of the desktop app ignores these files.
 */
function precompress(): Plugin {
  const brotli = promisify(brotliCompress);
  const deflate = promisify(gzip);
  return {
    name: 'bringup:precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir!;
      const files = Object.keys(bundle).filter((f) => /\.(js|mjs|css|html|svg|json|ttf|map)$/.test(f));
      await Promise.all(
        files.map(async (f) => {
          const bytes = await readFile(join(dir, f));
          if (bytes.length < 1024) return;
          const [br, gz] = await Promise.all([
            brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
            deflate(bytes, { level: 9 }),
          ]);
          if (br.length < bytes.length) await writeFile(join(dir, f + '.br'), br);
          if (gz.length < bytes.length) await writeFile(join(dir, f + '.gz'), gz);
        }),
      );
    },
  };
}

export default defineConfig({
  main: { resolve: { alias }, build: { lib: { entry: r('electron/main/index.ts') } } },
  preload: { resolve: { alias }, build: { lib: { entry: r('electron/preload/index.ts') } } },
  renderer: {
    root: r('renderer'),
    // `zod` in the renderer is the jitless one (renderer/src/zodJitless.ts: the CSP allows no eval).
    resolve: { alias: [{ find: '@shared', replacement: r('shared') }, { find: /^zod$/, replacement: r('renderer/src/zodJitless.ts') }] },
    plugins: [react(), precompress()],
    build: { rolldownOptions: { input: r('renderer/index.html') }, chunkSizeWarningLimit: 12000, minify: true },
    worker: { format: 'es' },
  },
});
