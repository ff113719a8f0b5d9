// Examples whose target only the reasoning names in full (tests of the text candidates): the target
// is 1 + how many of four "good" aspects the reasoning names, and each of three rollouts of v1 scores
// it ± 1 at random, clipped to 1–5. Splits train, train, train, val, test by position.
import { createRng } from '../domain/rng.ts';
import type { Example, Split } from '../domain/types.ts';

const SPLITS: Split[] = ['train', 'train', 'train', 'val', 'test'];
const GOOD = ['clear', 'helpful', 'accurate', 'polite'];

export interface AspectDataOptions {
  /** Every `withoutReasoningEvery`-th example (1-based) has no reasoning at all (default: none). */
  withoutReasoningEvery?: number;
  /** Words every reasoning ends with (e.g. non-ASCII ones). */
  tail?: string;
}

export function aspectExamples(n: number, seed: number, options: AspectDataOptions = {}): Example[] {
  const rng = createRng(seed);
  const every = options.withoutReasoningEvery ?? 0;
  return Array.from({ length: n }, (_, i) => {
    const named = GOOD.filter(() => rng.next() < 0.5);
    const target = 1 + named.length;
    const silent = every > 0 && i % every === every - 1;
    const reasoning = `It is ${named.join(', ') || 'plain'}${options.tail ? `; ${options.tail}` : ''}.`;
    return {
      id: `a${i}`,
      input: '',
      split: SPLITS[i % 5]!,
      target,
      rollouts: [0, 1, 2].map(() => ({
        prompt: 'v1',
        score: Math.min(5, Math.max(1, target + Math.floor(3 * rng.next()) - 1)),
        ...(silent ? {} : { reasoning }),
      })),
    };
  });
}
