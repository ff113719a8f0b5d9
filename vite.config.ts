/// <reference types="vitest/config" />
// Vite config for the app. COOP/COEP make the page cross-origin isolated, so multi-threaded
// WASM (SharedArrayBuffer) is available to the calibrator; static hosts need the same headers.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// The production page allows no connection but its own origin: dataset text can never make the
// page or its workers fetch anything (docs/ARCHITECTURE.md §12). One policy, sent three ways by
// builds: as a header by `vite preview` (npm start), as a <meta> tag in index.html (for hosts that
// send no headers; workers start from blob: URLs so they inherit it, src/workers/spawnWorker.ts),
// and in dist/_headers for Netlify / Cloudflare Pages. Not in `vite dev`: React refresh needs an
// inline script there.
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

/** What a production server must send with every file (docs/ARCHITECTURE.md §12, "Static hosting"). */
const productionHeaders = { ...isolationHeaders, 'Content-Security-Policy': CSP };

const contentSecurityPolicy: Plugin = {
  name: 'rir-csp',
  apply: 'build',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  // Netlify's and Cloudflare Pages' header file, so a deploy of dist/ there needs no setup.
  generateBundle() {
    const lines = Object.entries(productionHeaders).map(([name, value]) => `  ${name}: ${value}`);
    this.emitFile({ type: 'asset', fileName: '_headers', source: ['/*', ...lines, ''].join('\n') });
  },
};

export default defineConfig({
  plugins: [react(), contentSecurityPolicy],
  base: './',
  server: { headers: isolationHeaders },
  preview: { headers: productionHeaders },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'cli/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
