import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The Node faces that run without Electron: the `bringup` command line (which also hosts browser
// mode) and the benchmarks. Built for plain Node 20, dependencies left as require()s, except
// jsonc-parser: bundled from its ES build, only its parser is kept, where its UMD entry loads the
// formatter and editor too (about 10 ms of every `bringup weights`).
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const benches = readdirSync(here('./scripts/bench')).filter((f) => f.endsWith('.bench.ts'));

export default defineConfig({
  resolve: { alias: { '@shared': here('./shared') } },
  ssr: { noExternal: ['jsonc-parser'] },
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/node',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: {
        'cli/index': here('./electron/cli/index.ts'),
        // The process supervisor runs as its own small Node program (electron/services/runner/supervised.ts).
        'runner/supervisor': here('./electron/services/runner/supervisor/supervisorMain.ts'),
        // The header worker: local safetensors headers parsed on a second thread (electron/services/weights/headerWorker.ts).
        'weights/headerWorker': here('./electron/services/weights/headerWorkerMain.ts'),
        ...Object.fromEntries(benches.map((f) => [`bench/${f.replace(/\.ts$/, '')}`, here(`./scripts/bench/${f}`)])),
      },
      output: { format: 'cjs', entryFileNames: '[name].js', chunkFileNames: 'node-chunks/[name]-[hash].js' },
    },
  },
});
