// Journeys of the calibrator files (issue 11): a calibrator trained on the demo is downloaded as
// calibrator.onnx + calibrator.json; applied on Analyze to a copy of the demo imported as another
// dataset, the browser's onnxruntime-web runs the file fresh and gets the trained ensemble's
// predictions and the exported test CCC; the applied calibrator survives a reload, orders the
// Annotate queues and shows on the prompt cards, and Remove takes it away. Hostile files and
// datasets it does not fit are refused in words, and nothing is applied.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import path from 'node:path';
import { dataFile, expect, test } from './fixtures.ts';
import type { AnalyzePage, ChosenFile } from './pages/AnalyzePage.ts';
import type { ImportPage } from './pages/ImportPage.ts';
import { readApplied, readCalibrators, type RirCalibrator } from './testApi.ts';

const DEMO = path.resolve(import.meta.dirname, '../public/demo/demo-synthetic-math-600.jsonl');
const DEMO_NAME = 'Demo (synthetic): math error detection';
/** The manifest's name of a calibrator trained on the demo's v1: "<dataset> · <prompt>". */
const NAME = `${DEMO_NAME} · v1`;
/** The same name made safe as a file name (":" is not allowed on every file system). */
const FILE_BASE = 'Demo (synthetic)- math error detection-v1-calibrator';

interface Manifest {
  name: string;
  created: string;
  format_version: number;
  prompts: string[];
  dataset: { name: string; content_hash: string; examples: number };
  features: { set: string; k: number };
  metrics: { test: { predictors: { calibrator: { ccc: number } } } };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What the first journey downloaded and read, for the others (the tests of this file run in order, in one worker). */
let files: { onnx: Buffer; json: string; manifest: Manifest; trained: RirCalibrator } | null = null;

test.describe.configure({ mode: 'serial' });

const onnxFile = (buffer: Buffer, name = `${FILE_BASE}.onnx`): ChosenFile => ({ name, mimeType: 'application/octet-stream', buffer });
const jsonFile = (text: string, name = `${FILE_BASE}.json`): ChosenFile => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(text),
});

/** Imports `file` on the Datasets screen and opens Analyze on it. */
async function importAndAnalyze(importPage: ImportPage, analyzePage: AnalyzePage, file: string, examples: number): Promise<void> {
  await importPage.navLink().click();
  await importPage.chooseFile(file);
  await expect(importPage.summary()).toContainText(`Imported ${examples} examples`);
  await analyzePage.navLink().click();
  await analyzePage.waitUntilComputed();
}

test('Train: Download calibrator saves calibrator.onnx and calibrator.json, whose manifest carries the test CCC shown', async ({
  importPage,
  trainPage,
}) => {
  test.setTimeout(90_000);
  await importPage.goto();
  await trainPage.navLink().click();
  // The default grid and folds; fewer epochs than the default 2000, to keep the journey short (the
  // file does not depend on how long training ran).
  await trainPage.configure({ maxEpochs: 600 });
  await trainPage.trainAndWait(60_000);
  await expect(trainPage.status()).toHaveText(/^Done after/);
  const shownCcc = (await trainPage.metric(trainPage.testMetrics(), 'v1', 'Calibrator', 'ccc')).value;

  const { onnx, json } = await trainPage.downloadCalibrator();
  expect(onnx.suggestedFilename()).toBe(`${FILE_BASE}.onnx`);
  expect(json.suggestedFilename()).toBe(`${FILE_BASE}.json`);
  const onnxBytes = readFileSync(await onnx.path());
  const jsonText = readFileSync(await json.path(), 'utf8');
  const manifest = JSON.parse(jsonText) as Manifest;
  await expect(trainPage.downloadStatus()).toHaveText(
    `Downloaded ${FILE_BASE}.onnx (${(onnxBytes.length / 1024).toFixed(1)} KB) and ${FILE_BASE}.json.`,
  );
  await expect(trainPage.results()).toContainText('The .onnx alone is enough: it carries the manifest inside.');

  expect(manifest).toMatchObject({ name: NAME, format_version: 1, prompts: ['v1'], features: { set: 'sorted', k: 3 } });
  expect(manifest.dataset).toMatchObject({ name: DEMO_NAME, examples: 600 });
  expect(manifest.dataset.content_hash).toMatch(/^[0-9a-f]{16}$/);
  expect(manifest.metrics.test.predictors.calibrator.ccc.toFixed(3)).toBe(shownCcc);
  // The .onnx carries the same manifest (in its metadata), byte for byte.
  expect(onnxBytes.includes(Buffer.from(jsonText))).toBe(true);

  const [trained] = await readCalibrators(trainPage.page);
  expect(trained).toMatchObject({ prompt: 'v1', featureSet: 'sorted', k: 3 });
  files = { onnx: onnxBytes, json: jsonText, manifest, trained: trained! };
  console.log(`calibrator.onnx ${onnxBytes.length} bytes; test CCC at export ${manifest.metrics.test.predictors.calibrator.ccc}`);
});

