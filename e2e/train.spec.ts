// Journeys of the Train screen (docs/ARCHITECTURE.md §9.7, §11.1) on the demo data: one-click training with the
// defaults on WASM, its honest comparison with the baselines and the calibrator's row on Analyze;
// Stop keeping the best weights so far; a grid list that does not parse; and onnxruntime-web
// loaded only when Train is pressed, from the app's own origin.
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { TrainPage } from './pages/TrainPage.ts';
import { readTraining, waitUntilSettled } from './testApi.ts';

/** "[0.650, 0.770]" → [0.65, 0.77]. */
function interval(ci: string | null): [number, number] {
  const m = /^\[(-?\d+\.\d+), (-?\d+\.\d+)\]$/.exec(ci ?? '');
  if (!m) throw new Error(`not an interval: ${ci}`);
  return [Number(m[1]), Number(m[2])];
}

/** A URL of onnxruntime-web: its JS bundles (`ort.wasm.bundle…`, `ort-wasm-simd-threaded…`) or any WASM. */
const isOrt = (url: string) => {
  const file = new URL(url).pathname.split('/').pop() ?? '';
  return /^ort[.-]/.test(file) || file.endsWith('.wasm');
};

async function openTrainOnDemo(trainPage: TrainPage, importPage: { goto(): Promise<void> }): Promise<void> {
  await importPage.goto();
  await waitUntilSettled(trainPage.page);
  await trainPage.navLink().click();
  await expect(trainPage.heading()).toBeVisible();
}

