// The exported multi-version candidate (issue 15 (c), docs/ARCHITECTURE.md §9.11): a
// MultiVersionModel (multiVersion.ts) as one self-contained ONNX graph (opset 17, IR 8, the
// conventions of exportGraph.ts). One scores input per prompt version the model reads:
//
//   scores_v [N, R_v] float32 (NaN-padded) ─ compact score features of exportGraph.ts ─ standardise
//     ─ 0 where the row has no score of v (Where: the NaN of an empty row never leaks) ─┐
//   "no score of v" indicator (1 / 0) ─────────────────────────────────────────────────┤ per v
//   Concat [N, 10·V] ─ · weights + intercept ─ back to the scale ─ clip
//     ─ NaN where the row has no score of version 0 (the model's own) ─ prediction [N]
//
// Everything runs in float64, as predictMultiVersionUnit does, and the prediction is cast to
// float32 at the end (the type CalibratorSession and the manifest's tensor specs expect). No
// spread: a single ridge has none. Deploying the file means running every version it reads. Pure;
// no DOM.
import { GraphBuilder } from './onnx/graph.ts';
import { DataType } from './onnx/proto.ts';
import { EXPORT_IO, MANIFEST_METADATA_KEY, predictionOnScale, scoreFeatureGraph, type ExportOptions } from './exportGraph.ts';
import { MULTI_COLUMNS, MULTI_FEATURES, type MultiVersionModel } from './multiVersion.ts';

/** Input and output names of the exported multi-version graph: `scores_0` … `scores_{V−1}` (model.prompts order) and `prediction`. */
export const MULTI_EXPORT_IO = {
  scores: (v: number): string => `${EXPORT_IO.scores}_${v}`,
  prediction: EXPORT_IO.prediction,
} as const;

/** Names of the model's initializers in the file. */
export const MULTI_INITIALIZERS = { weights: 'multi_weight', intercept: 'intercept' } as const;

function checkModel(model: MultiVersionModel): void {
  const { scale, prompts, stats, weights } = model;
  const nv = prompts.length;
  if (!(Number.isFinite(scale.min) && Number.isFinite(scale.max) && scale.max > scale.min))
    throw new RangeError(`scale must have finite min < max, got ${scale.min}..${scale.max}`);
  if (nv < 1) throw new RangeError('a multi-version model reads at least one version');
  if (stats.length !== nv) throw new RangeError(`${stats.length} standardisations for ${nv} versions`);
  stats.forEach((s, v) => {
    if (s.mean.length !== MULTI_FEATURES || s.sd.length !== MULTI_FEATURES)
      throw new RangeError(`version ${v}: standardisation has ${s.mean.length}/${s.sd.length} columns, features ${MULTI_FEATURES}`);
  });
  if (weights.length !== nv * MULTI_COLUMNS)
    throw new RangeError(`${weights.length} weights, expected ${nv * MULTI_COLUMNS} for ${nv} versions`);
  for (const w of weights) if (!Number.isFinite(w)) throw new RangeError('weights must be finite');
  if (!Number.isFinite(model.intercept)) throw new RangeError(`intercept must be finite, got ${model.intercept}`);
}

/**
 * The ONNX bytes of a multi-version model. Inputs `scores_v` float32 [N, R_v] for v = 0 … V − 1:
 * the scores version model.prompts[v] gave each example, NaN-padded (R_v ≥ 1; a row of all NaN =
 * that version has no score for the example). Output `prediction` float32 [N] on the scale,
 * clipped; NaN where version 0 has no score.
 */
export function buildMultiVersionOnnx(model: MultiVersionModel, options: ExportOptions): Uint8Array {
  checkModel(model);
  const { scale, prompts, stats } = model;
  const nv = prompts.length;
  const g = new GraphBuilder('rir_multi_version_calibrator');
  const zero = g.double(0);
  const parts: string[] = [];
  let own = '';
  for (let v = 0; v < nv; v++) {
    const scores = g.input(MULTI_EXPORT_IO.scores(v), ['N', `R_${v}`]);
    const { standardised, invalid } = scoreFeatureGraph(g, scores, scale, { set: 'compact', k: 1 }, stats[v]!);
    if (v === 0) own = invalid;
    const none = g.op('Reshape', [invalid, g.int64([-1, 1])]); // [N, 1] bool
    parts.push(g.op('Where', [none, zero, standardised]), g.op('Cast', [none], { to: DataType.DOUBLE }));
  }
  const x = g.op('Concat', parts, { axis: 1 }); // [N, 10·V]
  const w = g.initializer(MULTI_INITIALIZERS.weights, model.weights, [nv * MULTI_COLUMNS, 1], DataType.DOUBLE);
  const intercept = g.initializer(MULTI_INITIALIZERS.intercept, [model.intercept], [], DataType.DOUBLE);
  const unit = g.add(g.matmul(x, w), intercept); // [N, 1]
  const prediction = predictionOnScale(g, unit, scale, own);
  g.output(g.op('Cast', [prediction], { to: DataType.FLOAT }), MULTI_EXPORT_IO.prediction, ['N']);

  const inputs = prompts.map((p, v) => `${MULTI_EXPORT_IO.scores(v)} (version ${p})`).join(', ');
  return g.toModel({
    producerVersion: options.appVersion,
    docString:
      `rir-workbench multi-version calibrator (ridge on the compact score features of ${nv} prompt versions) of prompt version ${prompts[0]}: ` +
      `inputs ${inputs}, each float32 [N, R] (that version's rollout scores per row, NaN-padded; a row of all NaN = no score of that version) ` +
      `on the scale ${scale.min}..${scale.max}; output ${MULTI_EXPORT_IO.prediction} float32 [N] on that scale ` +
      `(NaN where a row has no score of ${prompts[0]}). Deploying it means running ${prompts.join(', ')}. No spread: a single ridge model has none. ` +
      `See metadata ${MANIFEST_METADATA_KEY}.`,
    metadata: { ...options.metadata, [MANIFEST_METADATA_KEY]: options.manifest },
  });
}
