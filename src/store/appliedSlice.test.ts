import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportCalibrator, type ExportedCalibrator } from '../calibrator/calibratorFile.ts';
import { appliedId } from '../domain/baselines.ts';
import { ccc } from '../domain/metrics/pairwise.ts';
import { createRng } from '../domain/rng.ts';
import { jsonlBlob } from '../test/builders.ts';
import { createTestStore } from '../test/testStore.ts';
import { appliedAt } from './selectors.ts';

// Calibrators applied from files in the store (inline worker double: onnxruntime-node on this
// thread, opening the file fresh from its bytes): a calibrator trained on one dataset and exported
// is applied to a copy of it under another name, becomes a predictor named after it, orders the
// queues when nothing is trained, survives a reload and can be removed; every file or dataset it
// cannot be applied to is refused in words, with nothing applied or stored.

interface Row {
  id: string;
  split: 'train' | 'val' | 'test';
  target: number;
  scores: number[];
}

/** 60 examples (train : val : test = 3 : 1 : 1 by position), `k` rollouts each = 0.5·target + 3 ± noise, scale 0–10. */
function rows(seed: number, k = 3): Row[] {
  const rng = createRng(seed);
  const splits = ['train', 'train', 'train', 'val', 'test'] as const;
  return Array.from({ length: 60 }, (_, i) => {
    const target = Math.round(10 * rng.next() * 10) / 10;
    const scores = Array.from({ length: k }, () => Math.round((0.5 * target + 3 + (rng.next() - 0.5)) * 10) / 10);
    return { id: `x${i}`, split: splits[i % 5]!, target, scores };
  });
}

function lines(name: string, data: readonly Row[], { prompt = 'v1', max = 10 } = {}): string[] {
  return [
    JSON.stringify({ rir_dataset: { name, scale: { min: 0, max } } }),
    ...data.map((r) =>
      JSON.stringify({
        id: r.id,
        split: r.split,
        target: Math.min(max, r.target),
        rollouts: r.scores.map((score) => ({ prompt, score: Math.min(max, score) })),
      }),
    ),
  ];
}

const SMALL = { hidden: [4], weightDecay: [0], lr: [0.01], folds: 3, maxEpochs: 100 };
const DATA = rows(1);

/** The calibrator trained on "source" (DATA), as downloaded, and its trained predictions and test examples. */
let exported: ExportedCalibrator;
let trained: Float64Array;
const TEST = DATA.flatMap((r, e) => (r.split === 'test' ? [e] : []));

beforeAll(async () => {
  const { store } = createTestStore();
  await store.getState().init();
  await store.getState().chooseFile(jsonlBlob(lines('source', DATA)), 'source.jsonl');
  store.getState().setTrainSettings(SMALL);
  await store.getState().startTraining();
  expect(store.getState().trainRun!.status).toBe('done');
  // The MLP kept, as a user does on the Train screen: this file is the MLP ensemble's.
  await store.getState().keepCandidate('v1', 'mlp');
  const run = store.getState().trainRun!;
  trained = run.outcome!.result.predictions;
  exported = exportCalibrator(run.outcome!, {
    dataset: { name: 'source', contentHash: 'c0ffee', examples: DATA.length },
    appVersion: '0.1.0',
    now: Date.UTC(2026, 0, 2),
  });
});

const onnxFile = (bytes: Uint8Array = exported.onnx, name = 'source-v1-calibrator.onnx') =>
  new File([bytes as Uint8Array<ArrayBuffer>], name);
const jsonFile = (text: string = exported.json, name = 'source-v1-calibrator.json') => new File([text], name, { type: 'application/json' });

/** A store with `datasets` imported in order (the last one open). */
async function storeWith(...datasets: { name: string; lines: string[] }[]) {
  const t = createTestStore();
  await t.store.getState().init();
  const ids: string[] = [];
  for (const d of datasets) ids.push((await t.store.getState().chooseFile(jsonlBlob(d.lines), `${d.name}.jsonl`))!);
  return { ...t, ids };
}

const copy = () => ({ name: 'copy', lines: lines('copy', DATA) });

