// Journey: a long/flat CSV (one row per rollout) asks for a column mapping, guesses it from the
// header, and groups 60 rows into 10 examples; a quoted field with a comma and a newline survives.
import { expect, dataFile, test } from './fixtures.ts';

const guessed = {
  id: 'item_id',
  input: 'question',
  target: 'gold',
  prompt: 'prompt_version',
  score: 'judge_score',
  reasoning: 'rationale',
} as const;

test('imports long-rows.csv through the guessed column mapping', async ({ importPage, browsePage, examplePage }) => {
  await importPage.goto();
  await importPage.chooseFile(dataFile('long-rows.csv'));
  await expect(importPage.mappingForm()).toBeVisible();
  for (const [field, column] of Object.entries(guessed)) {
    await expect(importPage.mappingField(field as keyof typeof guessed), `${field} → ${column}`).toHaveValue(column);
  }
  await expect(importPage.mappingField('split')).toBeVisible();
  await expect(importPage.mappingField('model')).toBeVisible();

  await importPage.importWithMappingButton().click();
  await expect(importPage.summary()).toContainText('Imported 10 examples');
  await expect(importPage.summary()).not.toContainText('rejected');

  await importPage.browseLink().click();
  await expect(browsePage.showing()).toContainText('Showing 10 of 10 examples');
  await expect(browsePage.columnHeaders()).toContainText(['v1 mean', 'v2 mean']);
  await browsePage.openExample('item-03');
  await expect(examplePage.headingFor('item-03')).toBeVisible();
  await expect(examplePage.input()).toContainText('Essay 3: compare cats, dogs and birds.');
  await expect(examplePage.input()).toContainText('Answer in two paragraphs.');
  await expect(examplePage.reasoning('v1')).toHaveCount(3);
  await expect(examplePage.reasoning('v2')).toHaveCount(3);
  const first = await examplePage.expandReasoning('v1', 0);
  await expect(first).toContainText('The essay says "cats, dogs" twice, then stops.');
});
