// Tick values of a logarithmic axis.
import { describe, expect, it } from 'vitest';
import { logTicks } from './logTicks.ts';

describe('logTicks', () => {
  it('ticks every mantissa 1…9 over about a decade', () => {
    expect(logTicks(0.78, 3.2)).toEqual([0.8, 0.9, 1, 2, 3]);
    expect(logTicks(0.4, 4)).toEqual([0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 2, 3, 4]);
  });

  it('falls back to 1, 2, 5 and then to powers of ten as the range grows', () => {
    expect(logTicks(0.01, 10)).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10]);
    expect(logTicks(1e-3, 1e6)).toEqual([0.001, 0.01, 0.1, 1, 10, 100, 1000, 10000, 100000, 1000000]);
    const wide = logTicks(1e-20, 1e20);
    expect(wide.length).toBeLessThanOrEqual(11);
    expect(wide.length).toBeGreaterThanOrEqual(2);
    expect(wide.every((t, i) => i === 0 || t > wide[i - 1]!)).toBe(true);
  });

  it('uses linear ticks inside a range too short for two round values', () => {
    const ticks = logTicks(0.82, 0.88);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.every((t) => t >= 0.82 && t <= 0.88)).toBe(true);
    expect(ticks).toContain(0.85);
  });

  it('keeps every tick inside the range, printed without float noise', () => {
    for (const [min, max] of [
      [0.3, 0.7],
      [0.0123, 0.456],
      [7, 70],
    ] as const) {
      const ticks = logTicks(min, max);
      expect(ticks.every((t) => t >= min && t <= max)).toBe(true);
      expect(ticks.every((t) => String(t).length <= 8)).toBe(true);
    }
  });
});
