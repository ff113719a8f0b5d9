// Journey: a Parquet file (one row per rollout) goes through the file chooser, the column mapping
// is guessed from its schema, and rows with the same id form one example (64-bit ids stay exact).
import { expect, dataFile, test } from './fixtures.ts';
import { MAPPING_FIELDS } from './pages/ImportPage.ts';

/** rows.parquet: id, question, judge_score, prompt, meta, created, ok (see e2e/data/README.md). */
const guessed = { id: 'id', input: 'question', prompt: 'prompt', score: 'judge_score' } as const;
const columns = ['id', 'question', 'judge_score', 'prompt', 'meta', 'created', 'ok'];

test('imports rows.parquet through the guessed column mapping', async ({ page, importPage, browsePage, examplePage }) => {
  await importPage.goto();
  await importPage.chooseFile(dataFile('rows.parquet'));

  await expect(importPage.mappingForm()).toBeVisible();
  await expect(importPage.mappingForm()).toContainText('rows.parquet has one row per rollout (parquet)');
  for (const field of MAPPING_FIELDS) {
    const column = field in guessed ? guessed[field as keyof typeof guessed] : '';
    await expect(importPage.mappingField(field), `${field} → ${column || '(none)'}`).toHaveValue(column);
  }
  // Every column of the file can be chosen.
  const options = await importPage.mappingField('id').getByRole('option').allInnerTexts();
  expect(options).toEqual(['(none)', ...columns]);
  // The preview shows the first rows, the 64-bit id exact.
  const preview = importPage.mappingForm().getByRole('table', { name: 'First rows' });
  await expect(preview).toContainText('9007199254740993');

  await importPage.importWithMappingButton().click();
  await expect(importPage.summary()).toContainText('Imported 3 examples');
  await expect(importPage.mappingForm()).toHaveCount(0);
  await expect(importPage.dataset('rows')).toContainText('3 examples');

  await importPage.browseLink().click();
  await expect(browsePage.showing()).toHaveText('Showing 3 of 3 examples');
  await expect(browsePage.columnHeaders()).toContainText(['v1 mean', 'v2 mean']);
  await expect(browsePage.row('9007199254740993')).toBeVisible();
  await browsePage.openExample('1');
  await expect(examplePage.headingFor('1')).toBeVisible();
  await expect(examplePage.input()).toContainText('What is 2+2?');
  await expect(examplePage.prompt('v1')).toContainText('1 rollout');
  await expect(examplePage.prompt('v2')).toContainText('1 rollout');
  await expect(page.getByTitle(/^v[12] rollout score 5\.5\b/)).toBeVisible();
});
