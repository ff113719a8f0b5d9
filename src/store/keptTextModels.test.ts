// keptTextModels: the text ridge of each prompt version whose kept calibrator it is, checked before
// use (a stored value is not trusted), and the same object while the calibrations are.
import { describe, expect, it } from 'vitest';
import type { TextRidgeModel } from '../calibrator/textModel.ts';
import type { AppState } from './storeTypes.ts';
import { keptTextModels } from './selectors.ts';

const model = (prompt: string, d = 8): TextRidgeModel => ({
  prompt,
  scale: { min: 1, max: 3 },
  text: { buckets: d, ngrams: [1, 2] },
  idf: new Float64Array(d).fill(1),
  wText: new Float64Array(d),
  scoreSet: 'compact',
  k: 3,
  stats: { mean: new Float64Array(9), sd: new Float64Array(9).fill(1) },
  wScore: new Float64Array(9),
  intercept: 0.5,
  lambda: 1,
});

const calibration = (chosen: 'text-ridge' | 'stacked-mlp' | 'mlp', text: TextRidgeModel | null) => ({
  selection: {
    chosen: 1,
    candidates: [
      { id: 'mean', kind: 'baseline' },
      { id: chosen, kind: chosen === 'mlp' ? 'mlp' : 'text' },
    ],
    text,
  },
});

describe('keptTextModels', () => {
  it('keeps the text ridges that are the kept calibrator and well formed, and memoises on the calibrations', () => {
    const broken = { ...model('bad'), wText: new Float64Array(3) };
    const calibrations = {
      a: calibration('text-ridge', model('a')),
      b: calibration('mlp', model('b')), // the MLP is kept: its text ridge explains nothing shown
      s: calibration('stacked-mlp', model('s')), // the stacked MLP is kept: the ridge's n-grams are not what moved it
      c: calibration('text-ridge', null),
      bad: calibration('text-ridge', broken),
      wrong: calibration('text-ridge', model('other')), // a model of another prompt version
      none: {},
    } as unknown as AppState['calibrations'];
    const out = keptTextModels(calibrations);
    expect(Object.keys(out)).toEqual(['a']);
    expect(out.a!.prompt).toBe('a');
    expect(keptTextModels(calibrations)).toBe(out);
    expect(keptTextModels({ ...calibrations })).not.toBe(out);
  });
});
