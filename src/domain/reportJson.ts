// The Analyze report as snake_case JSON: what `cli eval --json` prints per prompt version, and
// the metric blocks of a calibrator manifest and of `cli train --json`. One format everywhere. Pure.
import type { PredictorReport, PromptReport } from './analysis.ts';
import type { Interval } from './metrics/bootstrap.ts';

/** A report predictor as the JSON the CLI prints (snake_case, CIs as [lo, hi] or null). */
export function predictorJson(r: PredictorReport, identicalShare: number | null) {
  const ci = (k: keyof NonNullable<PredictorReport['cis']>): Interval | null => r.cis?.[k] ?? null;
  const m = r.metrics;
  return {
    n: r.n,
    ccc: m.ccc,
    ccc_ci: ci('ccc'),
    nmse: m.nmse,
    nmse_ci: ci('nmse'),
    pearson: m.pearson,
    pearson_ci: ci('pearson'),
    spearman: m.spearman,
    kendall: m.kendall,
    mae: m.mae,
    mae_ci: ci('mae'),
    rmse: m.rmse,
    rmse_ci: ci('rmse'),
    bias: m.bias,
    bias_ci: ci('bias'),
    dispersion: m.dispersion,
    dispersion_ci: ci('dispersion'),
    distinct: m.distinct,
    identical_share: identicalShare,
    in_sample: r.inSample,
    diagnostics: r.diagnostics.map((d) => d.text),
    ...(Object.keys(r.reasons).length > 0 ? { why_null: r.reasons } : {}),
  };
}

/** One prompt version's block of the report JSON. */
export function promptJson(p: PromptReport) {
  return {
    rollouts_per_example: p.rolloutsPerExample,
    examples_with_rollouts: p.withRollouts,
    rollout_spread: p.spread,
    identical_share: p.identicalShare,
    predictors: Object.fromEntries(p.predictors.map((r) => [r.id, predictorJson(r, p.identicalShare)])),
    skipped: Object.fromEntries(p.skipped.map((s) => [s.id, s.reason])),
  };
}
