// The exported stacked calibrator (issue 15 point 2b, stacking.ts): the text ridge and the MLP
// ensemble that reads its prediction, as one self-contained ONNX graph (the conventions of
// exportGraph.ts), so any onnxruntime applies it once the caller has hashed the reasoning:
//
//   counts [N, D], scores ─ the text ridge of exportTextGraph.ts (float64) ─ unit [N, 1]
//     ─ (unit − text.mean) / text.sd ─┐
//   the ridge's standardised score features [N, F] ──┴─ Concat [N, F + 1] ─ Cast to float32
//   ─ every member MLP, mean and sd over members (exportGraph.ts) ─ prediction [N], spread [N]
//
// The ridge and the MLP read the same score features with the same standardisation (both come
// from the training plan), so they are computed once. Pure; no DOM.
import { EXPORT_IO, MANIFEST_METADATA_KEY, checkMembers, ensembleGraph, ensembleOutputs, type ExportOptions } from './exportGraph.ts';
import { TEXT_EXPORT_IO, textRidgeGraph } from './exportTextGraph.ts';
import { featureCount } from './features.ts';
import { GraphBuilder } from './onnx/graph.ts';
import { DataType } from './onnx/proto.ts';
import type { TextRidgeModel } from './textModel.ts';
import type { StackedModel } from './trainer.ts';

/** Input and output names of the stacked graph: the text calibrator's inputs, the MLP's outputs. */
export const STACKED_EXPORT_IO = {
  counts: TEXT_EXPORT_IO.counts,
  scores: EXPORT_IO.scores,
  prediction: EXPORT_IO.prediction,
  spread: EXPORT_IO.spread,
} as const;

/** RangeError unless the ridge and the MLP read the same prompt version, scale and score features, and the sizes fit. */
export function checkStacked(ridge: TextRidgeModel, mlp: StackedModel): void {
  if (ridge.prompt !== mlp.prompt) throw new RangeError(`the ridge reads ${ridge.prompt}, the MLP ${mlp.prompt}`);
  if (ridge.scale.min !== mlp.scale.min || ridge.scale.max !== mlp.scale.max)
    throw new RangeError('the ridge and the MLP have other scales');
  if (ridge.scoreSet !== mlp.featureSet || ridge.k !== mlp.k) throw new RangeError('the ridge and the MLP read other score features');
  const f = featureCount({ set: mlp.featureSet, k: mlp.k });
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => v === b[i]);
  if (!same(ridge.stats.mean, mlp.stats.mean) || !same(ridge.stats.sd, mlp.stats.sd))
    throw new RangeError('the ridge and the MLP standardise the score features differently');
  if (!(Number.isFinite(mlp.text.mean) && mlp.text.sd > 0 && Number.isFinite(mlp.text.sd)))
    throw new RangeError(`the text input's standardisation must have a finite mean and sd > 0, got ${mlp.text.mean}, ${mlp.text.sd}`);
  checkMembers(mlp.members, f + 1, mlp.config.hidden);
}

/**
 * The ONNX bytes of a stacked calibrator. Inputs as the text calibrator's (`counts` float32 [N, D],
 * `scores` float32 [N, K] or [N, R]); outputs as the MLP's (`prediction` and `spread`, float32 [N],
 * NaN where a row has too few scores).
 */
export function buildStackedCalibratorOnnx(ridge: TextRidgeModel, mlp: StackedModel, options: ExportOptions): Uint8Array {
  checkStacked(ridge, mlp);
  const { scale, featureSet, k } = mlp;
  const f = featureCount({ set: featureSet, k });
  const g = new GraphBuilder('rir_stacked_calibrator');
  const { unit, standardised, invalid } = textRidgeGraph(g, ridge);
  const t = g.div(g.sub(unit, g.double(mlp.text.mean)), g.double(mlp.text.sd)); // [N, 1]
  const x = g.op('Cast', [g.op('Concat', [standardised, t], { axis: 1 })], { to: DataType.FLOAT });
  ensembleOutputs(g, ensembleGraph(g, x, mlp.members, f + 1, mlp.config.hidden), scale, invalid);
  const sorted = featureSet === 'sorted';
  return g.toModel({
    producerVersion: options.appVersion,
    docString:
      `rir-workbench stacked calibrator (an MLP ensemble on the score features and a ridge on the reasoning's hashed n-grams) of prompt version ${mlp.prompt}: ` +
      `inputs ${STACKED_EXPORT_IO.counts} float32 [N, ${ridge.text.buckets}] (hashed n-gram counts of each example's reasoning, see metadata ${MANIFEST_METADATA_KEY}) and ` +
      `${STACKED_EXPORT_IO.scores} float32 ` +
      (sorted ? `[N, ${k}] (exactly ${k} rollout scores per row, any order)` : '[N, R] (rollout scores per row, NaN-padded)') +
      ` on the scale ${scale.min}..${scale.max}; outputs ${STACKED_EXPORT_IO.prediction} float32 [N] on that scale and ` +
      `${STACKED_EXPORT_IO.spread} float32 [N], the sd of the ${mlp.members.length} members' predictions.`,
    metadata: { ...options.metadata, [MANIFEST_METADATA_KEY]: options.manifest },
  });
}
