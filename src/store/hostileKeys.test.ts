// Stored calibrators of prompt versions named "__proto__", "constructor" or "toString" come back as
// ordinary entries; no inherited member is taken for a calibration (issue 14.1).
import { describe, expect, it } from 'vitest';
import { ownValue } from '../domain/ownKeys.ts';
import { readCalibrations } from '../persist/records/calibrator.ts';
import { calibratedAt } from './selectors.ts';

function record(prompt: string, n: number, value: number) {
  return {
    datasetId: 'd',
    prompt,
    value: {
      datasetId: 'd',
      result: { predictions: new Float64Array(n).fill(value), spread: new Float64Array(n), model: { prompt } },
      targets: new Float64Array(n),
      splits: new Uint8Array(n),
      report: {},
    },
  };
}

describe('calibrations keyed by hostile prompt version names', () => {
  it('keeps "__proto__" as an own key and never reads inherited members', () => {
    const cal = readCalibrations([record('__proto__', 3, 1), record('constructor', 3, 2)], 'd', 3);
    expect(Object.keys(cal)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(cal)).toBe(Object.prototype);
    expect(ownValue(cal, '__proto__')!.result.predictions[0]).toBe(1);
    expect(ownValue(cal, 'toString')).toBeUndefined();
    expect(calibratedAt(cal, 0)).toEqual(JSON.parse('{"__proto__":1,"constructor":2}'));
  });
});
