// WebGPU smoke test of the Train screen (docs/ARCHITECTURE.md §9.5): with WebGPU chosen in the settings, a tiny
// grid trains on WebGPU (here SwiftShader, the software adapter `--enable-unsafe-webgpu` gives
// headless Chromium, see e2e/chromium.ts) without falling back to WASM, and trains the same
// parameters as WASM does with the same settings.
//
// Tolerance: both backends run the same float32 graph from the same seeded initial weights on
// the same (float64-standardised) features; they differ only in the order of float32 reductions
// (MatMul, ReduceSum) and in fused kernels, ~1e-7 relative per operation. The unit tests hold the
// float32 graph to 1e-5 relative of a float64 Adam step (docs/ARCHITECTURE.md §9.8); this run takes
// 20 epochs (2 unrolled runs) with lr 0.01, so parameters of magnitude ≲ 1 may drift apart by a few 1e-5 at most. An absolute
// 1e-4 leaves a margin of several times that, while a wrong kernel, a stale parameter feed or a
// different best epoch would move parameters by ~lr = 1e-2 per step, 100× the bound.
import { expect, test } from './fixtures.ts';
import type { TrainSettings } from './pages/TrainPage.ts';
import { readTraining, waitUntilSettled } from './testApi.ts';

const TINY: TrainSettings = { hidden: '4', weightDecay: '0', learningRate: '0.01', folds: 2, maxEpochs: 20, patience: 1000 };
const TOLERANCE = 1e-4;

test('WebGPU trains a tiny grid without falling back, to the parameters WASM trains', async ({ page, importPage, trainPage }) => {
  // onnxruntime-web logs its warnings (a shape mismatch, an op left to the CPU) to the console:
  // neither backend may print one (docs/ARCHITECTURE.md §9.8: a shape warning once hid a wrong reduction).
  const ortWarnings: string[] = [];
  page.on('console', (m) => {
    if (/\[[WE]:onnxruntime/.test(m.text())) ortWarnings.push(m.text());
  });
  await importPage.goto();
  await waitUntilSettled(page);
  expect(await page.evaluate(() => 'gpu' in navigator), 'navigator.gpu (Chromium needs --enable-unsafe-webgpu)').toBe(true);
  await trainPage.navLink().click();

  await trainPage.configure({ ...TINY, backend: 'webgpu' });
  await expect(trainPage.modelCount()).toHaveText('1 configuration × 2 folds × 1 seed = 2 models, trained together in one batch.');
  await trainPage.trainAndWait();
  // A fallback shows "WebGPU failed (…); training again on WASM." here: its text is the failure message.
  expect(await trainPage.runAlerts().allInnerTexts()).toEqual([]);
  await expect(trainPage.status()).toHaveText(/^Done after 20 epochs in [\d.]+ (s|ms) \(2 models\)\.$/);
  await expect(trainPage.backendLine()).toHaveText('WebGPU — chosen in the settings');
  const gpu = await readTraining(trainPage.page);
  expect(gpu).toMatchObject({ status: 'done', provider: 'webgpu', epochs: 20 });

  await trainPage.configure({ backend: 'wasm' });
  await trainPage.trainAndWait();
  expect(await trainPage.runAlerts().allInnerTexts()).toEqual([]);
  await expect(trainPage.status()).toHaveText(/^Done after 20 epochs in [\d.]+ (s|ms) \(2 models\)\.$/);
  await expect(trainPage.backendLine()).toHaveText('WASM — chosen in the settings');
  const wasm = await readTraining(trainPage.page);
  expect(wasm).toMatchObject({ status: 'done', provider: 'wasm', epochs: 20 });

  expect(ortWarnings).toEqual([]);

  // Two fold models of 4·7 + 4 + 4 + 1 = 37 parameters (F = K + 4 = 7 features), trained apart.
  expect(gpu!.members.map((m) => m.length)).toEqual([37, 37]);
  expect(wasm!.members.map((m) => m.length)).toEqual([37, 37]);
  expect(wasm!.members[0]).not.toEqual(wasm!.members[1]);
  let worst = { diff: 0, where: '' };
  wasm!.members.forEach((member, i) =>
    member.forEach((w, j) => {
      const g = gpu!.members[i]![j]!;
      const diff = Number.isFinite(g) && Number.isFinite(w) ? Math.abs(g - w) : Infinity;
      if (diff > worst.diff) worst = { diff, where: `member ${i} parameter ${j}: WebGPU ${g}, WASM ${w}` };
    }),
  );
  console.log(`WebGPU vs WASM: max |Δ| ${worst.diff.toExponential(2)} (${worst.where})`);
  expect(worst.diff, worst.where).toBeLessThanOrEqual(TOLERANCE);
});
