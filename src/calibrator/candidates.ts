// Candidate calibrators compared on the same folds (issue 15, docs/ARCHITECTURE.md §9.10): the
// baselines (mean, median, linear, isotonic), the score-only MLP and the text models each give an
// out-of-fold prediction of every dev example (labelled train + val), from the folds the MLP trainer
// deals (`assignFolds`); the candidate with the lowest out-of-fold loss a·(1 − CCC) + b·NMSE is
// chosen, so a model is never picked over a baseline its own out-of-fold estimate says is better.
// Pure; no DOM.
import { medianInPlace } from '../domain/baselines.ts';
import { ccc, nmse } from '../domain/metrics/pairwise.ts';
import { fitIsotonic, fitLinear, predictRegression } from '../domain/regression.ts';
import type { Scale } from '../domain/types.ts';

/** The weights of the operating point: loss = ccc·(1 − CCC) + nmse·NMSE, both ≥ 0, not both 0. */
export interface LossWeights {
  ccc: number;
  nmse: number;
}

/** The MLP's own training loss weights (§9.2): one unit of 1 − CCC is worth one unit of NMSE. */
export const DEFAULT_LOSS_WEIGHTS: LossWeights = Object.freeze({ ccc: 1, nmse: 1 });

/** 'multi': the ridge on the scores of several prompt versions (multiVersion.ts); deploying it means running them all. */
export type CandidateKind = 'baseline' | 'mlp' | 'text' | 'multi';

export interface Candidate {
  /** 'mean', 'median', 'linear', 'isotonic', 'mlp', 'text-ridge', … */
  id: string;
  label: string;
  kind: CandidateKind;
  /** Out-of-fold prediction of each dev example on the scale (NaN where it cannot predict). */
  oof: Float64Array;
  /** CCC and NMSE of `oof` against the dev targets, over the examples it predicts; null when undefined. */
  oofCcc: number | null;
  oofNmse: number | null;
  /** Dev examples it predicts (all of them for every candidate built here). */
  predicted: number;
  /** What was chosen inside it (the ridge penalty, the MLP configuration), for the table. */
  detail?: string;
}

/** The loss of a candidate at the operating point; +∞ when a term it needs is undefined. */
export function candidateLoss(c: Pick<Candidate, 'oofCcc' | 'oofNmse'>, w: LossWeights): number {
  const a = w.ccc > 0 ? (c.oofCcc === null ? Infinity : w.ccc * (1 - c.oofCcc)) : 0;
  const b = w.nmse > 0 ? (c.oofNmse === null ? Infinity : w.nmse * c.oofNmse) : 0;
  return a + b;
}

/** A candidate from its out-of-fold predictions: CCC and NMSE over the dev examples it predicts. */
export function scoreCandidate(fields: Omit<Candidate, 'oofCcc' | 'oofNmse' | 'predicted'>, yDev: ArrayLike<number>): Candidate {
  const p: number[] = [];
  const t: number[] = [];
  for (let i = 0; i < fields.oof.length; i++) {
    if (Number.isFinite(fields.oof[i]!)) {
      p.push(fields.oof[i]!);
      t.push(yDev[i]!);
    }
  }
  return { ...fields, oofCcc: ccc(p, t), oofNmse: nmse(p, t), predicted: p.length };
}

/**
 * The baselines' out-of-fold predictions on the dev examples: the mean and the median of each
 * example's scores (nothing fitted), and the linear and isotonic fits of the target on the mean
 * score, each fitted on the other folds and clipped to the scale. `scores(i)` gives dev example i's
 * rollout scores; `yDev` its target; `fold` its fold.
 */
export function baselineCandidates(
  scores: (i: number) => ArrayLike<number>,
  yDev: ArrayLike<number>,
  fold: ArrayLike<number>,
  folds: number,
  scale: Scale,
): Candidate[] {
  const n = yDev.length;
  const means = new Float64Array(n);
  const medians = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = scores(i);
    if (s.length === 0) {
      means[i] = medians[i] = NaN;
      continue;
    }
    const buf = Float64Array.from(s);
    let sum = 0;
    for (let j = 0; j < buf.length; j++) sum += buf[j]!;
    means[i] = sum / buf.length;
    medians[i] = medianInPlace(buf, buf.length);
  }
  const clip = (v: number) => (v < scale.min ? scale.min : v > scale.max ? scale.max : v);
  const fitted = (fitter: typeof fitLinear | typeof fitIsotonic): Float64Array => {
    const out = new Float64Array(n).fill(NaN);
    for (let k = 0; k < folds; k++) {
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < n; i++) {
        if (fold[i] !== k) {
          x.push(means[i]!);
          y.push(yDev[i]!);
        }
      }
      const fit = fitter(x, y);
      if (!fit) continue;
      for (let i = 0; i < n; i++) if (fold[i] === k && Number.isFinite(means[i]!)) out[i] = clip(predictRegression(fit, means[i]!));
    }
    return out;
  };
  return [
    scoreCandidate({ id: 'mean', label: 'Mean of rollouts', kind: 'baseline', oof: means }, yDev),
    scoreCandidate({ id: 'median', label: 'Median of rollouts', kind: 'baseline', oof: medians }, yDev),
    scoreCandidate({ id: 'linear', label: 'Linear on the mean', kind: 'baseline', oof: fitted(fitLinear) }, yDev),
    scoreCandidate({ id: 'isotonic', label: 'Isotonic on the mean', kind: 'baseline', oof: fitted(fitIsotonic) }, yDev),
  ];
}

export interface CandidateChoice {
  /** Index of the chosen candidate: the lowest loss (ties: the earlier, so a baseline wins a tie). */
  chosen: number;
  /** Indices of the candidates no other beats on both 1 − CCC and NMSE, by ascending NMSE. */
  frontier: number[];
  losses: number[];
}

/**
 * Picks the candidate with the lowest out-of-fold loss at `w`, and lists the CCC–NMSE frontier
 * (what other operating points would pick). RangeError for no candidate or weights that are
 * negative or both zero.
 */
export function chooseCandidate(cands: readonly Candidate[], w: LossWeights): CandidateChoice {
  if (cands.length === 0) throw new RangeError('no candidate to choose from');
  if (!(w.ccc >= 0 && w.nmse >= 0 && w.ccc + w.nmse > 0))
    throw new RangeError(`loss weights must be ≥ 0 and not both 0, got ${w.ccc}, ${w.nmse}`);
  const losses = cands.map((c) => candidateLoss(c, w));
  let chosen = 0;
  losses.forEach((l, i) => {
    if (l < losses[chosen]!) chosen = i;
  });
  const defined = cands
    .map((c, i) => ({ i, e: c.oofCcc === null ? null : 1 - c.oofCcc, m: c.oofNmse }))
    .filter((p) => p.e !== null && p.m !== null);
  const frontier = defined
    .filter((p) => !defined.some((q) => q.e! <= p.e! && q.m! <= p.m! && (q.e! < p.e! || q.m! < p.m!)))
    .sort((a, b) => a.m! - b.m! || a.i - b.i)
    .map((p) => p.i);
  return { chosen, frontier, losses };
}
