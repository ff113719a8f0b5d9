// Journey: the Content-Security-Policy binds the page and every worker (docs/ARCHITECTURE.md §12).
// `vite preview` (npm start, and this suite's server) sends it as a header, on the page and on each
// worker script; a fetch to another host — from the page, or from inside each worker (import,
// analysis, training, agreement, search) — is blocked, fires a `securitypolicyviolation` event, and
// never reaches that host (a server of this test on another port, which records every request). The workers start from
// blob: URLs and so inherit the page's policy: on a host that sends no CSP header (simulated by
// stripping it), the <meta> policy still binds them.
import type { BrowserContext, Page, Response } from '@playwright/test';
import { expect, dataFile, test } from './fixtures.ts';
import { startOtherHost, type OtherHost } from './otherHost.ts';
import { probeWorkerCsp, waitUntilSettled, type RirWorkerKind } from './testApi.ts';

const WORKERS: RirWorkerKind[] = ['import', 'analysis', 'train', 'agreement', 'search'];
const workerScript = (kind: RirWorkerKind) => new RegExp(`/assets/${kind}\\.worker-[\\w-]+\\.js$`);

let other: OtherHost;
test.beforeEach(async () => {
  other = await startOtherHost();
});
test.afterEach(async () => {
  await other.close();
});

/** Records, in the page's own realm, every CSP violation event the page sees (from before its first script). */
async function recordPageViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
}

const pageViolations = (page: Page) => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

/** The page fetches `url` itself: whether the fetch rejected, and how. */
const pageFetch = (page: Page, url: string) =>
  page.evaluate(
    (u) =>
      fetch(u, { cache: 'no-store' }).then(
        (r) => `status ${r.status}`,
        (e: unknown) => `blocked: ${String(e)}`,
      ),
    url,
  );

/** Serves the app as a host that sends no CSP header would (COOP/COEP kept), so only the <meta> policy applies. */
async function stripCspHeader(context: BrowserContext, baseURL: string): Promise<void> {
  await context.route(`${new URL(baseURL).origin}/**`, async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['content-security-policy'];
    await route.fulfill({ response, headers });
  });
}

/** Page and workers each try a fetch to the other host; soft checks, so a failure names every place that let it through. */
async function expectBlockedEverywhere(page: Page): Promise<void> {
  const probe = `${other.origin}/probe`;
  // Chromium may report only the origin of a cross-origin blocked URL.
  const blockedHere = (violations: string[]) => violations.some((v) => v.startsWith(`connect-src ${other.origin}`));
  expect.soft(await pageFetch(page, `${probe}?from=page`), 'page').toMatch(/^blocked/);
  await expect.soft.poll(async () => blockedHere(await pageViolations(page)), { message: 'page: violation event' }).toBe(true);
  for (const kind of WORKERS) {
    const report = await probeWorkerCsp(page, kind, `${probe}?from=${kind}`);
    expect.soft(report.blocked, `${kind}: ${report.outcome}`).toBe(true);
    expect.soft(blockedHere(report.violations), `${kind}: violation event (saw ${report.violations.join(', ') || 'none'})`).toBe(true);
    // Starting from a blob: URL keeps the worker cross-origin isolated (multi-threaded WASM).
    expect.soft(report.crossOriginIsolated, `${kind}: crossOriginIsolated`).toBe(true);
  }
  expect(other.requests, 'requests that reached the other host').toEqual([]);
}

test('the page and each worker script are served with the CSP header, connect-src self', async ({ page, context, baseURL }) => {
  const responses: Response[] = [];
  context.on('response', (r) => responses.push(r));
  const main = await page.goto('/');
  await waitUntilSettled(page);
  const header = (await main!.allHeaders())['content-security-policy'];
  expect(header).toContain("connect-src 'self'");
  expect(header).toContain("worker-src 'self' blob:");
  // One policy: the header and the <meta> tag (for hosts that send no header) are the same text.
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(header);

  // A probe starts each kind of worker, so each script is requested (the import worker ran the demo load already).
  for (const kind of WORKERS) expect((await probeWorkerCsp(page, kind, `${baseURL}/index.html`)).outcome).toBe('status 200');
  for (const kind of WORKERS) {
    const scripts = responses.filter((r) => workerScript(kind).test(new URL(r.url()).pathname));
    // A respawned worker revalidates its script: a 304, whose few headers Playwright reports in
    // place of the cached ones (the browser keeps the cached CSP). Check each full response.
    const full = [];
    for (const r of scripts) if ((await r.allHeaders())['content-type'] !== undefined) full.push(r);
    expect(full.length, `${kind} worker script served`).toBeGreaterThan(0);
    for (const r of full) expect((await r.allHeaders())['content-security-policy'], r.url()).toBe(header);
  }
});

test('a fetch to another host from the page or from any worker is blocked and reported, and never arrives', async ({ page }) => {
  await recordPageViolations(page);
  await page.goto('/');
  await waitUntilSettled(page);
  await expectBlockedEverywhere(page);
});

test('on a host that sends no CSP header, the <meta> policy still binds the page and every worker', async ({ page, context, baseURL }) => {
  await stripCspHeader(context, baseURL!);
  await recordPageViolations(page);
  const main = await page.goto('/');
  expect((await main!.allHeaders())['content-security-policy']).toBeUndefined();
  await waitUntilSettled(page);
  await expectBlockedEverywhere(page);
});

test('hostile.jsonl (an image on 127.0.0.1:9, javascript: links) opens without a request to another host', async ({
  page,
  importPage,
  browsePage,
  examplePage,
  networkLog,
}) => {
  await importPage.goto();
  await importPage.chooseFile(dataFile('hostile.jsonl'));
  await expect(importPage.summary()).toContainText('Imported 3 examples');
  await importPage.browseLink().click();
  await browsePage.openExample('xss-markdown');
  await expect(examplePage.headingFor('xss-markdown')).toBeVisible();
  await examplePage.expandAllReasoning();
  await expect(examplePage.input()).toContainText('[image: x]');
  await examplePage.input().getByText('click me').click();
  await expect(page).toHaveURL(/#\/example\//);
  expect(networkLog.foreign()).toEqual([]);
  expect(networkLog.cspViolations).toEqual([]);
  expect(other.requests).toEqual([]);
});
