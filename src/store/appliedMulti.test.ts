import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { exportMultiVersionCalibrator } from '../calibrator/calibratorFile.ts';
import type { Example } from '../domain/types.ts';
import { jsonlBlob } from '../test/builders.ts';
import { MULTI_SCALE, multiReference, trainedMulti, worstDifference } from '../test/multiVersionFixture.ts';
import { createTestStore } from '../test/testStore.ts';

// A multi-version calibrator (a ridge on the scores of versions B, A and C of each example) applied
// from its file in the store, through the training worker's apply job (inline double:
// onnxruntime-node on this thread, the file opened fresh from its bytes): the store sends the
// rollouts of every version the file lists, in the file's order, and the predictions equal the
// reference computed here from each example's rollouts by prompt name (multiVersionFixture.ts);
// examples without a score of B get NaN and are counted in `none`. A dataset lacking one of the
// versions is refused in words naming it, nothing applied.

const { model, examples } = trainedMulti();
const exported = exportMultiVersionCalibrator(model, {
  dataset: { name: 'source', contentHash: 'beef', examples: examples.length },
  appVersion: '0.1.0',
  now: Date.UTC(2026, 4, 3),
  k: 4,
});
const onnxFile = () => new File([exported.onnx as Uint8Array<ArrayBuffer>], 'source-multi-calibrator.onnx');

const lines = (name: string, recs: readonly Example[]) => [
  JSON.stringify({ rir_dataset: { name, scale: MULTI_SCALE } }),
  ...recs.map((r) => JSON.stringify({ id: r.id, input: r.input, split: r.split, target: r.target, rollouts: r.rollouts })),
];

async function storeWith(name: string, recs: readonly Example[]) {
  const t = createTestStore();
  await t.store.getState().init();
  const id = (await t.store.getState().chooseFile(jsonlBlob(lines(name, recs)), `${name}.jsonl`))!;
  return { ...t, id };
}

describe('applying a multi-version calibrator file', () => {
  it('sends every version’s rollouts: the predictions equal the reference, NaN and `none` without a score of B, no spread', async () => {
    const { store, trainer, db, id } = await storeWith('three-versions', examples);
    await store.getState().applyCalibratorFiles([onnxFile()]);
    const s = store.getState();
    expect(s.applyState).toEqual({ applying: null, error: null });
    expect(trainer.applied).toBe(1);
    const a = s.applied[0]!;
    const noB = examples.filter((e) => !e.rollouts.some((r) => r.prompt === 'B')).length;
    expect(noB).toBeGreaterThan(10);
    expect(a).toMatchObject({ datasetId: id, name: 'source · B', prompt: 'B', tooFew: 0, none: noB });
    expect(a.manifest.model.kind).toBe('multi-version');
    const { worst, nan, mismatched } = worstDifference(a.predictions, multiReference(model, examples));
    expect(mismatched).toEqual([]);
    expect(nan).toBe(noB);
    expect(worst).toBeLessThan(1e-6);
    expect(Array.from(a.spread).every(Number.isNaN)).toBe(true);
    const [record] = await (await db()).appliedCalibratorsOf(id);
    expect(record!.predictions).toEqual(a.predictions);
  });

  it('refuses a dataset without one of the versions, naming it, and applies nothing', async () => {
    const withoutC = examples.map((e) => ({ ...e, rollouts: e.rollouts.filter((r) => r.prompt !== 'C') }));
    const { store, trainer, db, id } = await storeWith('no-c', withoutC);
    await store.getState().applyCalibratorFiles([onnxFile()]);
    const s = store.getState();
    expect(s.applyState.error).toBe(
      'source-multi-calibrator.onnx was not applied: the calibrator reads the rollouts of 3 prompt versions (“B”, “A”, “C”: running it means running every one), and this dataset has none of “C” (it has “B”, “A”).',
    );
    expect(trainer.applied).toBe(0);
    expect(s.applied).toEqual([]);
    expect(await (await db()).appliedCalibratorsOf(id)).toEqual([]);
  });
});
