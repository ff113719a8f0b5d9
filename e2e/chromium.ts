// Chromium launch options shared by playwright.config.ts and bench/importBrowser.ts: the
// system Chromium when present (Debian `chromium`, or CHROMIUM_PATH), else Playwright's own
// browser (`npx playwright install chromium`).
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

export function chromiumLaunchOptions(): LaunchOptions {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return {
    ...(existsSync(path) ? { executablePath: path } : {}),
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  };
}
