// The RAIL value of a rollout (docs/ARCHITECTURE.md §8.3): the expected score under the judge's
// log-probabilities of the candidate scores. Its own module: the cores (exampleCore.ts) and the
// analysis input (analysisInput.ts) both compute it. Pure.
import type { Rollout } from './types.ts';

/**
 * RAIL expected value of one rollout: Σ p(s)·s over the candidate scores in `logprobs`, with the
 * probabilities renormalised over the keys that parse as finite numbers (computed with a shifted
 * exponent, so very negative log-probabilities do not underflow to 0/0). `null` when no key parses.
 */
export function railExpectedValue(logprobs: Rollout['logprobs']): number | null {
  if (!logprobs) return null;
  let maxLp = -Infinity;
  const pairs: [number, number][] = [];
  for (const [key, lp] of Object.entries(logprobs)) {
    const s = key.trim() === '' ? NaN : Number(key);
    if (!Number.isFinite(s) || typeof lp !== 'number' || Number.isNaN(lp) || lp === Infinity) continue;
    pairs.push([s, lp]);
    if (lp > maxLp) maxLp = lp;
  }
  if (pairs.length === 0 || maxLp === -Infinity) return null;
  let z = 0;
  let ev = 0;
  for (const [s, lp] of pairs) {
    const w = Math.exp(lp - maxLp);
    z += w;
    ev += w * s;
  }
  return ev / z;
}
