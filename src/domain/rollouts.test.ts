import { describe, expect, it } from 'vitest';
import { makeExample, makeRollout } from '../test/builders.ts';
import { groupByPrompt, mean, populationStd, summarizeExample } from './rollouts.ts';

describe('rollout summaries', () => {
  it('computes per-prompt means in prompt order and the averaged population spread', () => {
    const ex = makeExample({
      rollouts: [
        makeRollout({ prompt: 'v2', score: 2 }),
        makeRollout({ prompt: 'v1', score: 1 }),
        makeRollout({ prompt: 'v2', score: 4 }),
        makeRollout({ prompt: 'v1', score: 1 }),
      ],
    });
    const s = summarizeExample(ex, ['v1', 'v2', 'v3']);
    expect(s.means).toEqual([1, 3, null]);
    // v1: sd 0; v2: scores 2, 4 → population sd 1; average over the 2 prompts with rollouts = 0.5.
    expect(s.spread).toBe(0.5);
    expect(s.labelled).toBe(true);
  });

  it('gives null mean/spread without rollouts and marks missing targets unlabelled', () => {
    const { target: _t, ...rest } = makeExample({ rollouts: [] });
    const s = summarizeExample(rest, ['v1']);
    expect(s).toMatchObject({ means: [null], spread: null, target: null, labelled: false });
  });

  it('matches numpy for mean and population std', () => {
    // numpy: np.mean([1, 2, 3, 4, 10]) = 4.0; np.std([1, 2, 3, 4, 10]) = 3.1622776601683795
    expect(mean([1, 2, 3, 4, 10])).toBe(4);
    expect(populationStd([1, 2, 3, 4, 10])).toBeCloseTo(3.1622776601683795, 14);
    expect(mean([])).toBeNull();
  });

  it('groups rollouts by prompt, known prompts first, unknown prompts after', () => {
    const g = groupByPrompt([makeRollout({ prompt: 'x' }), makeRollout({ prompt: 'v2' }), makeRollout({ prompt: 'v1' })], ['v1', 'v2']);
    expect(g.map((x) => x.prompt)).toEqual(['v1', 'v2', 'x']);
  });
});
