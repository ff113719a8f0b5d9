// Journey: two annotators label overlapping demo examples with different values; the Agreement
// screen shows who labelled how much, the pairwise CCC (checked by hand here), ICC and α, and the
// examples they disagree on most. The three exports download, and the dataset with targets from
// labels imports again: an example without a dataset target gets the mean of its two labels.
import { readFile } from 'node:fs/promises';
import { demoExamples, demoId } from './demoData.ts';
import { expect, test } from './fixtures.ts';

const ex = demoId;
const DATASET = 'Demo (synthetic): math error detection';
const FILE_STEM = 'Demo (synthetic)- math error detection';
/** The first demo example without a target; Ada and Bob both label it. */
const NO_TARGET = 10;

interface LabelLine {
  id: string;
  annotator: string;
  label: number | null;
  note: string | null;
  labelled_at: string;
  effective_target: number | null;
}

test('two annotators: agreement, label exports, and the dataset with targets from labels imports again', async ({
  page,
  annotatePage: a,
  agreementPage,
  importPage,
  browsePage,
}, testInfo) => {
  expect(demoExamples[NO_TARGET]!.target).toBeUndefined();
  const startedAt = Date.now();
  const note = ['Steps 2, 3 disagree', 'see "sum"'];
  const ada = [2, 5, 9, 4]; // examples 8, 9, 10, 11
  const bob = [3, 8, 7]; // examples 8, 9, 10

  await a.goto();
  await a.startAs('Ada');
  const demoDatasetId = /#\/annotate\/([^/]+)\//.exec(page.url())![1]!;
  for (let i = 1; i <= 8; i++) {
    await a.press('j');
    await expect(a.headingFor(ex(i))).toBeVisible();
  }
  await a.note(...note);
  await expect(a.status()).toHaveText(`Saved your note on ${ex(8)}.`);
  for (const [i, v] of ada.entries()) {
    await a.label(v);
    await expect(a.headingFor(ex(9 + i))).toBeVisible();
  }

  await a.annotatorButton().click();
  await a.startAs('Bob');
  await a.queue().selectOption({ label: 'All examples' });
  await expect(a.headingFor(ex(0))).toBeVisible();
  for (let i = 1; i <= 8; i++) {
    await a.press('j');
    await expect(a.headingFor(ex(i))).toBeVisible();
  }
  for (const [i, v] of bob.entries()) {
    await a.label(v);
    await expect(a.headingFor(ex(9 + i))).toBeVisible();
  }
  await expect(a.progress()).toHaveText('3 of 600 labelled by Bob');

  await a.agreementLink().click();
  await expect(agreementPage.heading()).toBeVisible();
  await expect(agreementPage.annotators()).toHaveText(['Ada: 4 of 600 labelled', 'Bob: 3 of 600 labelled']);

  // Lin's CCC of Ada's against Bob's labels on the 3 examples both labelled, population moments:
  // x = 2, 5, 9 and y = 3, 8, 7; mean x = 16/3, mean y = 6;
  // var x = ((−10/3)² + (−1/3)² + (11/3)²) / 3 = 74/9; var y = ((−3)² + 2² + 1²) / 3 = 14/3;
  // cov = ((−10/3)(−3) + (−1/3)(2) + (11/3)(1)) / 3 = 13/3;
  // CCC = 2·cov / (var x + var y + (mean x − mean y)²) = (26/3) / (74/9 + 42/9 + 4/9) = 0.65.
  const x = ada.slice(0, 3);
  const y = bob;
  const mean = (v: number[]) => v.reduce((s, e) => s + e, 0) / v.length;
  const [mx, my] = [mean(x), mean(y)];
  const varX = mean(x.map((v) => (v - mx) ** 2));
  const varY = mean(y.map((v) => (v - my) ** 2));
  const cov = mean(x.map((v, i) => (v - mx) * (y[i]! - my)));
  const ccc = (2 * cov) / (varX + varY + (mx - my) ** 2);
  expect(ccc).toBeCloseTo(0.65, 12);
  const meanAbsDiff = mean(x.map((v, i) => Math.abs(v - y[i]!))); // (1 + 3 + 2) / 3 = 2
  const pair = await agreementPage.pair('Ada', 'Bob');
  expect(pair).toMatchObject({
    Annotators: 'Ada – Bob',
    'Both labelled': '3',
    CCC: ccc.toFixed(3),
    'Mean |difference|': meanAbsDiff.toFixed(3),
  });
  expect(pair['95% CI']).toMatch(/^\[-?\d\.\d{3}, -?\d\.\d{3}\]$/);
  await expect(agreementPage.statistic('ICC(2,1)')).toHaveText(/^-?\d\.\d{3} \(3 examples labelled by all\)$/);
  await expect(agreementPage.statistic("Krippendorff's α")).toHaveText(/^-?\d\.\d{3} \(3 examples\)$/);
  // Largest range first: |5 − 8| = 3, |9 − 7| = 2, |2 − 3| = 1.
  await expect(agreementPage.disagreements()).toHaveText([
    `${ex(9)}: range 3 (Ada 5, Bob 8)`,
    `${ex(10)}: range 2 (Ada 9, Bob 7)`,
    `${ex(8)}: range 1 (Ada 2, Bob 3)`,
  ]);

  // What each row of an export says: example order, then annotator; the effective target is the
  // dataset's, or the mean of the labels (8) where it has none.
  const targetOf = (i: number) => demoExamples[i]!.target ?? (ada[i - 8]! + bob[i - 8]!) / 2;
  const expected = [
    [8, 'Ada', ada[0], note.join('\n')],
    [8, 'Bob', bob[0], null],
    [9, 'Ada', ada[1], null],
    [9, 'Bob', bob[1], null],
    [10, 'Ada', ada[2], null],
    [10, 'Bob', bob[2], null],
    [11, 'Ada', ada[3], null],
  ] as const;
  expect(targetOf(NO_TARGET)).toBe(8);

  const jsonlDownload = await agreementPage.download('Labels (JSONL)');
  expect(jsonlDownload.suggestedFilename()).toBe(`${FILE_STEM}-labels.jsonl`);
  const jsonl = await readFile(await jsonlDownload.path(), 'utf8');
  expect(jsonl.endsWith('\n')).toBe(true);
  const lines = jsonl
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as LabelLine);
  expect(lines.map(({ labelled_at: _, ...rest }) => rest)).toEqual(
    expected.map(([i, annotator, label, n]) => ({ id: ex(i), annotator, label, note: n, effective_target: targetOf(i) })),
  );
  for (const l of lines) {
    expect(l.labelled_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(l.labelled_at)).toBeGreaterThanOrEqual(startedAt);
    expect(Date.parse(l.labelled_at)).toBeLessThanOrEqual(Date.now());
  }

  const csvDownload = await agreementPage.download('Labels (CSV)');
  expect(csvDownload.suggestedFilename()).toBe(`${FILE_STEM}-labels.csv`);
  const csv = await readFile(await csvDownload.path(), 'utf8');
  // RFC 4180 with CRLF after every record; the note has a comma, quotes and a line break, so it is quoted.
  const at = (i: number, annotator: string) => lines.find((l) => l.id === ex(i) && l.annotator === annotator)!.labelled_at;
  const csvNote = (n: string | null) => (n === null ? '' : `"${n.replaceAll('"', '""')}"`);
  expect(csv).toBe(
    [
      'id,annotator,label,note,labelled_at,effective_target',
      ...expected.map(([i, annotator, label, n]) => [ex(i), annotator, label, csvNote(n), at(i, annotator), targetOf(i)].join(',')),
    ]
      .map((r) => r + '\r\n')
      .join(''),
  );
  expect(csv).toContain(`,"Steps 2, 3 disagree\nsee ""sum""",`);

  const datasetDownload = await agreementPage.download('Dataset with targets from labels (JSONL)');
  expect(datasetDownload.suggestedFilename()).toBe(`${FILE_STEM}-dataset.jsonl`);
  const datasetFile = testInfo.outputPath(datasetDownload.suggestedFilename());
  await datasetDownload.saveAs(datasetFile);
  const records = (await readFile(datasetFile, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { rir_dataset?: { name: string }; id?: string; target?: number });
  expect(records[0]!.rir_dataset!.name).toBe(DATASET);
  expect(records.slice(1).map((r) => r.id)).toEqual(demoExamples.map((e) => e.id));
  expect(records[1 + NO_TARGET]!.target).toBe(8);
  expect(records[1 + 8]!.target).toBe(demoExamples[8]!.target);
  // Only examples with labels gain a target.
  expect(records.slice(1).filter((r) => r.target === undefined)).toHaveLength(
    demoExamples.filter((e) => e.target === undefined).length - 1,
  );

  // Import it again through the Datasets screen's file chooser, and look the example up in Browse.
  await importPage.navLink().click();
  await expect(importPage.heading()).toBeVisible();
  await importPage.chooseFile(datasetFile);
  await expect(importPage.summary()).toContainText('Imported 600 examples');
  await expect(importPage.summary()).not.toContainText('rejected');
  await importPage.browseLink().click();
  await expect(browsePage.showing()).toContainText('Showing 600 of 600 examples');
  await expect(page).toHaveURL(/#\/browse\/[^/]+$/);
  expect(page.url()).not.toContain(demoDatasetId);
  await browsePage.filter().fill(ex(NO_TARGET));
  await expect(browsePage.rows()).toHaveCount(1);
  const headers = await browsePage.columnHeaders().allInnerTexts();
  const targetColumn = headers.findIndex((h) => h.trim().startsWith('target'));
  expect(targetColumn).toBeGreaterThan(0);
  await expect(browsePage.row(ex(NO_TARGET)).getByRole('cell').nth(targetColumn)).toHaveText('8');
});
