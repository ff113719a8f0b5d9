// Journey (issue 16 point 6): a generated 50 MB file of long reasoning (800 examples × 2 versions × 20
// rollouts × ~1.5 KB) imports, and the page then holds only the numbers: its JS heap after a forced GC
// stays under the budget scaled to the file (400 MB for 1.2 GB), after the import and after a reload.
// The text loads on demand: an example's input and reasoning appear when it is opened, and Browse's
// filter finds a word of one input through the search worker. bench:scale measures the full sizes.
import type { BrowserContext, Page } from '@playwright/test';
import { expect, pageErrors, test } from './fixtures.ts';
import { writeLongReasoningFile } from './longReasoning.ts';

const EXAMPLES = 800;

/** The page's JS heap after a forced GC, in MB (CDP). */
async function heapMB(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize / 1e6;
  } finally {
    await cdp.detach();
  }
}

test('a 50 MB file of long reasoning: the page holds the numbers only, and the text loads on demand', async ({
  page,
  context,
  importPage,
  browsePage,
  examplePage,
}, testInfo) => {
  test.setTimeout(120_000);
  const errors = pageErrors(page);
  const path = testInfo.outputPath('long-reasoning.jsonl');
  const mb = writeLongReasoningFile(path, { examples: EXAMPLES, marked: { index: 123, words: 'about zebrafish' } });
  expect(mb).toBeGreaterThan(45);
  // The budget of 400 MB at 1.2 GB, scaled to this file.
  const bound = (400 * mb) / 1200;

  await importPage.goto();
  await importPage.chooseFile(path);
  await expect(importPage.summary()).toContainText(`Imported ${EXAMPLES} examples`, { timeout: 60_000 });
  const afterImport = await heapMB(context, page);
  console.log(`${mb.toFixed(1)} MB file: heap after import ${afterImport.toFixed(1)} MB, bound ${bound.toFixed(1)} MB`);
  expect(afterImport).toBeLessThan(bound);

  await importPage.browseLink().click();
  await expect(browsePage.heading('Long reasoning')).toBeVisible();
  await page.reload();
  await expect(browsePage.row('long-0')).toBeVisible();
  const afterReload = await heapMB(context, page);
  console.log(`heap after reload ${afterReload.toFixed(1)} MB`);
  expect(afterReload).toBeLessThan(bound);

  // Browse's filter reads the stored inputs in the search worker.
  await browsePage.filter().fill('zebrafish');
  await expect(browsePage.showing()).toHaveText(`Showing 1 of ${EXAMPLES} examples`);
  await browsePage.openExample('long-123');
  await expect(examplePage.headingFor('long-123')).toBeVisible();
  await expect(examplePage.input()).toContainText('Essay long-123 about zebrafish');
  const reasoning = await examplePage.expandReasoning('v2', 3);
  await expect(reasoning).toContainText('v2 rollout 3 of long-123:');
  // Without the filter, from the first example on: Next shows the next one's text (fetched with this one's).
  await examplePage.back().click();
  await browsePage.filter().fill('');
  await browsePage.openExample('long-0');
  await expect(examplePage.input()).toContainText('Essay long-0:');
  await examplePage.next().click();
  await expect(examplePage.headingFor('long-1')).toBeVisible();
  await expect(examplePage.input()).toContainText('Essay long-1:');
  expect(errors).toEqual([]);
});
