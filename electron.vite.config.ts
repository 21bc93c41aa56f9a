import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const r = (p: string) => resolve(__dirname, p);
const alias = { '@shared': r('shared') };

export default defineConfig({
  main: { resolve: { alias }, build: { lib: { entry: r('electron/main/index.ts') } } },
  preload: { resolve: { alias }, build: { lib: { entry: r('electron/preload/index.ts') } } },
  renderer: {
    root: r('renderer'),
    resolve: { alias },
    plugins: [react()],
    build: { rolldownOptions: { input: r('renderer/index.html') }, chunkSizeWarningLimit: 12000 },
    worker: { format: 'es' },
  },
});