describe('applying a calibrator file', () => {
  it('applies the exported .onnx + .json to another dataset: a predictor named after it, equal to the trained calibrator on test', async () => {
    const { store, db, trainer, ids } = await storeWith(copy());
    await store.getState().applyCalibratorFiles([onnxFile(), jsonFile()]);
    const s = store.getState();
    expect(s.applyState).toEqual({ applying: null, error: null });
    expect(trainer.applied).toBe(1);
    expect(s.applied).toHaveLength(1);
    const a = s.applied[0]!;
    expect(a).toMatchObject({ datasetId: ids[0], name: 'source · v1', prompt: 'v1', tooFew: 0, none: 0, size: exported.onnx.length });
    expect(a.manifest.dataset).toEqual({ name: 'source', content_hash: 'c0ffee', examples: 60 });
    // The file, run fresh on another dataset with the same rollouts, is the trained ensemble on the examples training never saw.
    for (const e of TEST) expect(Math.abs(a.predictions[e]! - trained[e]!)).toBeLessThan(1e-5);
    expect(Array.from(a.predictions).every(Number.isFinite)).toBe(true);
    expect(Array.from(a.spread).every((v) => Number.isFinite(v) && v >= 0)).toBe(true);

    // Stored with the dataset: the bytes as chosen and the manifest they carry.
    const [record] = await (await db()).appliedCalibratorsOf(ids[0]!);
    expect(record!.onnx).toEqual(exported.onnx);
    expect(JSON.parse(record!.manifest)).toEqual(JSON.parse(exported.json));
    expect(record!.predictions).toEqual(a.predictions);

    // Analyze scores it like any predictor: its test CCC is the exported manifest's (same examples, same targets).
    await store.getState().runAnalysis();
    const row = store.getState().analysis!.report!.prompts[0]!.predictors.find((p) => p.id === appliedId('source · v1'))!;
    expect(row.n).toBe(TEST.length);
    const want = ccc(
      TEST.map((e) => trained[e]!),
      TEST.map((e) => DATA[e]!.target),
    )!;
    expect(row.metrics.ccc).toBeCloseTo(want, 5);
    expect(row.metrics.ccc).toBeCloseTo(exported.manifest.metrics.test!.predictors.calibrator!.ccc!, 5);
  });

  it('the .onnx alone is enough; re-applying a calibrator of the same name replaces it', async () => {
    const { store, db, trainer, ids } = await storeWith(copy());
    await store.getState().applyCalibratorFiles([onnxFile()]);
    const first = store.getState().applied[0]!;
    expect(first.name).toBe('source · v1');
    await store.getState().applyCalibratorFiles([onnxFile()]);
    expect(trainer.applied).toBe(2);
    expect(store.getState().applyState.error).toBeNull();
    expect(store.getState().applied).toHaveLength(1);
    expect(store.getState().applied[0]).not.toBe(first);
    expect((await (await db()).appliedCalibratorsOf(ids[0]!)).map((r) => r.name)).toEqual(['source · v1']);
  });

  it('survives a reload, belongs to its dataset, and Remove takes it out of the analysis and storage', async () => {
    const first = await storeWith({ name: 'other', lines: lines('other', rows(2)) }, copy());
    const [other, id] = first.ids as [string, string];
    await first.store.getState().applyCalibratorFiles([onnxFile()]);
    const applied = first.store.getState().applied[0]!;

    // A reload: a new store on the same storage.
    const again = createTestStore(first.factory);
    await again.store.getState().init();
    await again.store.getState().openDataset(id);
    const back = again.store.getState().applied;
    expect(back.map((a) => [a.name, a.prompt, a.tooFew, a.none, a.size])).toEqual([['source · v1', 'v1', 0, 0, exported.onnx.length]]);
    expect(back[0]!.predictions).toEqual(applied.predictions);
    expect(back[0]!.spread).toEqual(applied.spread);
    expect(back[0]!.manifest).toEqual(applied.manifest);
    expect(again.trainer.applied).toBe(0);

    // Another dataset has none; coming back brings it back.
    await again.store.getState().openDataset(other);
    expect(again.store.getState().applied).toEqual([]);
    await again.store.getState().runAnalysis();
    expect(again.store.getState().analysis!.report!.prompts[0]!.predictors.map((p) => p.id)).not.toContain(appliedId('source · v1'));
    await again.store.getState().openDataset(id);
    expect(again.store.getState().applied).toHaveLength(1);
    await again.store.getState().runAnalysis();
    expect(again.store.getState().analysis!.report!.prompts[0]!.predictors.map((p) => p.id)).toContain(appliedId('source · v1'));

    await again.store.getState().removeApplied('source · v1');
    expect(again.store.getState().applied).toEqual([]);
    await again.store.getState().runAnalysis();
    expect(again.store.getState().analysis!.report!.prompts[0]!.predictors.map((p) => p.id)).not.toContain(appliedId('source · v1'));
    expect(await (await again.db()).appliedCalibratorsOf(id)).toEqual([]);
  });

  it('deleting the dataset deletes what was applied to it', async () => {
    const { store, db, ids } = await storeWith(copy());
    await store.getState().applyCalibratorFiles([onnxFile()]);
    await store.getState().deleteDataset(ids[0]!);
    expect(await (await db()).appliedCalibratorsOf(ids[0]!)).toEqual([]);
    expect(store.getState().applied).toEqual([]);
  });

  it('keeps only stored records that still fit the dataset', async () => {
    const { store, db, factory, ids } = await storeWith(copy());
    const id = ids[0]!;
    await store.getState().applyCalibratorFiles([onnxFile()]);
    const good = (await (await db()).appliedCalibratorsOf(id))[0]!;
    for (const r of [
      { ...good, name: 'short', predictions: good.predictions.slice(1) },
      { ...good, name: 'not its manifest' }, // the manifest names “source · v1”
      { ...good, name: 'cut', manifest: '{"format": "rir-calibrator"' },
      { ...good, name: 'negative', tooFew: -1 },
      { ...good, name: 'no bytes', onnx: [1, 2] as unknown as Uint8Array },
    ]) {
      await (await db()).putAppliedCalibrator(r);
    }
    const again = createTestStore(factory);
    await again.store.getState().init();
    await again.store.getState().openDataset(id);
    expect(again.store.getState().applied.map((a) => a.name)).toEqual(['source · v1']);
  });
});

