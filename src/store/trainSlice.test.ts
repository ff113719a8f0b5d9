import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ccc } from '../domain/metrics/pairwise.ts';
import { createRng } from '../domain/rng.ts';
import { jsonlBlob } from '../test/builders.ts';
import { createTestStore } from '../test/testStore.ts';
import { calibratedAt } from './selectors.ts';
import { keptPredictions } from '../calibrator/report.ts';

// Training in the store (inline trainer: onnxruntime-node on this thread): settings → run → live
// curves → a calibration per prompt, whose predictions the analysis report then scores as the
// 'calibrator' predictor; the calibration belongs to its dataset; Stop keeps what was learnt so far.

interface Row {
  id: string;
  split: 'train' | 'val' | 'test';
  target: number;
  scores: number[];
}

/** 60 examples (train : val : test = 3 : 1 : 1 by position), three rollouts each = 0.5·target + 3 ± noise, scale 0–10. */
function rows(seed: number): Row[] {
  const rng = createRng(seed);
  const splits = ['train', 'train', 'train', 'val', 'test'] as const;
  return Array.from({ length: 60 }, (_, i) => {
    const target = Math.round(10 * rng.next() * 10) / 10;
    const scores = [0, 1, 2].map(() => Math.round((0.5 * target + 3 + (rng.next() - 0.5)) * 10) / 10);
    return { id: `x${i}`, split: splits[i % 5]!, target, scores };
  });
}

function lines(name: string, data: readonly Row[]): string[] {
  return [
    JSON.stringify({ rir_dataset: { name, scale: { min: 0, max: 10 } } }),
    ...data.map((r) =>
      JSON.stringify({ id: r.id, split: r.split, target: r.target, rollouts: r.scores.map((score) => ({ prompt: 'v1', score })) }),
    ),
  ];
}

const SMALL = { hidden: [4], weightDecay: [0], lr: [0.01], folds: 3, maxEpochs: 100 };

async function opened(data = rows(1)) {
  const t = createTestStore();
  await t.store.getState().init();
  const id = (await t.store.getState().chooseFile(jsonlBlob(lines('calib', data)), 'calib.jsonl'))!;
  return { ...t, id, data };
}

