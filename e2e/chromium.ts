// Chromium launch options shared by playwright.config.ts and bench/importBrowser.ts: the
// system Chromium when present (Debian `chromium`, or CHROMIUM_PATH), else Playwright's own
// browser (`npx playwright install chromium`). `--enable-unsafe-webgpu` gives pages on http://127.0.0.1
// (a secure context) a WebGPU adapter even without a GPU: SwiftShader, a software one. Without it
// headless Chromium has `navigator.gpu` but no adapter, and the Train screen's WebGPU path could not
// be tested (e2e/train-webgpu.spec.ts). Auto still picks WASM over SwiftShader, so the other specs
// run as before.
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

export function chromiumLaunchOptions(): LaunchOptions {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return {
    ...(existsSync(path) ? { executablePath: path } : {}),
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--enable-unsafe-webgpu',
    ],
  };
}
