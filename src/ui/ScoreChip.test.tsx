// Colour direction, strength and tooltip of <ScoreChip> against a target, and the key <ScoreChipLegend> gives to them.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { ScoreChip, ScoreChipLegend } from './ScoreChip.tsx';

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

describe('ScoreChipLegend', () => {
  const legend = (sc: { min: number; max: number; step?: number }, target?: number) =>
    renderToStaticMarkup(<ScoreChipLegend scale={sc} target={target} />);
  /** The sample chips: their text, direction and background. */
  const samples = (html: string) =>
    [...html.matchAll(/<span class="rir-chip" data-direction="(\w+)" title="[^"]*"(?: style="([^"]*)")?>([^<]*)<\/span>/g)].map((m) => ({
      text: m[3]!,
      direction: m[1]!,
      style: m[2] ?? '',
    }));

  it('shows sample chips from far below to far above the target, coloured as real chips at those distances', () => {
    // 1–5, step 1: full tint from 0.5 × 4 = 2 away; half as far is 1.
    const html = legend(scale, 3);
    expect(samples(html)).toEqual([
      { text: '−2', direction: 'below', style: 'background-color:color-mix(in srgb, var(--rir-cool) 100%, var(--rir-chip-bg))' },
      { text: '−1', direction: 'below', style: 'background-color:color-mix(in srgb, var(--rir-cool) 50%, var(--rir-chip-bg))' },
      { text: '0', direction: 'near', style: '' },
      { text: '+1', direction: 'above', style: 'background-color:color-mix(in srgb, var(--rir-warm) 50%, var(--rir-chip-bg))' },
      { text: '+2', direction: 'above', style: 'background-color:color-mix(in srgb, var(--rir-warm) 100%, var(--rir-chip-bg))' },
    ]);
    // The same colours as real chips that far from the target.
    expect(chip(1, 3)).toContain('var(--rir-cool) 100%');
    expect(chip(4, 3)).toContain('var(--rir-warm) 50%');
  });

  it('explains the rule in words, with this scale’s numbers, under a caption', () => {
    const html = legend(scale, 3);
    expect(html).toContain('<figure class="rir-chip-legend"><figcaption>Score chip colours</figcaption>');
    expect(html).toContain('Blue: below the target 3; orange: above it; the deeper, the further off (full from 2 away).');
    expect(html).toContain('on target (within ±0.5)');
    // A continuous 0–1 scale: on target within 2.5% of the span, full tint from 0.5 away.
    const unit = legend({ min: 0, max: 1 }, 0.5);
    expect(unit).toContain('within ±0.025');
    expect(samples(unit).map((s) => s.text)).toEqual(['−0.5', '−0.25', '0', '+0.25', '+0.5']);
  });

  it('shows only distances a stepped scale can have (0/1 labels: −1, 0, +1)', () => {
    expect(samples(legend({ min: 0, max: 1, step: 1 }, 0)).map((s) => [s.text, s.direction])).toEqual([
      ['−1', 'below'],
      ['0', 'near'],
      ['+1', 'above'],
    ]);
  });

  it('says why the chips are grey when there is no target', () => {
    const html = legend(scale);
    expect(html).toContain('All grey: this example has no target to compare the scores with.');
    expect(samples(html)).toEqual([]);
  });
});
