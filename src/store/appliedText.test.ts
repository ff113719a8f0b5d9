import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { exportTextCalibrator } from '../calibrator/calibratorFile.ts';
import type { TextRidgeModel } from '../calibrator/textModel.ts';
import { createRng } from '../domain/rng.ts';
import { jsonlBlob } from '../test/builders.ts';
import { createTestStore } from '../test/testStore.ts';
import { handTextModel, textReference } from '../test/textModelFixture.ts';

// A text calibrator (one that reads the reasoning) applied from its file in the store, through the
// training worker's apply job (inline double: onnxruntime-node on this thread, the file opened
// fresh from its bytes): the store sends the reasoning of the prompt version along, the worker
// featurises it, and the predictions equal the reference computed here from the same texts. A
// dataset without any reasoning of the prompt version is refused in words, nothing applied.

const D = 64;
const SCALE = { min: 0, max: 10 };

/** A hand-made ridge on hashed n-grams (D = 64) and the compact score features. */
const textModel = () => handTextModel(D, 5, SCALE);

const WORDS = ['the', 'answer', 'is', 'right', 'wrong', 'because', 'Step', 'two', 'fails', 'naïve', '7'];

interface Record_ {
  id: string;
  split: 'train' | 'test';
  target: number;
  rollouts: { prompt: string; score: number; reasoning?: string }[];
}

/** 40 examples: 1..4 v1 rollouts each (and one v2), v1 reasoning of random words unless `reasoning` is false; none on every 7th example's. */
function records(reasoning: boolean): Record_[] {
  const rng = createRng(9);
  return Array.from({ length: 40 }, (_, i) => ({
    id: `t${i}`,
    split: i % 5 === 4 ? 'test' : 'train',
    target: Math.round(100 * rng.next()) / 10,
    rollouts: [
      ...Array.from({ length: 1 + rng.int(4) }, () => ({
        prompt: 'v1',
        score: rng.int(11),
        ...(reasoning && i % 7 !== 3
          ? { reasoning: Array.from({ length: 1 + rng.int(10) }, () => WORDS[rng.int(WORDS.length)]!).join(' ') }
          : {}),
      })),
      { prompt: 'v2', score: 5, reasoning: 'v2 reasoning is not read' },
    ],
  }));
}

const lines = (name: string, recs: readonly Record_[]) => [
  JSON.stringify({ rir_dataset: { name, scale: SCALE } }),
  ...recs.map((r) => JSON.stringify(r)),
];

/** Each example's reference prediction from its v1 rollouts (textModelFixture.ts). */
const reference = (m: TextRidgeModel, recs: readonly Record_[]): number[] => textReference(m, recs);

const exported = exportTextCalibrator(textModel(), {
  dataset: { name: 'source', contentHash: 'beef', examples: 40 },
  appVersion: '0.1.0',
  now: Date.UTC(2026, 4, 2),
});
const onnxFile = () => new File([exported.onnx as Uint8Array<ArrayBuffer>], 'source-v1-text-calibrator.onnx');

async function storeWith(name: string, recs: readonly Record_[]) {
  const t = createTestStore();
  await t.store.getState().init();
  const id = (await t.store.getState().chooseFile(jsonlBlob(lines(name, recs)), `${name}.jsonl`))!;
  return { ...t, id };
}

describe('applying a text calibrator file', () => {
  it('sends the reasoning along: the predictions equal the reference from the same texts, with no spread', async () => {
    const recs = records(true);
    const { store, trainer, db, id } = await storeWith('with-reasoning', recs);
    await store.getState().applyCalibratorFiles([onnxFile()]);
    const s = store.getState();
    expect(s.applyState).toEqual({ applying: null, error: null });
    expect(trainer.applied).toBe(1);
    const a = s.applied[0]!;
    expect(a).toMatchObject({ datasetId: id, name: 'source · v1', prompt: 'v1', tooFew: 0, none: 0 });
    expect(a.manifest.model.kind).toBe('text-ridge');
    const want = reference(textModel(), recs);
    want.forEach((w, e) => expect(Math.abs(a.predictions[e]! - w), `example ${e}`).toBeLessThanOrEqual(Math.abs(w) * 2 ** -23));
    expect(new Set(a.predictions).size).toBeGreaterThan(20);
    // No spread: NaN for every example (the uncertainty queue has nothing to order by).
    expect(Array.from(a.spread).every(Number.isNaN)).toBe(true);
    const [record] = await (await db()).appliedCalibratorsOf(id);
    expect(record!.predictions).toEqual(a.predictions);
  });

  it('refuses a dataset whose rollouts of the prompt version have no reasoning, applying nothing', async () => {
    const { store, trainer, db, id } = await storeWith('no-reasoning', records(false));
    await store.getState().applyCalibratorFiles([onnxFile()]);
    const s = store.getState();
    expect(s.applyState.error).toBe(
      'source-v1-text-calibrator.onnx was not applied: this calibrator reads the reasoning, and no rollout of “v1” has any.',
    );
    expect(trainer.applied).toBe(0);
    expect(s.applied).toEqual([]);
    expect(await (await db()).appliedCalibratorsOf(id)).toEqual([]);
  });
});
