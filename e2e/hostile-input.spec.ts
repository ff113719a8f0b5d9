// Journey: a dataset whose text is hostile HTML/markdown is shown as text (docs/ARCHITECTURE.md §11.3): no script
// runs, no image or iframe is created, no javascript: link exists, nothing is fetched.
import type { Page } from '@playwright/test';
import { expect, dataFile, test } from './fixtures.ts';
import type { ExamplePage } from './pages/ExamplePage.ts';

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

async function expectInert(page: Page, examplePage: ExamplePage): Promise<void> {
  const content = examplePage.datasetContent();
  await expect(content.first()).toBeVisible();
  await expect(content.locator('img, script, iframe, object, embed, [onerror], [onload]')).toHaveCount(0);
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.filter((h) => /^\s*(javascript|vbscript|data):/i.test(h))).toEqual([]);
  expect(await pwned(page)).toBeUndefined();
}

test('hostile.jsonl renders as inert text and makes no request', async ({ page, importPage, browsePage, examplePage, networkLog }) => {
  await importPage.goto();
  await importPage.chooseFile(dataFile('hostile.jsonl'));
  await expect(importPage.summary()).toContainText('Imported 3 examples');
  await expect(importPage.dataset('hostile <b>inputs</b>')).toContainText('hostile <b>inputs</b>');

  await importPage.browseLink().click();
  await expect(browsePage.heading('hostile <b>inputs</b>')).toBeVisible();
  await browsePage.openExample('xss-markdown');
  await expect(examplePage.headingFor('xss-markdown')).toBeVisible();
  const input = examplePage.input();
  await expect(input.getByText('<img src=x onerror=', { exact: false }).first()).toBeVisible();
  await expect(input.getByText('<script>window.__pwned=2</script>', { exact: false }).first()).toBeVisible();
  await examplePage.expandAllReasoning();
  const v1 = examplePage.prompt('v1');
  await expect(v1.getByText('<img src=x onerror=', { exact: false }).first()).toBeVisible();
  await expect(v1.getByText('<script>window.__pwned=2</script>', { exact: false }).first()).toBeVisible();
  await expectInert(page, examplePage);

  await examplePage.back().click();
  await browsePage.openExample('xss-object');
  await expect(examplePage.headingFor('xss-object')).toBeVisible();
  await expect(examplePage.input()).toContainText('<img src=x onerror=');
  await expect(examplePage.input()).toContainText('<script>window.__pwned=2</script>');
  await examplePage.expandAllReasoning();
  await expectInert(page, examplePage);

  // `src=x` would resolve to the app's own origin, so look for it by path as well.
  expect(networkLog.foreign()).toEqual([]);
  expect(networkLog.cspViolations).toEqual([]);
  expect(networkLog.urls.filter((u) => /\/x$|steal|frame/.test(new URL(u).pathname))).toEqual([]);
  expect(await pwned(page)).toBeUndefined();
});
