// Journey: a file dragged from the desktop and dropped on the drop zone is imported like a chosen one.
import { expect, dataFile, test } from './fixtures.ts';

test('dropping a JSONL file on the drop zone imports it', async ({ importPage, browsePage }) => {
  await importPage.goto();
  await expect(importPage.dropZone()).toBeVisible();
  await importPage.dropFile(dataFile('broken-3-lines.jsonl'), 'application/jsonl');

  await expect(importPage.summary()).toContainText('Imported 17 examples');
  await expect(importPage.summary()).toContainText('from broken-3-lines.jsonl');
  await expect(importPage.dataset('broken-3-lines')).toContainText('17 examples');

  await importPage.browseLink().click();
  await expect(browsePage.heading('broken-3-lines')).toBeVisible();
  await expect(browsePage.showing()).toContainText('Showing 17 of 17 examples');
});
