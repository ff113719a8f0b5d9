// A `vite preview` of the e2e build for the browser benchmarks: reuses one already running on
// RIR_BASE_URL (default http://127.0.0.1:4173) or starts one of `outDir` (default dist-e2e), which
// the caller kills when done.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
export const BASE_URL = process.env.RIR_BASE_URL ?? 'http://127.0.0.1:4173';

async function isUp(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

export async function ensureServer(outDir = 'dist-e2e'): Promise<ChildProcess | null> {
  if (await isUp(BASE_URL)) return null;
  if (!existsSync(path.join(ROOT, outDir, 'index.html'))) throw new Error(`${outDir}/ is missing: run \`npm run build:e2e\` first`);
  const { port, hostname } = new URL(BASE_URL);
  const vite = path.join(ROOT, 'node_modules', '.bin', 'vite');
  const server = spawn(vite, ['preview', '--outDir', outDir, '--port', port, '--strictPort', '--host', hostname], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  for (let i = 0; i < 150; i++) {
    if (await isUp(BASE_URL)) return server;
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not come up on ${BASE_URL}`);
}
