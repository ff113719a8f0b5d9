// Journey: a dataset without a header gets an inferred scale; the user corrects it on Browse,
// a bad value is refused with a message naming the field, and the correction survives a reload.
import { expect, sharedDataFile, test } from './fixtures.ts';

test('edits an inferred scale, refuses max ≤ min, and keeps the new scale after reload', async ({ page, importPage }) => {
  await importPage.goto();
  await importPage.chooseFile(sharedDataFile('syn-essay-300.jsonl'));
  await expect(importPage.summary()).toContainText('Imported 300 examples');
  await importPage.browseLink().click();

  // syn-essay-300 has no header: targets 1.05–4.99 and integer scores 1–5 give 1–5.
  await expect(page.getByText('scale 1–5 (inferred from the data)')).toBeVisible();
  await page.getByRole('button', { name: 'Edit scale' }).click();
  await page.getByLabel('Scale maximum').fill('0');
  await page.getByRole('button', { name: 'Save scale' }).click();
  await expect(page.getByRole('alert')).toHaveText('scale.max (0) must be greater than scale.min (1)');

  await page.getByLabel('Scale maximum').fill('5');
  await page.getByLabel('Scale step').fill('0.5');
  await page.getByRole('button', { name: 'Save scale' }).click();
  await expect(page.getByText('scale 1–5 step 0.5 (set by hand)')).toBeVisible();

  await page.reload();
  await expect(page.getByText('scale 1–5 step 0.5 (set by hand)')).toBeVisible();
});