describe('train slice', () => {
  it('trains the open dataset, keeps a calibration per prompt, and the analysis scores it', async () => {
    const { store, db, id, data } = await opened();
    store.getState().setTrainSettings(SMALL);
    await store.getState().startTraining();
    const run = store.getState().trainRun!;
    expect(run.error).toBeNull();
    expect(run.status).toBe('done');
    expect(run.datasetId).toBe(id);
    expect(run.prompt).toBe('v1');
    expect(run.maxEpochs).toBe(100);
    // Auto features with K = 3 rollouts: sorted-K; one member per fold.
    expect(run.outcome!.result.model).toMatchObject({ k: 3, featureSet: 'sorted' });
    expect(run.outcome!.result.model.members).toHaveLength(3);
    expect(run.configs).toEqual([{ hidden: 4, weightDecay: 0, lr: 0.01 }]);
    expect(run.curves).toHaveLength(1);
    expect(run.curves[0]!.length).toBeGreaterThan(0);
    const epochs = run.curves[0]!.map((p) => p.epoch);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
    expect(run.models).toBe(3);

    const cal = store.getState().calibrations.v1!;
    expect(cal.datasetId).toBe(id);
    expect(cal.result.predictions).toHaveLength(60);
    expect(cal.result.counts).toMatchObject({ train: 48, test: 12 });
    expect(cal.report.test!.predictors.map((p) => p.id)).toContain('calibrator');
    // Stored, so a reload keeps it.
    expect((await (await db()).calibratorsOf(id)).map((r) => r.prompt)).toEqual(['v1']);

    await store.getState().runAnalysis();
    const report = store.getState().analysis!.report!;
    expect(report.split).toBe('test');
    const calibrator = report.prompts[0]!.predictors.find((p) => p.id === 'calibrator')!;
    const test = data.flatMap((r, e) => (r.split === 'test' ? [e] : []));
    expect(calibrator.n).toBe(12);
    expect(calibrator.metrics.ccc).toBeCloseTo(
      ccc(
        test.map((e) => keptPredictions(cal)[e]!),
        test.map((e) => data[e]!.target),
      )!,
      12,
    );
    // The calibrator was not simply handed the mean: its predictions differ from the rollout means.
    const mean = report.prompts[0]!.predictors.find((p) => p.id === 'mean')!;
    expect(calibrator.metrics.ccc).not.toBeCloseTo(mean.metrics.ccc!, 6);
  });

  it('a calibration belongs to its dataset: opening another drops it and the run, reopening brings it back', async () => {
    const t = createTestStore();
    await t.store.getState().init();
    const { store } = t;
    const other = (await store.getState().chooseFile(jsonlBlob(lines('other', rows(2))), 'other.jsonl'))!;
    const id = (await store.getState().chooseFile(jsonlBlob(lines('calib', rows(1))), 'calib.jsonl'))!;
    store.getState().setTrainSettings(SMALL);
    await store.getState().startTraining();
    const trained = store.getState().calibrations.v1!;
    expect(trained.datasetId).toBe(id);

    await store.getState().openDataset(other);
    expect(store.getState().currentId).toBe(other);
    expect(store.getState().trainRun).toBeNull();
    expect(store.getState().calibrations).toEqual({});
    expect(calibratedAt(store.getState().calibrations, 0)).toEqual({});
    await store.getState().runAnalysis();
    expect(store.getState().analysis!.report!.prompts[0]!.predictors.map((p) => p.id)).not.toContain('calibrator');

    await store.getState().openDataset(id);
    const back = store.getState().calibrations.v1!;
    expect(back.datasetId).toBe(id);
    expect(back.result.predictions).toEqual(trained.result.predictions);
    expect(store.getState().trainRun).toBeNull();
  });

  // Regression: importing a file (addDataset) once kept the previous dataset's calibrations, so
  // Example / Annotate (calibratedAt) showed dataset A's predictions on dataset B's examples by index.
  it('importing another dataset drops the calibrations of the previous one', async () => {
    const { store } = await opened();
    store.getState().setTrainSettings(SMALL);
    await store.getState().startTraining();
    expect(store.getState().calibrations.v1).toBeDefined();

    const other = await store.getState().chooseFile(jsonlBlob(lines('other', rows(2))), 'other.jsonl');
    expect(store.getState().currentId).toBe(other);
    expect(store.getState().trainRun).toBeNull();
    expect(calibratedAt(store.getState().calibrations, 0)).toEqual({});
    expect(store.getState().calibrations).toEqual({});
  });

  it('Stop ends a running training early and keeps the best weights so far', async () => {
    const { store } = await opened();
    store.getState().setTrainSettings({ ...SMALL, maxEpochs: 200_000, patience: 200_000 });
    const training = store.getState().startTraining();
    // Wait for the first progress report (every ~100 ms of training), then stop.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`still ${store.getState().trainRun?.status} after 10 s`)), 10_000);
      const unsubscribe = store.subscribe((s) => {
        if (s.trainRun?.status === 'running' && s.trainRun.epoch > 0) {
          clearTimeout(timer);
          unsubscribe();
          resolve();
        }
      });
    });
    store.getState().stopTraining();
    expect(store.getState().trainRun!.status).toBe('stopping');
    await training;
    const run = store.getState().trainRun!;
    expect(run.status).toBe('done');
    expect(run.outcome!.result.cancelled).toBe(true);
    expect(run.outcome!.result.epochs).toBeLessThan(200_000);
    expect(store.getState().calibrations.v1!.result.cancelled).toBe(true);
    const predictions = store.getState().calibrations.v1!.result.predictions;
    expect(Array.from(predictions).every(Number.isFinite)).toBe(true);
  });

  it('falls back to WASM with a notice when WebGPU, chosen in the settings, fails (the worker’s own handler)', async () => {
    const { store } = await opened();
    store.getState().setTrainSettings({ ...SMALL, backend: 'webgpu' });
    const decisions: string[] = [];
    const unsubscribe = store.subscribe((st) => {
      const d = st.trainRun?.decision;
      if (d && decisions.at(-1) !== d.provider) decisions.push(d.provider);
    });
    await store.getState().startTraining();
    unsubscribe();
    const run = store.getState().trainRun!;
    expect(decisions).toEqual(['webgpu', 'wasm']);
    expect(run.decision).toEqual({ provider: 'wasm', reason: 'after WebGPU failed' });
    expect(run.notice).toBe('WebGPU failed (no WebGPU in node); training again on WASM.');
    expect(run.status).toBe('done');
    expect(run.outcome!.result.model.members).toHaveLength(3);
  });

  it('says why a dataset cannot be trained on', async () => {
    // Only the last 10 examples keep their split: 8 labelled train/val examples.
    const data = rows(3).map((r, i) => (i < 50 ? { ...r, split: 'test' as const } : r));
    const { store, trainer } = await opened(data);
    store.getState().setTrainSettings(SMALL);
    await store.getState().startTraining();
    const run = store.getState().trainRun!;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/at least 10 labelled train\/val examples.*has 8/);
    expect(store.getState().calibrations).toEqual({});
    expect(trainer.trained).toBe(0);
  });
});

