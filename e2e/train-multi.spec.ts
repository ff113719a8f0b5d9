// Journey (issue 15 (c)): on the demo, whose second prompt version judges far better than the
// first, the user asks Train to also read every version's scores. The multi-version ridge takes part
// beside the other candidates, is kept by the lowest out-of-fold loss, and the screen says plainly
// that deploying it means running every version; its download is a file that reads them all.
import { readFileSync } from 'node:fs';
import { openCalibratorFile } from '../src/calibrator/calibratorFile.ts';
import { expect, test } from './fixtures.ts';
import { readApplied, readCalibrators, waitUntilSettled } from './testApi.ts';

test('the demo: reading every version’s scores is opt-in, says what deploying it means, and downloads a file that reads them all, which Analyze applies as the run predicted', async ({
  page,
  importPage,
  trainPage,
  analyzePage,
}) => {
  test.setTimeout(90_000);
  await importPage.goto();
  await waitUntilSettled(page);
  await trainPage.navLink().click();
  await expect(trainPage.heading()).toBeVisible();
  const multi = page.getByRole('checkbox', { name: "Read every version's scores" });
  await expect(multi).not.toBeChecked();
  await multi.check();

  await trainPage.trainButton().click();
  await trainPage.waitUntilFinished(80_000);
  await expect(trainPage.status()).toHaveText(/^Done after /);
  const names = (await trainPage.candidateRows().getByRole('rowheader').allInnerTexts()).map((t) =>
    t.replace(/(kept|frontier)/g, '').trim(),
  );
  expect(names).toContain('Ridge on the scores of 2 versions');
  await expect(trainPage.keptCandidate()).toHaveText(/^Ridge on the scores of 2 versions/);
  await expect(trainPage.candidates().getByRole('note')).toHaveText(
    'This calibrator reads the scores of every prompt version: deploying it means running all of them on each new example.',
  );
  await expect(trainPage.candidates()).toContainText('deploying it means running v1, v2');

  const { onnx, json } = await trainPage.downloadCalibrator();
  const file = openCalibratorFile(readFileSync(await onnx.path()), readFileSync(await json.path(), 'utf8'));
  expect(file.manifest.model.kind).toBe('multi-version');
  expect(file.manifest.prompts).toEqual(['v1', 'v2']);

  // Applied on Analyze, the browser's onnxruntime runs the file with both versions' rollouts and
  // predicts the test examples as the run's kept model did.
  await analyzePage.navLink().click();
  await analyzePage.waitUntilComputed();
  await analyzePage.applyCalibrator([
    { name: 'multi.onnx', mimeType: 'application/octet-stream', buffer: readFileSync(await onnx.path()) },
  ]);
  await expect(analyzePage.appliedItem(file.manifest.name)).toBeVisible();
  const [applied] = await readApplied(page);
  const [trained] = await readCalibrators(page);
  let compared = 0;
  let worst = 0;
  trained!.splits.forEach((split, e) => {
    if (split !== 'test' || trained!.predictions[e] === null) return;
    worst = Math.max(worst, Math.abs(applied!.predictions[e]! - trained!.predictions[e]!));
    compared++;
  });
  expect(compared).toBeGreaterThan(100);
  expect(worst).toBeLessThan(1e-5);
});
