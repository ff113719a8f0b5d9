// Tests for axis tick placement and score formatting (expected values worked out by hand).
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { axisTicks } from './axisTicks.ts';
import { formatRange, formatScore } from './formatScore.ts';

describe('axisTicks', () => {
  it('uses the scale step when it gives at most 11 ticks', () => {
    expect(axisTicks({ min: 1, max: 5, step: 1 })).toEqual([1, 2, 3, 4, 5]);
    expect(axisTicks({ min: -2, max: 2, step: 1 })).toEqual([-2, -1, 0, 1, 2]);
    expect(axisTicks({ min: 0, max: 10, step: 1 })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('falls back to 1/2/5 spacing when the step is too fine or absent', () => {
    expect(axisTicks({ min: 0, max: 10, step: 0.5 })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(axisTicks({ min: 0, max: 100 })).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(axisTicks({ min: 1, max: 5, step: 0.25 })).toEqual([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    expect(axisTicks({ min: 0, max: 30 })).toEqual([0, 5, 10, 15, 20, 25, 30]);
  });

  it('does not drift on decimal steps', () => {
    expect(axisTicks({ min: 0, max: 1, step: 0.1 })).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });

  it('starts at the first multiple of the spacing inside the scale', () => {
    expect(axisTicks({ min: 0.3, max: 3.7 })).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5]);
  });

  it('gives one tick for a degenerate scale', () => {
    expect(axisTicks({ min: 3, max: 3 })).toEqual([3]);
  });
});

describe('formatScore', () => {
  it('keeps at most 3 decimals and drops float noise and negative zero', () => {
    expect(formatScore(0.1 + 0.2)).toBe('0.3');
    expect(formatScore(3)).toBe('3');
    expect(formatScore(2.71828)).toBe('2.718');
    expect(formatScore(-0.0001)).toBe('0');
    expect(formatScore(-1.5)).toBe('-1.5');
  });

  it('formats ranges with a dash, or "to" when negative', () => {
    expect(formatRange(1, 5)).toBe('1–5');
    expect(formatRange(-2, 2)).toBe('-2 to 2');
  });
});