describe('the choice among candidates in the store', () => {
  /** 60 examples whose target only the reasoning names (1 + the count of four "good" words); scores 3–5 at random. */
  function textLines(): string[] {
    const rng = createRng(5);
    const good = ['clear', 'helpful', 'accurate', 'polite'];
    const splits = ['train', 'train', 'train', 'val', 'test'] as const;
    return [
      JSON.stringify({ rir_dataset: { name: 'reasons', scale: { min: 1, max: 5 } } }),
      ...Array.from({ length: 60 }, (_, i) => {
        const named = good.filter(() => rng.next() < 0.5);
        const rollouts = [0, 1, 2].map(() => ({
          prompt: 'v1',
          score: 3 + Math.floor(3 * rng.next()),
          reasoning: `It is ${named.join(' and ') || 'plain'}.`,
        }));
        return JSON.stringify({ id: `r${i}`, split: splits[i % 5], target: 1 + named.length, rollouts });
      }),
    ];
  }

  it('keeps the ridge on the reasoning where it wins, lets the user keep another, and remembers it after a restart', async () => {
    const t = createTestStore();
    await t.store.getState().init();
    const id = (await t.store.getState().chooseFile(jsonlBlob(textLines()), 'reasons.jsonl'))!;
    t.store.getState().setTrainSettings(SMALL);
    // Before the first epoch the run says it is reading the reasoning (in the worker, from storage: at
    // most one stage every 100 ms, and the last), then fitting the ridge, fold by fold (the stacked MLP reads it).
    const stages: string[] = [];
    const unsubscribe = t.store.subscribe((st) => {
      const stage = st.trainRun?.stage;
      if (stage && stages.at(-1) !== stage) stages.push(stage);
    });
    await t.store.getState().startTraining();
    unsubscribe();
    const fitting = `Fitting the ridge on the reasoning of v1 (${t.store.getState().calibrations.v1!.result.counts.train} train/val examples, 3 folds)`;
    expect(stages.slice(-4)).toEqual([
      `${fitting}: fold 1 of 3…`,
      `${fitting}: fold 2 of 3…`,
      `${fitting}: fold 3 of 3…`,
      `${fitting}: the kept model…`,
    ]);
    const reading = stages.slice(0, -4);
    expect(reading.at(-1)).toBe('Reading the reasoning of v1 (60 of 60 examples)…');
    for (const r of reading) expect(r).toMatch(/^Reading the reasoning of v1 \(\d+ of 60 examples\)…$/);
    const cal = t.store.getState().calibrations.v1!;
    const sel = cal.selection!;
    expect(sel.candidates.map((c) => c.id)).toEqual(['mean', 'median', 'linear', 'isotonic', 'mlp', 'text-ridge', 'stacked-mlp']);
    expect(sel.candidates[sel.chosen]!.id).toBe('text-ridge');
    expect(keptPredictions(cal)).toBe(sel.candidates[5]!.predictions);
    // The example cards show the kept calibrator's prediction.
    expect(calibratedAt(t.store.getState().calibrations, 59).v1).toBe(sel.candidates[5]!.predictions[59]);

    // Training without the reasoning leaves the text candidate out, and says why.
    t.store.getState().setTrainSettings({ text: false });
    await t.store.getState().startTraining();
    expect(t.store.getState().calibrations.v1!.selection!.textSkipped).toBe('text features are turned off');
    t.store.getState().setTrainSettings({ text: true });
    await t.store.getState().startTraining();

    await t.store.getState().keepCandidate('v1', 'mean');
    const kept = t.store.getState().calibrations.v1!;
    expect(kept.selection!.keptBy).toBe('user');
    expect(kept.selection!.candidates[kept.selection!.chosen]!.id).toBe('mean');
    expect(t.store.getState().trainRun!.outcome!.selection!.keptBy).toBe('user');
    // The report is now the mean's: its test CCC is the mean's own.
    const calRow = kept.report.test!.predictors.find((p) => p.id === 'calibrator')!;
    const meanRow = kept.report.test!.predictors.find((p) => p.id === 'mean')!;
    expect(calRow.metrics.ccc).toBeCloseTo(meanRow.metrics.ccc!, 12);

    (await t.db()).close();
    const again = createTestStore(t.factory);
    await again.store.getState().init();
    await again.store.getState().openDataset(id);
    const back = again.store.getState().calibrations.v1!;
    expect(back.selection!.candidates[back.selection!.chosen]!.id).toBe('mean');
    expect(Array.from(keptPredictions(back))).toEqual(Array.from(kept.selection!.candidates[0]!.predictions));
  });
});

describe('warmTrainer', () => {
  it('has the training worker warm its featuriser up when the next run may read the reasoning, not otherwise', async () => {
    const t = createTestStore();
    await t.store.getState().init();
    t.store.getState().warmTrainer();
    expect(t.trainer.warmed).toBe(1);
    t.store.getState().setTrainSettings({ text: false });
    t.store.getState().warmTrainer();
    expect(t.trainer.warmed).toBe(1);
  });
});
