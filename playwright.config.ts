// Playwright runs the e2e user journeys (e2e/*.spec.ts) against the production build made by
// `npm run build:e2e` (dist-e2e/, which carries the read-only `window.__rir` test API).
// Every test gets a fresh browser context, hence a fresh IndexedDB (a "first start").
import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium.ts';

// RIR_E2E_PORT / RIR_E2E_OUTDIR let two checkouts or builds run their journeys side by side.
const port = Number(process.env.RIR_E2E_PORT ?? 4173);
const outDir = process.env.RIR_E2E_OUTDIR ?? 'dist-e2e';
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  // No retries, in CI either: a journey that needs a retry is a bug to fix, not to hide.
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunchOptions() } }],
  webServer: {
    command: `npx vite preview --outDir ${outDir} --port ${port} --strictPort --host 127.0.0.1`,
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
