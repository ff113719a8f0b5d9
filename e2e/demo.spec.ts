// Journey: a first start with empty storage loads the bundled synthetic demo dataset, from the
// app's own origin only (no request leaves the page: docs/ARCHITECTURE.md §12).
import { expect, test } from './fixtures.ts';

test('first start loads the synthetic demo dataset without any outside request', async ({ page, importPage, browsePage, networkLog }) => {
  await importPage.goto();
  const demo = importPage.datasets().filter({ hasText: /synthetic/i });
  await expect(demo).toHaveCount(1);
  await expect(demo).toContainText('600');

  await demo.getByRole('link', { name: /^Open / }).click();
  await expect(browsePage.heading(/synthetic/i)).toBeVisible();
  await expect(browsePage.showing()).toContainText('Showing 600 of 600 examples');
  await expect(browsePage.columnHeaders()).toContainText(['v1 mean', 'v2 mean']);
  await expect(browsePage.rows().first()).toBeVisible();
  // The log does see the app's own fetches (the demo file), so an empty foreign list means something.
  expect(networkLog.urls.some((u) => new URL(u).pathname.includes('/demo/'))).toBe(true);
  expect(networkLog.foreign()).toEqual([]);
  expect(networkLog.cspViolations).toEqual([]);

  // The page's Content-Security-Policy (connect-src 'self') refuses a connection to another host
  // before any request is made: what text in a dataset could try is stopped by the browser.
  const requestsBefore = networkLog.urls.length;
  const attempt = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    const outcome = await fetch('http://127.0.0.2:9/exfiltrate').then(
      () => 'fetched',
      () => 'refused',
    );
    await new Promise((r) => setTimeout(r, 50));
    return { outcome, violations };
  });
  // One event per policy that refuses it: the CSP header and the <meta> tag (§12).
  expect(attempt.outcome).toBe('refused');
  expect(attempt.violations.length).toBeGreaterThan(0);
  expect(new Set(attempt.violations)).toEqual(new Set(['connect-src']));
  expect(networkLog.urls.slice(requestsBefore)).toEqual([]);
});
