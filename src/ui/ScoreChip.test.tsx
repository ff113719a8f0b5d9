// Colour direction, strength and tooltip of <ScoreChip> against a target.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { ScoreChip } from './ScoreChip.tsx';

const scale = { min: 1, max: 5, step: 1 };
const chip = (score: number, target?: number, label?: string) =>
  renderToStaticMarkup(<ScoreChip score={score} scale={scale} target={target} label={label} />);

describe('ScoreChip', () => {
  it('is neutral on target and without a target', () => {
    expect(chip(3, 3)).toContain('data-direction="near"');
    expect(chip(3, 3)).not.toContain('color-mix');
    expect(chip(3)).toContain('data-direction="none"');
    expect(chip(3)).toContain('title="Rollout score 3 (no target)"');
  });

  it('counts half a step either side as on target', () => {
    expect(chip(3.5, 3)).toContain('data-direction="near"');
  });

  it('is warm above and cool below, stronger the further away', () => {
    // span 4: |5 − 1| = 4 → share 1/0.5 capped at 1 → 100%; |2 − 3| = 1 → 0.25/0.5 → 50%.
    const far = chip(5, 1);
    expect(far).toContain('data-direction="above"');
    expect(far).toContain('var(--rir-warm) 100%');
    const close = chip(2, 3);
    expect(close).toContain('data-direction="below"');
    expect(close).toContain('var(--rir-cool) 50%');
  });

  it('shows score, label and signed distance in its tooltip', () => {
    expect(chip(2, 3, 'v2')).toContain('title="v2 rollout score 2 · target 3 (−1)"');
    expect(chip(4.5, 3)).toContain('(+1.5)');
    expect(chip(4.5, 3)).toContain('>4.5</span>');
  });
});
