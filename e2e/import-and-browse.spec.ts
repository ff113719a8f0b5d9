// Journey: import a 300-example essay set through the file chooser, browse it, open an example,
// read a rollout's reasoning, and find the same example and dataset again after reloads.
import { readFileSync } from 'node:fs';
import { expect, sharedDataFile, test } from './fixtures.ts';

interface EssayExample {
  id: string;
  input: { question: string; steps: string[] };
  rollouts: { prompt: string; score: number; reasoning: string }[];
}

const essayFile = sharedDataFile('syn-essay-300.jsonl');
const essays = new Map(
  readFileSync(essayFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EssayExample)
    .map((ex) => [ex.id, ex]),
);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('imports syn-essay-300, opens an example by row and by deep link, and keeps it after reload', async ({
  page,
  importPage,
  browsePage,
  examplePage,
}) => {
  await importPage.goto();
  await importPage.chooseFile(essayFile);
  await expect(importPage.summary()).toContainText('Imported 300 examples');
  await expect(importPage.summary()).not.toContainText('rejected');

  await importPage.browseLink().click();
  await expect(browsePage.heading('syn-essay-300')).toBeVisible();
  await expect(browsePage.showing()).toContainText('Showing 300 of 300 examples');
  await expect(browsePage.columnHeaders()).toContainText(['id', 'split', 'target', 'v1 mean', 'v2 mean', 'v3 mean', 'spread', 'label']);
  await expect(browsePage.rows().first()).toBeVisible();

  const id = await browsePage.firstRowId();
  const example = essays.get(id);
  expect(example, `first row id ${JSON.stringify(id)} is an example of the file`).toBeDefined();
  const firstV1 = example!.rollouts.find((r) => r.prompt === 'v1')!;
  const reasoningStart = firstV1.reasoning.split('\n')[0]!.slice(0, 60);

  await browsePage.rows().first().click();
  await expect(examplePage.headingFor(id)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/example/[^/]+/${escapeRegExp(encodeURIComponent(id))}$`));
  await expect(examplePage.input()).toContainText(example!.input.question);
  await expect(examplePage.input()).toContainText(example!.input.steps[0]!);
  for (const v of ['v1', 'v2', 'v3']) await expect(examplePage.prompt(v)).toBeVisible();
  await expect(examplePage.scoresChart().first()).toBeVisible();

  const reasoning = examplePage.reasoning('v1').first();
  await expect(reasoning.getByText(reasoningStart)).toBeHidden();
  await examplePage.expandReasoning('v1', 0);
  await expect(reasoning.getByText(reasoningStart)).toBeVisible();

  // The URL is a deep link: a reload shows the same example.
  const deepLink = page.url();
  await page.reload();
  await expect(examplePage.headingFor(id)).toBeVisible();
  expect(page.url()).toBe(deepLink);
  await expect(examplePage.input()).toContainText(example!.input.question);

  // The dataset is stored: after a reload it is still in the dataset list.
  await page.getByRole('link', { name: 'Datasets', exact: true }).click();
  await page.reload();
  await importPage.waitUntilReady();
  await expect(importPage.dataset('syn-essay-300')).toContainText('300');
});
