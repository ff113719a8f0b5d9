import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnsOfCores, coreOf, coresOfColumns, SPLIT_FROM_HASH, type CoreColumns, type ExampleCore } from './exampleCore.ts';
import type { Example } from './types.ts';

const full: Example = {
  id: 'ex-1',
  input: { question: 'What is 2 + 2?', context: ['a', 'b'] },
  target: 7.5,
  split: 'val',
  meta: { source: 'x' },
  rollouts: [
    { prompt: 'v1', score: 3, reasoning: 'long text', model: 'gpt', logprobs: { '3': -0.5, '5': -0.5, x: -1 } },
    { prompt: 'v2', score: 4.25 },
    { prompt: 'v1', score: -0 },
  ],
};

describe('coreOf', () => {
  it('keeps the numbers and drops every text', () => {
    expect(coreOf(full)).toStrictEqual({
      id: 'ex-1',
      target: 7.5,
      split: 'val',
      // RAIL: 3 · 0.5 + 5 · 0.5 (equal log-probabilities; the key "x" is no score).
      rollouts: [
        { prompt: 'v1', score: 3, rail: 4 },
        { prompt: 'v2', score: 4.25 },
        { prompt: 'v1', score: -0 },
      ],
    });
    expect(full.rollouts[0]!.reasoning).toBe('long text');
    const unlabelled = coreOf({ id: 'u', input: '', split: 'test', splitFromHash: true, rollouts: [] });
    expect(unlabelled).toStrictEqual({ id: 'u', split: 'test', splitFromHash: true, rollouts: [] });
    expect('target' in unlabelled).toBe(false);
  });
});

describe('columnsOfCores', () => {
  it('lays the rollouts out by example, prompts first seen first (hand-built)', () => {
    const c = columnsOfCores([
      coreOf(full),
      { id: 'b', split: 'train', splitFromHash: true, rollouts: [] },
      { id: 'c', split: 'test', rollouts: [{ prompt: 'v3', score: 1 }] },
    ]);
    expect(c.n).toBe(3);
    expect(c.ids).toEqual(['ex-1', 'b', 'c']);
    expect(Array.from(c.target)).toEqual([7.5, NaN, NaN]);
    expect(Array.from(c.split)).toEqual([1, 0 | SPLIT_FROM_HASH, 2]);
    expect(c.prompts).toEqual(['v1', 'v2', 'v3']);
    expect(Array.from(c.rolloutStart)).toEqual([0, 3, 3, 4]);
    expect(Array.from(c.rolloutPrompt)).toEqual([0, 1, 0, 2]);
    expect(Array.from(c.rolloutScore)).toEqual([3, 4.25, -0, 1]);
    expect(Array.from(c.rolloutRail!)).toEqual([4, NaN, NaN, NaN]);
    expect(columnsOfCores([{ id: 'x', split: 'val', rollouts: [{ prompt: 'v', score: 1 }] }]).rolloutRail).toBeNull();
    expect(Object.is(c.rolloutScore[2], -0)).toBe(true);
  });
});

const coreArb: fc.Arbitrary<ExampleCore> = fc
  .record(
    {
      id: fc.string(),
      target: fc.double({ noNaN: true, noDefaultInfinity: true }),
      split: fc.constantFrom('train' as const, 'val' as const, 'test' as const),
      splitFromHash: fc.constant(true as const),
      rollouts: fc.array(
        fc.record(
          {
            prompt: fc.constantFrom('v1', 'v2', '', 'toString', '__proto__'),
            score: fc.double({ noNaN: true }),
            rail: fc.double({ noNaN: true }),
          },
          { requiredKeys: ['prompt', 'score'] },
        ),
        {
          maxLength: 6,
        },
      ),
    },
    { requiredKeys: ['id', 'split', 'rollouts'] },
  )
  // Plain objects, as JSON.parse makes (fast-check may give null-prototype records).
  .map((c) => ({ ...c, rollouts: c.rollouts.map((r) => ({ ...r })) }) as ExampleCore);

describe('coresOfColumns', () => {
  it('gives back exactly the cores, after a structured clone as IndexedDB makes (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(coreArb, { maxLength: 30 }), (cores) => {
        const back = coresOfColumns(structuredClone(columnsOfCores(cores)));
        expect(back).toStrictEqual(cores);
      }),
    );
  });

  it('names the column that does not fit instead of returning half an example', () => {
    const good = columnsOfCores([coreOf(full), { id: 'b', split: 'train', rollouts: [{ prompt: 'v9', score: 2 }] }]);
    const damaged: [string, (c: CoreColumns) => CoreColumns][] = [
      ['ids', (c) => ({ ...c, ids: c.ids.slice(1) })],
      ['target', (c) => ({ ...c, target: new Float64Array(1) })],
      ['split[1]', (c) => ({ ...c, split: Uint8Array.from([1, 3]) })],
      ['rolloutStart', (c) => ({ ...c, rolloutStart: Int32Array.from([1, 3, 4]) })],
      [
        'rolloutStart[2]',
        (c) => ({
          ...c,
          rolloutStart: Int32Array.from([0, 3, 2]),
          rolloutPrompt: c.rolloutPrompt.slice(0, 2),
          rolloutScore: c.rolloutScore.slice(0, 2),
          rolloutRail: null,
        }),
      ],
      ['rolloutPrompt[3]', (c) => ({ ...c, rolloutPrompt: Int32Array.from([0, 1, 0, 7]) })],
      ['rolloutScore', (c) => ({ ...c, rolloutScore: new Float64Array(2) })],
      ['rolloutRail', (c) => ({ ...c, rolloutRail: new Float64Array(3) })],
      ['n', (c) => ({ ...c, n: -1 })],
    ];
    expect(coresOfColumns(good)).toHaveLength(2);
    for (const [what, damage] of damaged) {
      expect(() => coresOfColumns(damage(good)), what).toThrow(`stored example columns are damaged: ${what}`);
    }
  });
});
