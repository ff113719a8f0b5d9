// Builds the training benchmark page (bench/trainBench.ts builds and previews it through vite's
// JS API). COOP/COEP as in the app's vite.config.ts, so the page is cross-origin isolated and
// multi-threaded WASM is available; workers as ES modules, as in the app.
import path from 'node:path';
import { defineConfig } from 'vite';

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders, host: '127.0.0.1' },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: path.resolve(import.meta.dirname, '../out/trainPage'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
