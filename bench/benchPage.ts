// A bench page (a directory with index.html and its own vite.config.ts, like bench/textPage/) built
// in production mode and previewed through vite's JS API, opened in Chromium with the launch options
// the e2e tests use; the page signals readiness with `document.body.dataset.ready = "true"`.
import { chromium, type Browser, type Page } from '@playwright/test';
import { build, preview } from 'vite';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';

export interface BenchPage {
  page: Page;
  browser: Browser;
  url: string;
  buildMs: number;
  /** Closes the browser, then the preview server. */
  close(): Promise<void>;
}

/** Builds the page of `configFile`, previews it on `port` (or the next free one) and opens it; page errors go to stderr. */
export async function openBenchPage(configFile: string, port: number): Promise<BenchPage> {
  const t0 = performance.now();
  await build({ configFile, logLevel: 'warn' });
  const buildMs = performance.now() - t0;
  const server = await preview({ configFile, preview: { port, strictPort: false } });
  let browser: Browser | null = null;
  const close = async () => {
    await browser?.close();
    await server.close();
  };
  try {
    browser = await chromium.launch(chromiumLaunchOptions());
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview reported no URL');
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) console.error(`page: HTTP ${r.status()} for ${r.url()}`);
    });
    await page.goto(url);
    await page.waitForFunction('document.body.dataset.ready === "true"');
    return { page, browser, url, buildMs, close };
  } catch (e) {
    await close();
    throw e;
  }
}
