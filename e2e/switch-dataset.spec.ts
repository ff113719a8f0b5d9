// Journey: two datasets are stored; the user switches between them from the top bar and from the
// dataset list, and each shows its own examples with fresh filters.
import { expect, sharedDataFile, test } from './fixtures.ts';

test('switches between stored datasets from the top bar and the dataset list', async ({ page, importPage, browsePage }) => {
  await importPage.goto();
  await importPage.chooseFile(sharedDataFile('syn-essay-300.jsonl'));
  await expect(importPage.summary()).toContainText('Imported 300 examples');
  await importPage.browseLink().click();
  await expect(browsePage.showing()).toHaveText('Showing 300 of 300 examples');
  await page.getByLabel('Split').selectOption('test');
  await expect(browsePage.showing()).toHaveText('Showing 60 of 300 examples');

  const switcher = page.getByRole('combobox', { name: 'Dataset', exact: true });
  await switcher.selectOption({ label: 'Demo (synthetic): math error detection (600)' });
  await expect(page.getByRole('heading', { name: 'Demo (synthetic): math error detection' })).toBeVisible();
  await expect(browsePage.showing()).toHaveText('Showing 600 of 600 examples');
  await expect(page.getByLabel('Split')).toHaveValue('all');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets', exact: true }).click();
  await importPage.openDataset('syn-essay-300');
  await expect(page.getByRole('heading', { name: 'syn-essay-300' })).toBeVisible();
  await expect(browsePage.showing()).toHaveText('Showing 300 of 300 examples');
  await expect(switcher).toHaveValue(/.+/);
  await expect(switcher.locator('option:checked')).toHaveText('syn-essay-300 (300)');
});
