import { describe, expect, it } from 'vitest';
import { makeExample, makeRollout } from '../test/builders.ts';
import fc from 'fast-check';
import { groupByPrompt, mean, populationStd, summarizeExamples } from './rollouts.ts';

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
    const s = summarizeExamples([ex], ['v1', 'v2', 'v3'])[0]!;
    expect(s.means).toEqual([1, 3, null]);
    // v1: sd 0; v2: scores 2, 4 → population sd 1; average over the 2 prompts with rollouts = 0.5.
    expect(s.spread).toBe(0.5);
    expect(s.labelled).toBe(true);
  });

  it('gives null mean/spread without rollouts and marks missing targets unlabelled', () => {
    const { target: _t, ...rest } = makeExample({ rollouts: [] });
    const s = summarizeExamples([rest], ['v1'])[0]!;
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

  it('agrees with a plain two-pass computation on arbitrary rollouts, unknown prompts included', () => {
    const rollout = fc.record({
      prompt: fc.constantFrom('v1', 'v2', 'zz', 'yy'),
      score: fc.integer({ min: -10, max: 10 }).map((x) => x / 2),
    });
    fc.assert(
      fc.property(fc.array(fc.array(rollout, { maxLength: 12 }), { maxLength: 20 }), (lists) => {
        const examples = lists.map((rollouts, i) => makeExample({ id: `e${i}`, rollouts: rollouts.map((r) => makeRollout(r)) }));
        const got = summarizeExamples(examples, ['v1', 'v2']);
        examples.forEach((ex, i) => {
          const byPrompt = new Map<string, number[]>();
          for (const r of ex.rollouts) byPrompt.set(r.prompt, [...(byPrompt.get(r.prompt) ?? []), r.score]);
          const sd = (xs: number[]) => {
            const m = xs.reduce((a, b) => a + b, 0) / xs.length;
            return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length);
          };
          const sds = [...byPrompt.values()].map(sd);
          const s = got[i]!;
          expect(s.means.map((m) => (m === null ? null : Number(m.toFixed(9))))).toEqual(
            ['v1', 'v2'].map((p) =>
              byPrompt.has(p) ? Number((byPrompt.get(p)!.reduce((a, b) => a + b, 0) / byPrompt.get(p)!.length).toFixed(9)) : null,
            ),
          );
          if (sds.length === 0) expect(s.spread).toBeNull();
          else expect(s.spread).toBeCloseTo(sds.reduce((a, b) => a + b, 0) / sds.length, 9);
        });
      }),
    );
  });
});
