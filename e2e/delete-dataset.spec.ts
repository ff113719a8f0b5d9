// Journey: delete a dataset from the list (with its confirm step); after a reload it stays gone
// and the other datasets stay.
import { expect, dataFile, test } from './fixtures.ts';

test('a deleted dataset is gone after reload, the others stay', async ({ page, importPage }) => {
  await importPage.goto();
  await importPage.chooseFile(dataFile('broken-3-lines.jsonl'));
  await expect(importPage.summary()).toContainText('Imported 17 examples');
  await importPage.chooseFile(dataFile('hostile.jsonl'));
  await expect(importPage.summary()).toContainText('Imported 3 examples');

  const doomed = importPage.dataset('broken-3-lines');
  const kept = importPage.dataset('hostile <b>inputs</b>');
  await expect(doomed).toContainText('17');
  await doomed.getByRole('button', { name: 'Delete broken-3-lines', exact: true }).click();
  // The first press only asks for confirmation.
  await expect(doomed.getByRole('button', { name: 'Confirm delete broken-3-lines', exact: true })).toBeVisible();
  await expect(doomed).toHaveCount(1);
  await doomed.getByRole('button', { name: 'Confirm delete broken-3-lines', exact: true }).click();
  await expect(doomed).toHaveCount(0);
  await expect(kept).toBeVisible();

  await page.reload();
  await importPage.waitUntilReady();
  await expect(kept).toBeVisible();
  await expect(doomed).toHaveCount(0);
});
