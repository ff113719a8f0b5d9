import { describe, expect, it } from 'vitest';
import { buildAnalysisInput } from '../domain/analysisInput.ts';
import { makeExample, makeRollout } from '../test/builders.ts';
import { promptTexts } from './textInput.ts';

describe('promptTexts', () => {
  const examples = [
    makeExample({
      id: 'a',
      rollouts: [
        makeRollout({ prompt: 'v1', score: 1, reasoning: 'a1' }),
        makeRollout({ prompt: 'v2', score: 2, reasoning: 'a2' }),
        { prompt: 'v1', score: 3 },
      ],
    }),
    makeExample({ id: 'b', rollouts: [makeRollout({ prompt: 'v2', score: 4, reasoning: 'b2' })] }),
    makeExample({ id: 'c', rollouts: [makeRollout({ prompt: 'v1', score: 5, reasoning: 'c1' })] }),
  ];

  it('lays the reasoning out as the analysis input lays out the scores', () => {
    const t = promptTexts(examples, 'v1');
    expect(t.texts).toEqual(['a1', '', 'c1']);
    expect(Array.from(t.offsets)).toEqual([0, 2, 2, 3]);
    const input = buildAnalysisInput(examples, ['v1', 'v2'], { min: 1, max: 5 });
    expect(Array.from(input.prompts[0]!.offsets)).toEqual(Array.from(t.offsets));
    expect(Array.from(input.prompts[0]!.scores)).toEqual([1, 3, 5]);
    const t2 = promptTexts(examples, 'v2');
    expect(t2.texts).toEqual(['a2', 'b2']);
    expect(Array.from(t2.offsets)).toEqual(Array.from(input.prompts[1]!.offsets));
  });
});
