// Journey (issue 15): one click on Train with syn-judge-400, whose judge's reasoning names what its
// integer score lost. The Train screen shows the candidates' cross-validation table, the CCC–NMSE
// frontier, the kept predictor (the ridge on the reasoning) and what the reasoning adds in the
// verdict's words; the kept calibrator is Analyze's; keeping the MLP instead needs no training; the
// download is the kept model's file, which reads the reasoning, and applied back on Analyze (the
// worker reading the reasoning from storage) predicts as the trained ridge.
import { readFileSync } from 'node:fs';
import { openCalibratorFile } from '../src/calibrator/calibratorFile.ts';
import { expect, sharedDataFile, test } from './fixtures.ts';
import { readApplied, readCalibrators } from './testApi.ts';

test('syn-judge-400: the ridge on the reasoning is kept over every score-only candidate, and says what the reasoning adds', async ({
  page,
  importPage,
  trainPage,
  analyzePage,
}) => {
  test.setTimeout(120_000);
  await importPage.goto();
  await importPage.chooseFile(sharedDataFile('syn-judge-400.jsonl'));
  await expect(importPage.summary()).toContainText('Imported 400 examples');
  await importPage.browseLink().click();
  await trainPage.navLink().click();
  await expect(trainPage.heading()).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Read the reasoning' })).toBeChecked();

  await trainPage.trainButton().click();
  await trainPage.waitUntilFinished(100_000);
  await expect(trainPage.status()).toHaveText(/^Done after /);

  // The candidates' table: the baselines, the MLP, the ridge and the MLP stacked on it, each scored out of fold; the ridge kept.
  await expect(trainPage.candidateRows()).toHaveCount(7);
  const names = (await trainPage.candidateRows().getByRole('rowheader').allInnerTexts()).map((t) =>
    t.replace(/(kept|frontier)/g, '').trim(),
  );
  expect(names).toEqual([
    'Mean of rollouts',
    'Median of rollouts',
    'Linear on the mean',
    'Isotonic on the mean',
    'MENTAT MLP on the scores',
    'Ridge on the reasoning + scores',
    'MENTAT MLP on the scores + the ridge',
  ]);
  await expect(trainPage.keptCandidate()).toHaveText(/^Ridge on the reasoning \+ scores/);
  // Its out-of-fold loss is the lowest of all: the table's own numbers say so.
  const losses = await trainPage.candidateRows().evaluateAll((rows) => rows.map((r) => Number(r.querySelectorAll('td')[2]?.textContent)));
  expect(Math.min(...losses)).toBe(losses[5]);
  await expect(trainPage.frontierChart()).toBeVisible();
  await expect(trainPage.frontierChart().locator('.rir-frontier-point.rir-kept')).toHaveAttribute('data-candidate', 'text-ridge');
  // What the reasoning adds: better than the best score-only candidate, its paired CI above 0.
  const gain = await trainPage.textGain().innerText();
  const m =
    /^What the reasoning adds \(Ridge on the reasoning \+ scores\): test CCC \+(\d\.\d{3}) \[(-?\d\.\d{3}), (-?\d\.\d{3})\] over (.+), the best score-only candidate/.exec(
      gain,
    );
  expect(m, gain).not.toBeNull();
  expect(Number(m![1])).toBeGreaterThan(0.05);
  expect(Number(m![2])).toBeGreaterThan(0);

  // What the reasoning says: the n-grams that push predictions up and down most, with their weights.
  const says = trainPage.candidates().getByRole('region', { name: 'What the reasoning says' });
  await expect(says.getByRole('list')).toHaveCount(2);
  await expect(says.getByRole('list').first().getByRole('listitem').first()).toHaveText(/^\+\d\.\d+ \S/);
  await expect(says.getByRole('list').last().getByRole('listitem').first()).toHaveText(/^[−-]\d\.\d+ \S/);

  // The report is the kept ridge's, and Analyze scores the same calibrator.
  const kept = await trainPage.metric(trainPage.testMetrics(), 'terse', 'Calibrator', 'ccc');
  const ridgeTest = await trainPage
    .candidateRows()
    .nth(5)
    .evaluate((r) => r.querySelectorAll('td')[3]?.textContent);
  expect(kept.value).toBe(ridgeTest);

  // The download is the ridge's file: it reads the reasoning's hashed n-grams beside the scores.
  const { onnx, json } = await trainPage.downloadCalibrator();
  const file = openCalibratorFile(readFileSync(await onnx.path()), readFileSync(await json.path(), 'utf8'));
  expect(file.manifest.model.kind).toBe('text-ridge');
  expect(file.text).toMatchObject({ buckets: 16384, ngrams: [1, 2] });

  await analyzePage.navLink().click();
  await expect(analyzePage.split()).toHaveValue('test');
  await analyzePage.waitUntilComputed();
  expect(await analyzePage.metric('terse', 'Calibrator', 'ccc')).toEqual(kept);

  // An example's prompt card says which n-grams of its reasoning moved its prediction.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Browse', exact: true }).click();
  await page.getByRole('row').nth(1).click();
  await expect(page.getByRole('region', { name: 'Prompt terse', exact: true })).toContainText(/Reasoning moved it: [+−-]\d\.\d+ “/);

  // Keeping the MLP instead: no training, the table and the report follow.
  await trainPage.navLink().click();
  await trainPage.keepButton('MENTAT MLP on the scores').click();
  await expect(trainPage.keptCandidate()).toHaveText(/^MENTAT MLP on the scores/);
  await expect(trainPage.candidates()).toContainText('Kept: MENTAT MLP on the scores (5 members), as you picked.');
  const mlpTest = await trainPage
    .candidateRows()
    .nth(4)
    .evaluate((r) => r.querySelectorAll('td')[3]?.textContent);
  await expect.poll(async () => (await trainPage.metric(trainPage.testMetrics(), 'terse', 'Calibrator', 'ccc')).value).toBe(mlpTest);

  // Keeping the MLP stacked on the ridge: its download is one file with both inside, reading the reasoning, with a spread.
  await trainPage.keepButton('MENTAT MLP on the scores + the ridge').click();
  await expect(trainPage.keptCandidate()).toHaveText(/^MENTAT MLP on the scores \+ the ridge/);
  const stacked = await trainPage.downloadCalibrator();
  const stackedFile = openCalibratorFile(readFileSync(await stacked.onnx.path()), readFileSync(await stacked.json.path(), 'utf8'));
  expect(stackedFile.manifest.model.kind).toBe('stacked-mlp');
  expect(stackedFile.text).toMatchObject({ buckets: 16384, ngrams: [1, 2] });
  expect(stackedFile.spread).toBe(true);

  // Keeping a baseline: its file computes that baseline.
  await trainPage.keepButton('Isotonic on the mean').click();
  const baseline = await trainPage.downloadCalibrator();
  const baselineFile = openCalibratorFile(readFileSync(await baseline.onnx.path()), readFileSync(await baseline.json.path(), 'utf8'));
  expect(baselineFile.manifest.model).toMatchObject({ kind: 'baseline', baseline: 'isotonic' });

  // The ridge's file applied back on Analyze: the training worker reads the reasoning from storage
  // itself, a chunk at a time, and the file predicts the test examples as the trained ridge did.
  await trainPage.keepButton('Ridge on the reasoning + scores').click();
  await expect(trainPage.keptCandidate()).toHaveText(/^Ridge on the reasoning \+ scores/);
  const [ridge] = await readCalibrators(page);
  await analyzePage.navLink().click();
  await analyzePage.applyCalibrator([
    { name: 'ridge.onnx', mimeType: 'application/octet-stream', buffer: readFileSync(await onnx.path()) },
  ]);
  await expect(analyzePage.appliedItems()).toHaveCount(1, { timeout: 60_000 });
  await expect(analyzePage.applyError()).toHaveCount(0);
  const [applied] = await readApplied(page);
  let compared = 0;
  let worst = 0;
  ridge!.splits.forEach((split, e) => {
    if (split !== 'test') return;
    compared++;
    worst = Math.max(worst, Math.abs(applied!.predictions[e]! - ridge!.predictions[e]!));
  });
  console.log(`ridge file applied vs trained on ${compared} test examples: largest difference ${worst}`);
  expect(compared).toBeGreaterThan(50);
  expect(worst).toBeLessThan(1e-4);
});
