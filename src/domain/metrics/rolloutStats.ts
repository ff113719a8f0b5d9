// Rollout-level diagnostics of one prompt version over examples (docs/ARCHITECTURE.md §8.4): how often a judge repeats
// itself exactly, and how far its rollouts spread. Pure; array-of-arrays and flat (CSR) forms.

/** Population sd of values[start..end) (end > start): two passes, and exactly 0 when all are equal. */
function populationSdRange(values: ArrayLike<number>, start: number, end: number): number {
  const first = values[start]!;
  let sum = 0;
  let identical = true;
  for (let i = start; i < end; i++) {
    sum += values[i]!;
    if (values[i] !== first) identical = false;
  }
  if (identical) return 0;
  const count = end - start;
  const m = sum / count;
  let squares = 0;
  for (let i = start; i < end; i++) squares += (values[i]! - m) ** 2;
  return Math.sqrt(squares / count);
}

function allIdentical(values: ArrayLike<number>, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) if (values[i] !== values[start]) return false;
  return true;
}

/**
 * Share (0..1) of examples with ≥ 2 rollouts whose rollout scores are all identical (exact equality, −0
 * equals 0, NaN equals nothing); examples with fewer rollouts are left out. Null when no example has ≥ 2.
 */
export function identicalRolloutShare(scoresPerExample: readonly ArrayLike<number>[]): number | null {
  let eligible = 0;
  let identical = 0;
  for (const scores of scoresPerExample) {
    if (scores.length < 2) continue;
    eligible++;
    if (allIdentical(scores, 0, scores.length)) identical++;
  }
  return eligible === 0 ? null : identical / eligible;
}

/**
 * Rollout spread: mean over examples with ≥ 1 rollout of the population sd of that example's rollout
 * scores (0 for one rollout), in score units. Null when no example has a rollout. Scores must be finite.
 */
export function rolloutSpread(scoresPerExample: readonly ArrayLike<number>[]): number | null {
  let examples = 0;
  let total = 0;
  for (const scores of scoresPerExample) {
    if (scores.length === 0) continue;
    examples++;
    total += populationSdRange(scores, 0, scores.length);
  }
  return examples === 0 ? null : total / examples;
}

/** RangeError unless offsets start at 0, never decrease and end at scores.length. */
function checkCsr(scores: ArrayLike<number>, offsets: ArrayLike<number>): void {
  if (offsets.length === 0 || offsets[0] !== 0 || offsets[offsets.length - 1] !== scores.length) {
    throw new RangeError(`offsets must run from 0 to scores.length (${scores.length})`);
  }
  for (let e = 1; e < offsets.length; e++) if (offsets[e]! < offsets[e - 1]!) throw new RangeError(`offsets decrease at position ${e}`);
}

/**
 * `identicalRolloutShare` over a flat layout: example e has scores[offsets[e] .. offsets[e + 1]), so
 * offsets has one entry more than there are examples (RangeError if it doesn't run from 0 to scores.length
 * without decreasing). No per-example allocation: meant for 100k examples.
 */
export function identicalRolloutShareCsr(scores: ArrayLike<number>, offsets: ArrayLike<number>): number | null {
  checkCsr(scores, offsets);
  let eligible = 0;
  let identical = 0;
  for (let e = 0; e + 1 < offsets.length; e++) {
    const start = offsets[e]!;
    const end = offsets[e + 1]!;
    if (end - start < 2) continue;
    eligible++;
    if (allIdentical(scores, start, end)) identical++;
  }
  return eligible === 0 ? null : identical / eligible;
}

/** `rolloutSpread` over the flat layout of `identicalRolloutShareCsr`. */
export function rolloutSpreadCsr(scores: ArrayLike<number>, offsets: ArrayLike<number>): number | null {
  checkCsr(scores, offsets);
  let examples = 0;
  let total = 0;
  for (let e = 0; e + 1 < offsets.length; e++) {
    const start = offsets[e]!;
    const end = offsets[e + 1]!;
    if (end === start) continue;
    examples++;
    total += populationSdRange(scores, start, end);
  }
  return examples === 0 ? null : total / examples;
}