test('cli train with the same data, seed and settings writes a calibrator that predicts as the browser’s within 1e-4', async ({
  browserName,
}, testInfo) => {
  expect(browserName).toBe('chromium');
  test.setTimeout(90_000);
  expect(files, 'the download journey ran first').not.toBeNull();
  // The CLI on the same file with the settings the browser used (its defaults, 600 epochs).
  const dir = testInfo.outputPath('cli-calibrator');
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'train', DEMO, '--max-epochs', '600', '--out', dir], {
    cwd: path.resolve(import.meta.dirname, '..'),
    encoding: 'utf8',
    timeout: 80_000,
  });
  expect(cli.status, cli.stderr).toBe(0);
  const fromCli = readFileSync(path.join(dir, 'calibrator.onnx'));
  const cliManifest = JSON.parse(readFileSync(path.join(dir, 'calibrator.json'), 'utf8')) as Manifest & {
    training: { selected: unknown; backend: string };
  };
  expect(cliManifest.training.backend).toBe('cpu');

  // Both files on onnxruntime-node over every demo example's first three v1 scores.
  const rows = readFileSync(DEMO, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { rollouts: { prompt: string; score: number }[] }).rollouts.filter((r) => r.prompt === 'v1').slice(0, 3))
    .filter((r) => r.length === 3);
  const scores = Float32Array.from(rows.flatMap((r) => r.map((x) => x.score)));
  const predict = async (bytes: Uint8Array) => {
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ scores: new ort.Tensor('float32', scores, [rows.length, 3]) });
    await session.release();
    return out.prediction!.data as Float32Array;
  };
  const [browser, node] = await Promise.all([predict(files!.onnx), predict(fromCli)]);
  let worst = 0;
  browser.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - node[i]!))));
  console.log(`browser (WASM) vs cli train (CPU) calibrators on ${rows.length} examples: largest difference ${worst}`);
  expect(rows.length).toBe(600);
  expect(worst).toBeLessThan(1e-4);
});

test('Analyze: the file applied to a copy of the demo predicts as the trained calibrator, survives a reload, and Remove takes it away', async ({
  page,
  importPage,
  analyzePage,
  annotatePage,
}, testInfo) => {
  expect(files, 'the download journey ran first').not.toBeNull();
  const { onnx, json, manifest, trained } = files!;
  // The demo under another name (so another content hash): the same examples, another dataset.
  const copy = testInfo.outputPath('demo-copy.jsonl');
  const [header, ...rest] = readFileSync(DEMO, 'utf8').split('\n');
  const meta = JSON.parse(header!) as { rir_dataset: { name: string } };
  meta.rir_dataset.name = 'Demo copy';
  writeFileSync(copy, [JSON.stringify(meta), ...rest].join('\n'));

  await importPage.goto();
  await importAndAnalyze(importPage, analyzePage, copy, 600);
  await expect(analyzePage.heading()).toBeVisible();
  await expect(page.getByText('Demo copy · 2 prompt versions')).toBeVisible();

  await analyzePage.applyCalibrator([onnxFile(onnx), jsonFile(json)]);
  const item = analyzePage.appliedItem(NAME);
  await expect(item).toBeVisible({ timeout: 30_000 });
  await expect(analyzePage.applyError()).toHaveCount(0);
  const ccc = manifest.metrics.test.predictors.calibrator.ccc.toFixed(3);
  await expect(item).toContainText(`reads v1 · trained on “${DEMO_NAME}” (content hash ${manifest.dataset.content_hash}, 600 examples)`);
  await expect(item).toContainText(`test CCC at export ${ccc} · predicts every example`);

  // The metric table: a row named after it, whose test CCC is the one exported (same examples, same targets).
  await expect(analyzePage.row('v1', NAME)).toBeVisible();
  await analyzePage.waitUntilComputed();
  expect((await analyzePage.metric('v1', NAME, 'ccc')).value).toBe(ccc);

  // onnxruntime-web, loading the file fresh, gives the trained ensemble's predictions on the test split.
  const [applied] = await readApplied(page);
  expect(applied).toMatchObject({ name: NAME, prompt: 'v1' });
  let worst = 0;
  let compared = 0;
  trained.splits.forEach((split, e) => {
    if (split !== 'test') return;
    worst = Math.max(worst, Math.abs(applied!.predictions[e]! - trained.predictions[e]!));
    compared++;
  });
  console.log(`applied vs trained on ${compared} test examples: largest difference ${worst}`);
  expect(compared).toBeGreaterThan(100);
  expect(worst).toBeLessThan(1e-5);

  // A reload keeps it (stored with the dataset).
  await page.reload();
  await analyzePage.waitUntilComputed();
  await expect(analyzePage.appliedItem(NAME)).toBeVisible();
  expect((await analyzePage.metric('v1', NAME, 'ccc')).value).toBe(ccc);
  expect((await readApplied(page))[0]!.predictions).toEqual(applied!.predictions);

  // Export predictions: every example, with the applied calibrator's column beside the baselines'.
  const [exported] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export predictions (JSONL)' }).click(),
  ]);
  expect(exported.suggestedFilename()).toBe('Demo copy-predictions.jsonl');
  const exportedRows = readFileSync(await exported.path(), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, number | string | null>);
  expect(exportedRows).toHaveLength(600);
  expect(Object.keys(exportedRows[0]!)).toEqual(expect.arrayContaining(['id', 'split', 'target', 'v1.mean', 'v2.mean', `v1.${NAME}`]));
  exportedRows.forEach((r, e) => expect(r[`v1.${NAME}`]).toBe(applied!.predictions[e]));

  // Annotate: with no calibrator trained here, the uncertainty queue follows the applied one and
  // says so; the prompt card shows its prediction by name.
  await annotatePage.navLink().click();
  await annotatePage.nameField().fill('Ana');
  await annotatePage.startButton().click();
  await annotatePage.queue().selectOption({ label: 'Largest calibrator uncertainty' });
  await expect(annotatePage.queueOrderedBy()).toHaveText(`ordered by the applied calibrator “${NAME}”`);
  await expect(annotatePage.queuePosition()).toHaveText('1 of 600 in queue');
  await expect(page.getByRole('region', { name: 'Prompt v1' }).getByRole('heading')).toContainText(
    new RegExp(`· ${escapeRegExp(NAME)} \\d`),
  );

  // Remove: gone from the list, the table and storage.
  await analyzePage.navLink().click();
  await analyzePage.removeButton(NAME).click();
  await expect(analyzePage.appliedItems()).toHaveCount(0);
  await expect(analyzePage.row('v1', NAME)).toHaveCount(0);
  await page.reload();
  await analyzePage.waitUntilComputed();
  await expect(analyzePage.row('v1', 'Mean')).toBeVisible();
  await expect(analyzePage.appliedItems()).toHaveCount(0);
  expect(await readApplied(page)).toEqual([]);
});