async function rowTexts(rows: Locator): Promise<string[]> {
  return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

test('one click trains a calibrator on WASM that beats the rollout mean, and Analyze and Annotate use it', async ({
  trainPage,
  importPage,
  analyzePage,
  annotatePage: annotate,
}) => {
  test.setTimeout(90_000);
  await openTrainOnDemo(trainPage, importPage);
  await expect(trainPage.backend()).toHaveValue('auto');
  await expect(trainPage.modelCount()).toHaveText('9 configurations × 5 folds × 1 seed = 45 models, trained together in one batch.');

  await trainPage.trainButton().click();
  await expect(trainPage.stopButton()).toBeVisible();
  await expect(trainPage.progress()).toBeVisible();
  await trainPage.waitUntilFinished(75_000);
  await expect(trainPage.status()).toHaveText(
    /^Done after \d+ epochs in [\d.]+ (s|ms) \(45 models, and 15 of the MLP stacked on the ridge\)\.$/,
  );
  await expect(trainPage.stopButton()).toBeHidden();
  await expect(trainPage.runAlerts()).toHaveCount(0);
  // Auto picks WASM here (headless Chromium's only WebGPU adapter is SwiftShader) and says why.
  await expect(trainPage.backendLine()).toHaveText(
    /^WASM — (the only WebGPU adapter is a software one|WebGPU found no adapter|this browser offers no WebGPU)/,
  );
  const run = await readTraining(trainPage.page);
  expect(run).toMatchObject({ status: 'done', provider: 'wasm' });
  expect(run!.members).toHaveLength(5);

  // Cross-validation: one row per configuration of the default grid, exactly one chosen.
  await expect(trainPage.configRows()).toHaveCount(9);
  await expect(trainPage.chosenConfigs()).toHaveCount(1);
  await expect(trainPage.chosenConfigs().getByRole('rowheader')).toContainText('chosen');

  // Test split: the calibrator beats the mean of the rollouts on CCC.
  const table = trainPage.testMetrics();
  const calibrator = await trainPage.metric(table, 'v1', 'Calibrator', 'ccc');
  const mean = await trainPage.metric(table, 'v1', 'Mean', 'ccc');
  console.log(`v1 test CCC: Calibrator ${calibrator.value} ${calibrator.ci}, Mean ${mean.value} ${mean.ci}; epochs ${run!.epochs}`);
  expect(Number(calibrator.value)).toBeGreaterThan(Number(mean.value));

  // One verdict per baseline, each naming it, by the app's one rule: "better"/"worse" only when the
  // paired 95% CI of ΔCCC (shown in the sentence) excludes 0, else "no clear difference".
  const baselines = (await trainPage.predictors(table, 'v1')).filter((p) => p !== 'Calibrator');
  expect(baselines).toContain('Mean');
  const verdicts = await rowTexts(trainPage.verdicts());
  expect(verdicts).toHaveLength(baselines.length);
  for (const [i, name] of baselines.entries()) {
    const text = verdicts[i]!;
    const m = text.match(new RegExp(`^(Better than|Worse than|No clear difference from) ${name} on CCC: [+−-]?[0-9.]+ (\\[[^\\]]+\\])`));
    expect(m, `verdicts follow the table order: ${text}`).not.toBeNull();
    const [lo, hi] = interval(m![2]!);
    if (m![1] === 'Better than') expect(lo, text).toBeGreaterThan(0);
    else if (m![1] === 'Worse than') expect(hi, text).toBeLessThan(0);
    else expect(lo <= 0 && hi >= 0, text).toBe(true);
  }
  console.log(verdicts.join('\n'));

  // The candidates, on the same folds: on the demo the MLP has the lowest out-of-fold loss and is kept.
  await expect(trainPage.candidateRows()).toHaveCount(7);
  await expect(trainPage.keptCandidate()).toHaveText(/^MENTAT MLP on the scores(kept)?(frontier)?$/);
  await expect(trainPage.frontierChart()).toBeVisible();
  await expect(trainPage.charts()).toHaveCount(4);
  await expect(trainPage.metricRow(trainPage.outOfFoldMetrics(), 'v1', 'Calibrator')).toBeVisible();

  // Analyze: the calibrator is a predictor of v1, with the same CCC on the test split.
  await analyzePage.navLink().click();
  await expect(analyzePage.split()).toHaveValue('test');
  await analyzePage.waitUntilComputed();
  await expect(analyzePage.row('v1', 'Calibrator')).toBeVisible();
  expect(await analyzePage.metric('v1', 'Calibrator', 'ccc')).toEqual(calibrator);

  // Annotate: the uncertainty queue follows the calibrator's fold models, whose prediction the prompt card shows.
  await annotate.navLink().click();
  await annotate.nameField().fill('Ana');
  await annotate.startButton().click();
  await annotate.queue().selectOption({ label: 'Largest calibrator uncertainty' });
  await expect(annotate.queuePosition()).toHaveText(/^1 of \d+ in queue$/);
  await expect(annotate.page.getByRole('region', { name: 'Prompt v1' }).getByRole('heading')).toContainText(/· calibrator \d/);
});

test('Stop ends a long training and keeps the best weights so far', async ({ trainPage, importPage }) => {
  await openTrainOnDemo(trainPage, importPage);
  await trainPage.configure({ maxEpochs: 20_000, patience: 20_000 });
  await trainPage.trainButton().click();
  await expect(trainPage.status()).toHaveText(/^Training: epoch [1-9]\d* of 20000, /, { timeout: 30_000 });
  const seen = Number(/epoch (\d+)/.exec(await trainPage.status().innerText())![1]);
  await trainPage.stopButton().click();

  // Stop ends the run after its current step (10 epochs, milliseconds here); 15 s is ample.
  await expect(trainPage.status()).toHaveText(
    /^Stopped after \d+ epochs in [\d.]+ (s|ms) \(45 models, and 15 of the MLP stacked on the ridge\)\.$/,
    { timeout: 15_000 },
  );
  const epochs = Number(/after (\d+) epochs/.exec(await trainPage.status().innerText())![1]);
  expect(epochs).toBeGreaterThanOrEqual(seen);
  expect(epochs).toBeLessThan(20_000);
  await expect(trainPage.stopButton()).toBeHidden();
  await expect(trainPage.trainButton()).toBeEnabled();
  await expect(trainPage.configRows()).toHaveCount(9);
  await expect(trainPage.chosenConfigs()).toHaveCount(1);
  await expect(trainPage.metricRow(trainPage.testMetrics(), 'v1', 'Calibrator')).toBeVisible();
  expect(Number((await trainPage.metric(trainPage.testMetrics(), 'v1', 'Calibrator', 'ccc')).value)).not.toBeNaN();
  const run = await readTraining(trainPage.page);
  expect(run).toMatchObject({ status: 'done', epochs });
  expect(run!.members.flat().every(Number.isFinite)).toBe(true);
  console.log(`Stop: status showed epoch ${seen}, stopped after ${epochs} epochs`);
});

test('a grid list that does not parse names its field and disables Train until fixed', async ({ trainPage, importPage }) => {
  await openTrainOnDemo(trainPage, importPage);
  await expect(trainPage.trainButton()).toBeEnabled();
  await trainPage.configure({ hidden: '4, x' });
  await expect(trainPage.formAlert()).toContainText('Hidden units');
  await expect(trainPage.formAlert()).toContainText('x');
  await expect(trainPage.hidden()).toHaveAttribute('aria-invalid', 'true');
  await expect(trainPage.trainButton()).toBeDisabled();
  // Enter in a field submits the form; nothing starts either.
  await trainPage.hidden().press('Enter');
  await expect(trainPage.status()).toHaveCount(0);

  await trainPage.configure({ hidden: '4, 8' });
  await expect(trainPage.formAlert()).toHaveCount(0);
  await expect(trainPage.hidden()).not.toHaveAttribute('aria-invalid');
  await expect(trainPage.trainButton()).toBeEnabled();
  await expect(trainPage.modelCount()).toHaveText('6 configurations × 5 folds × 1 seed = 30 models, trained together in one batch.');
});

test('the app opens without onnxruntime-web, which Train then loads from its own origin', async ({
  page,
  baseURL,
  trainPage,
  importPage,
  browsePage,
  analyzePage,
}) => {
  const origin = new URL(baseURL!).origin;
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  await importPage.goto();
  await waitUntilSettled(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Browse', exact: true }).click();
  await expect(browsePage.rows().first()).toBeVisible();
  await analyzePage.navLink().click();
  await analyzePage.waitUntilComputed();
  await trainPage.navLink().click();
  await expect(trainPage.trainButton()).toBeEnabled();
  expect(urls.length).toBeGreaterThan(0);
  expect(urls.filter(isOrt)).toEqual([]);

  const before = urls.length;
  await trainPage.configure({ hidden: '4', weightDecay: '0', folds: 2, maxEpochs: 20 });
  await trainPage.trainAndWait();
  await expect(trainPage.status()).toHaveText(/^Done after/);
  const loaded = urls.slice(before).filter(isOrt);
  // The WASM build only: Auto chose WASM, so the WebGPU build (asyncify, ~27 MB) is not fetched.
  expect(loaded.filter((u) => u.endsWith('.wasm'))).toEqual([expect.stringMatching(/\/ort-wasm-simd-threaded-[\w-]+\.wasm$/)]);
  expect(loaded.every((u) => new URL(u).origin === origin)).toBe(true);
});
