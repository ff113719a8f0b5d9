import { describe, expect, it } from 'vitest';
import { formatScore, formatStep } from './formatScore.ts';

describe('formatStep', () => {
  it('shows fine steps as they are and removes float noise', () => {
    expect(formatStep(0.0001)).toBe('0.0001');
    expect(formatStep(1e-5)).toBe('0.00001');
    expect(formatStep(0.1 + 0.2)).toBe('0.3');
    expect(formatStep(0.5)).toBe('0.5');
    expect(formatStep(2)).toBe('2');
    // formatScore rounds to 3 decimals, which is right for a score and wrong for a step.
    expect(formatScore(0.0001)).toBe('0');
  });
});