test('Analyze: hostile files and datasets the calibrator does not fit are refused in words, and nothing is applied', async ({
  page,
  importPage,
  analyzePage,
}) => {
  expect(files, 'the download journey ran first').not.toBeNull();
  const { onnx, json } = files!;
  const patched = (patch: Record<string, unknown>) => JSON.stringify({ ...(JSON.parse(json) as object), ...patch }, null, 2);

  /** Applies `chosen` and expects the refusal `message`, with no calibrator listed, in the table or in the store. */
  const refused = async (chosen: ChosenFile[], message: RegExp) => {
    await analyzePage.applyCalibrator(chosen);
    await expect(analyzePage.applyError()).toHaveText(message);
    await expect(analyzePage.appliedItems()).toHaveCount(0);
    expect((await analyzePage.predictors('v1').catch(() => [])).filter((p) => p.includes(' · '))).toEqual([]);
    expect(await readApplied(page)).toEqual([]);
  };

  await importPage.goto();
  await analyzePage.navLink().click();
  await analyzePage.waitUntilComputed();
  await refused(
    [onnxFile(Buffer.from('{"not": "a model"}\n'), 'notes.onnx')],
    /^notes\.onnx was not applied: this is not an ONNX model file\./,
  );
  await refused(
    [onnxFile(onnx.subarray(0, onnx.length >> 1))],
    /^Demo \(synthetic\)- math error detection-v1-calibrator\.onnx was not applied: the file is cut short \(\d+ bytes; .*\): download or copy it again\./,
  );
  await refused(
    [onnxFile(onnx), jsonFile(patched({ created: '2020-01-01T00:00:00.000Z' }))],
    /was not applied: calibrator\.json does not belong to this calibrator\.onnx \(it describes “.*”, created 2020-01-01T00:00:00\.000Z; the model carries “.*”, created 20\d\d-/,
  );
  await refused(
    [onnxFile(onnx), jsonFile(patched({ format_version: 99 }))],
    /was not applied: calibrator\.json cannot be read: format version 99 is newer than this app reads \(1\): open it with a newer rir-workbench\./,
  );

  // Datasets it does not fit: another scale, no rollouts of its prompt version.
  await importAndAnalyze(importPage, analyzePage, dataFile('calibrator-other-scale.jsonl'), 10);
  await refused(
    [onnxFile(onnx)],
    /was not applied: the calibrator was trained on the scale 0–10; this dataset’s scale is 1–5 \(set the scale on Browse if it is wrong\)\./,
  );
  await importAndAnalyze(importPage, analyzePage, dataFile('calibrator-other-prompt.jsonl'), 10);
  await analyzePage.applyCalibrator([onnxFile(onnx)]);
  await expect(analyzePage.applyError()).toHaveText(
    /was not applied: the calibrator reads the rollouts of prompt version “v1”, which this dataset does not have \(it has “judge-a”\)\./,
  );
  await expect(analyzePage.appliedItems()).toHaveCount(0);
  expect((await analyzePage.predictors('judge-a')).filter((p) => p.includes(' · '))).toEqual([]);
  expect(await readApplied(page)).toEqual([]);
});
