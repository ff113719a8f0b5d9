import { describe, expect, it } from 'vitest';
import { ScaleAccumulator } from './scale.ts';
import { readScale, RecordError, type FieldWarning } from './schema.ts';

const infer = (xs: number[]) => {
  const a = new ScaleAccumulator();
  xs.forEach((x) => a.add(x));
  return a.scale();
};

describe('scale inference', () => {
  it('takes the observed range and the coarsest common step', () => {
    expect(infer([1, 5, 3])).toEqual({ min: 1, max: 5, step: 1 });
    expect(infer([0, 7.5, 10])).toEqual({ min: 0, max: 10, step: 0.5 });
    expect(infer([-2, 0.3, 2])).toEqual({ min: -2, max: 2, step: 0.1 });
    expect(infer([1.05, 4.99])).toEqual({ min: 1.05, max: 4.99 });
  });

  it('has a defined result for no values and a single value', () => {
    expect(infer([])).toEqual({ min: 0, max: 1 });
    expect(infer([3, 3])).toEqual({ min: 3, max: 4, step: 1 });
  });
});

describe('readScale', () => {
  it('names the bad field', () => {
    const err = (v: unknown) => {
      try {
        readScale(v);
      } catch (e) {
        return e instanceof RecordError ? e.field : 'not a RecordError';
      }
      return 'no error';
    };
    expect(err({ min: 0, max: 0 })).toBe('scale.max');
    expect(err({ min: 'a', max: 1 })).toBe('scale.min');
    expect(err({ min: 0, max: 1, step: -1 })).toBe('scale.step');
    expect(readScale({ min: '0', max: 10, step: 0.5 })).toEqual({ min: 0, max: 10, step: 0.5 });
  });

  it('a step finer than a millionth of the range is refused by the editor, dropped with a warning from a header', () => {
    // 10 / 1e-5 = 1e6 grid steps: the finest allowed; 10 / 1e-300 = 1e301.
    expect(readScale({ min: 0, max: 10, step: 1e-5 })).toEqual({ min: 0, max: 10, step: 1e-5 });
    expect(() => readScale({ min: 0, max: 10, step: 1e-300 })).toThrow(
      'scale.step 1e-300 makes 1.00e+301 steps from 0 to 10, more than 1,000,000: use a coarser step, or none for a continuous scale',
    );
    expect(() => readScale({ min: 0, max: 10, step: 5e-324 })).toThrow(/makes Infinity steps/);
    const warnings: FieldWarning[] = [];
    expect(readScale({ min: 0, max: 10, step: 1e-300 }, 'rir_dataset.scale', warnings)).toEqual({ min: 0, max: 10 });
    expect(warnings).toEqual([
      {
        field: 'rir_dataset.scale.step',
        message:
          'scale.step 1e-300 makes 1.00e+301 steps from 0 to 10, more than 1,000,000; the step is ignored and the scale read as continuous',
      },
    ]);
  });
});
