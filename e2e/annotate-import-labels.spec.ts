// Journey: two colleagues labelled in their own browsers and exported their labels; a third
// person imports the file on the Agreement screen (without labelling anything) and compares them.
import { dataFile, expect, test } from './fixtures.ts';
import { waitUntilSettled } from './testApi.ts';

test('imports another annotator’s label file and compares the annotators', async ({ page, importPage, annotatePage, agreementPage }) => {
  await importPage.goto();
  await waitUntilSettled(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Annotate' }).click();
  await page.getByRole('link', { name: 'Agreement and export' }).click();
  await expect(agreementPage.heading()).toBeVisible();

  await agreementPage.importLabels().setInputFiles(dataFile('labels-two-annotators.csv'));
  await expect(agreementPage.importStatus()).toHaveText(
    'labels-two-annotators.csv: 10 rows read (carol, dan), 10 labels new or changed · 2 lines rejected.',
  );
  await expect(agreementPage.rejectedLines()).toHaveText([
    'line 12 (id): no example with id "ex-999999" in this dataset',
    'line 13 (label): 11 is above the scale maximum 10',
  ]);
  await expect(agreementPage.annotators()).toHaveText(['carol: 5 of 600 labelled', 'dan: 5 of 600 labelled']);
  // numpy: CCC 0.943396226415094, mean |difference| 0.6 (see e2e/data/README.md).
  expect(await agreementPage.pair('carol', 'dan')).toMatchObject({ 'Both labelled': '5', CCC: '0.943', 'Mean |difference|': '0.600' });

  // The same file again adds nothing.
  await agreementPage.importLabels().setInputFiles(dataFile('labels-two-annotators.csv'));
  await expect(agreementPage.importStatus()).toContainText('0 labels new or changed, 10 already here');

  // The imported labels are in the log: after a reload they are still there, and carol's note shows when labelling as carol.
  await page.reload();
  await expect(agreementPage.annotators()).toHaveText(['carol: 5 of 600 labelled', 'dan: 5 of 600 labelled']);
  await page.getByRole('link', { name: 'Back to labelling' }).click();
  await annotatePage.startAs('carol');
  await expect(annotatePage.progress()).toHaveText('5 of 600 labelled by carol');
  await annotatePage.queue().selectOption({ label: 'All examples' });
  await expect(annotatePage.headingFor('ex-000000')).toBeVisible();
  await annotatePage.press('j');
  await annotatePage.press('j');
  await expect(annotatePage.headingFor('ex-000002')).toBeVisible();
  await expect(annotatePage.myLabel()).toHaveText('saved: 7 · note: “step 2, not 3”');
});
