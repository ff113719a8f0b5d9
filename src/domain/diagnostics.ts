// What is wrong with a predictor, in words (docs/ARCHITECTURE.md §8.4): under/over-dispersion,
// quantisation, identical rollouts, bias, too few examples. Pure; thresholds are named here.
import type { MetricSet } from './metrics/pairwise.ts';
import type { Scale } from './types.ts';

export type DiagnosticKind =
  'few-examples' | 'under-dispersed' | 'over-dispersed' | 'quantised' | 'identical-rollouts' | 'biased' | 'in-sample';

export interface Diagnostic {
  kind: DiagnosticKind;
  /** One short sentence, e.g. "under-dispersed: σ_pred/σ_target = 0.42". */
  text: string;
}

export const THRESHOLDS = {
  /** Fewer evaluated examples than this: intervals are wide, say so. */
  fewExamples: 30,
  /** σ_pred/σ_target below this is under-dispersed, above `overDispersed` over-dispersed. */
  underDispersed: 0.8,
  overDispersed: 1.25,
  /** At most this many distinct predictions, and at most `quantisedShare` of n, is quantised. */
  quantisedValues: 20,
  quantisedShare: 0.2,
  /** This share of examples (or more) with all-identical rollouts is worth a warning. */
  identicalShare: 0.25,
  /** |mean bias| of at least this share of the scale range is biased. */
  biasShareOfRange: 0.05,
} as const;

/** Up to 2 decimals, trailing zeros dropped; a sign when asked (for biases). */
function num(v: number, signed = false): string {
  const s = String(Number(v.toFixed(2)));
  return signed && v > 0 ? `+${s}` : s === '-0' ? '0' : s;
}

export interface DiagnosticContext {
  scale: Scale;
  /** Share of the evaluated examples whose rollouts are all identical (null when unknown). */
  identicalShare: number | null;
  /** The predictor was fitted on the train split and the split evaluated includes it. */
  inSample?: boolean;
}

/** Diagnostics of one predictor's metrics, most important first; empty when nothing stands out. */
export function diagnose(m: MetricSet, ctx: DiagnosticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (ctx.inSample) out.push({ kind: 'in-sample', text: 'in-sample: fitted on the train examples it is evaluated on' });
  if (m.n > 0 && m.n < THRESHOLDS.fewExamples) {
    out.push({ kind: 'few-examples', text: `only ${m.n} labelled example${m.n === 1 ? '' : 's'}: intervals are wide` });
  }
  if (m.dispersion !== null && m.dispersion < THRESHOLDS.underDispersed) {
    out.push({ kind: 'under-dispersed', text: `under-dispersed: σ_pred/σ_target = ${num(m.dispersion)}` });
  } else if (m.dispersion !== null && m.dispersion > THRESHOLDS.overDispersed) {
    out.push({ kind: 'over-dispersed', text: `over-dispersed: σ_pred/σ_target = ${num(m.dispersion)}` });
  }
  if (m.n > 0 && m.distinct <= THRESHOLDS.quantisedValues && m.distinct <= THRESHOLDS.quantisedShare * m.n) {
    out.push({ kind: 'quantised', text: `quantised: ${m.distinct} distinct value${m.distinct === 1 ? '' : 's'}` });
  }
  if (ctx.identicalShare !== null && ctx.identicalShare >= THRESHOLDS.identicalShare) {
    out.push({ kind: 'identical-rollouts', text: `${Math.round(ctx.identicalShare * 100)}% of examples have identical rollouts` });
  }
  const range = ctx.scale.max - ctx.scale.min;
  if (m.bias !== null && range > 0 && Math.abs(m.bias) >= THRESHOLDS.biasShareOfRange * range) {
    out.push({ kind: 'biased', text: `biased: ${num(m.bias, true)} (predictions too ${m.bias > 0 ? 'high' : 'low'})` });
  }
  return out;
}