describe('refusals: nothing applied, nothing stored, the reason in words', () => {
  const withJson = (patch: Record<string, unknown>) => jsonFile(JSON.stringify({ ...JSON.parse(exported.json), ...patch }, null, 2));

  it.each([
    {
      case: 'a text file renamed .onnx',
      dataset: copy,
      files: () => [onnxFile(new TextEncoder().encode('{"not": "a model"}\n'), 'notes.onnx')],
      message: /^notes\.onnx was not applied: this is not an ONNX model file\.$/,
    },
    {
      case: 'the .onnx cut to half',
      dataset: copy,
      files: () => [onnxFile(exported.onnx.slice(0, exported.onnx.length >> 1))],
      message: /^source-v1-calibrator\.onnx was not applied: the file is cut short \(\d+ bytes; .*\): download or copy it again\.$/,
    },
    {
      case: 'a calibrator.json of another calibrator',
      dataset: copy,
      files: () => [onnxFile(), withJson({ created: '2020-01-01T00:00:00.000Z' })],
      message:
        /was not applied: calibrator\.json does not belong to this calibrator\.onnx \(it describes “source · v1”, created 2020-01-01T00:00:00\.000Z; the model carries “source · v1”, created 2026-01-02T00:00:00\.000Z\)\.$/,
    },
    {
      case: 'a manifest of an unknown format version',
      dataset: copy,
      files: () => [withJson({ format_version: 99 }), onnxFile()],
      message:
        /was not applied: calibrator\.json cannot be read: format version 99 is newer than this app reads \(1\): open it with a newer rir-workbench\.$/,
    },
    {
      case: 'a dataset without the prompt version',
      dataset: () => ({ name: 'judge-b', lines: lines('judge-b', DATA, { prompt: 'judge-b' }) }),
      files: () => [onnxFile()],
      message:
        /was not applied: the calibrator reads the rollouts of prompt version “v1”, which this dataset does not have \(it has “judge-b”\)\.$/,
    },
    {
      case: 'a dataset on another scale',
      dataset: () => ({ name: 'five', lines: lines('five', DATA, { max: 5 }) }),
      files: () => [onnxFile()],
      message:
        /was not applied: the calibrator was trained on the scale 0–10; this dataset’s scale is 0–5 \(set the scale on Browse if it is wrong\)\.$/,
    },
    {
      case: 'a dataset with another rollout count (K)',
      dataset: () => ({ name: 'five rollouts', lines: lines('five rollouts', rows(1, 5)) }),
      files: () => [onnxFile()],
      message:
        /was not applied: the calibrator takes exactly 3 rollout scores per example \(sorted features\); this dataset’s examples of “v1” mostly have 5\.$/,
    },
    {
      case: 'a .json without its .onnx',
      dataset: copy,
      files: () => [jsonFile()],
      message: /^Nothing was applied: choose the calibrator’s \.onnx file/,
    },
    {
      case: 'two models at once',
      dataset: copy,
      files: () => [onnxFile(), onnxFile(exported.onnx, 'again.onnx')],
      message: /^Nothing was applied: choose one calibrator at a time \(“source-v1-calibrator\.onnx”, “again\.onnx” are 2 models\)\.$/,
    },
  ])('$case', async ({ dataset, files, message }) => {
    const { store, db, trainer, ids } = await storeWith(dataset());
    await store.getState().applyCalibratorFiles(files());
    expect(store.getState().applyState.error).toMatch(message);
    expect(store.getState().applyState.applying).toBeNull();
    expect(store.getState().applied).toEqual([]);
    expect(trainer.applied).toBe(0);
    expect(await (await db()).appliedCalibratorsOf(ids[0]!)).toEqual([]);
    await store.getState().runAnalysis();
    expect(
      store
        .getState()
        .analysis!.report!.prompts.flatMap((p) => p.predictors.map((r) => r.id))
        .filter((id) => id.startsWith('applied:')),
    ).toEqual([]);

    // A good file afterwards applies, and clears the message.
    if (dataset === copy) {
      await store.getState().applyCalibratorFiles([onnxFile()]);
      expect(store.getState().applyState.error).toBeNull();
      expect(store.getState().applied).toHaveLength(1);
    }
  });
});

describe('a file onnxruntime cannot run', () => {
  it('says what the worker said, and applies nothing', async () => {
    const { store, db, trainer, ids } = await storeWith(copy());
    trainer.apply = () => Promise.reject(new Error('onnxruntime cannot load the model: Load model failed.'));
    await store.getState().applyCalibratorFiles([onnxFile()]);
    expect(store.getState().applyState).toEqual({
      applying: null,
      error: 'source-v1-calibrator.onnx was not applied: onnxruntime cannot load the model: Load model failed.',
    });
    expect(store.getState().applied).toEqual([]);
    expect(await (await db()).appliedCalibratorsOf(ids[0]!)).toEqual([]);
    store.getState().dismissApplyError();
    expect(store.getState().applyState.error).toBeNull();
  });
});

describe('queues and prompt cards', () => {
  it('without a trained calibrator the error and uncertainty queues follow the first applied one, and say so', async () => {
    const { store, ids } = await storeWith(copy());
    await store.getState().applyCalibratorFiles([onnxFile()]);
    const a = store.getState().applied[0]!;
    await store.getState().setAnnotator('ana');

    store.getState().chooseQueue('uncertainty');
    const bySpread = DATA.map((_, e) => e).sort((x, y) => a.spread[y]! - a.spread[x]! || x - y);
    expect(store.getState().annotateQueue).toEqual({
      datasetId: ids[0],
      kind: 'uncertainty',
      order: bySpread,
      by: 'the applied calibrator “source · v1”',
    });

    store.getState().chooseQueue('error');
    const byError = DATA.map((_, e) => e).sort((x, y) => {
      const ex = Math.abs(a.predictions[x]! - DATA[x]!.target);
      const ey = Math.abs(a.predictions[y]! - DATA[y]!.target);
      return ey - ex || x - y;
    });
    expect(store.getState().annotateQueue!.order).toEqual(byError);
    expect(store.getState().annotateQueue!.by).toBe('the applied calibrator “source · v1”');

    // Queues that follow no calibrator name none.
    store.getState().chooseQueue('all');
    expect(store.getState().annotateQueue!.by).toBeUndefined();

    // A trained calibrator comes first.
    store.getState().setTrainSettings(SMALL);
    await store.getState().startTraining();
    // The MLP kept: the ensemble's spread orders the uncertainty queue (a kept ridge or baseline has none).
    await store.getState().keepCandidate('v1', 'mlp');
    store.getState().chooseQueue('uncertainty');
    const spread = store.getState().calibrations.v1!.result.spread;
    expect(store.getState().annotateQueue!.by).toBe('the trained calibrator of v1');
    expect(store.getState().annotateQueue!.order[0]).toBe(
      DATA.map((_, e) => e).reduce((best, e) => (spread[e]! > spread[best]! ? e : best), 0),
    );
  });

  it('each applied calibrator’s prediction of an example, by name', async () => {
    const { store } = await storeWith(copy());
    await store.getState().applyCalibratorFiles([onnxFile()]);
    const e = TEST[0]!;
    const [shown] = appliedAt(store.getState().applied, e);
    expect(shown!.name).toBe('source · v1');
    expect(shown!.prompt).toBe('v1');
    expect(Math.abs(shown!.value - trained[e]!)).toBeLessThan(1e-5);
  });
});
