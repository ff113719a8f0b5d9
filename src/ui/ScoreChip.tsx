// Chip showing one rollout score, tinted on a diverging scale by its distance from the target (docs/ARCHITECTURE.md §11.1), and the key to those colours. Props only; no store.
import { memo, type CSSProperties } from 'react';
import type { Scale } from '../domain/types.ts';
import { formatScore } from './formatScore.ts';
import './ui.css';

export interface ScoreChipProps {
  score: number;
  scale: Scale;
  /** Target of the example; without one the chip is neutral. */
  target?: number;
  /** Context for the tooltip, e.g. the prompt version. */
  label?: string;
}

/** A deviation of this share of the scale's span or more gets the full warm/cool colour. */
const FULL_TINT_SHARE = 0.5;

const scaleSpan = (scale: Scale) => (scale.max > scale.min ? scale.max - scale.min : 1);

/** Largest distance from the target that still counts as on target: half a step, or 2.5% of the span without a step. */
function onTargetTolerance(scale: Scale): number {
  return scale.step !== undefined && scale.step > 0 ? scale.step / 2 : scaleSpan(scale) * 0.025;
}

type Direction = 'none' | 'near' | 'above' | 'below';

/**
 * Direction and tint strength (0–100, in steps of 10) of a score `diff` away from the target.
 * Distances within onTargetTolerance count as on target.
 */
function tint(diff: number | undefined, scale: Scale): { direction: Direction; strength: number } {
  if (diff === undefined || !Number.isFinite(diff)) return { direction: 'none', strength: 0 };
  if (Math.abs(diff) <= onTargetTolerance(scale) + 1e-9) return { direction: 'near', strength: 0 };
  const share = Math.min(1, Math.abs(diff) / scaleSpan(scale) / FULL_TINT_SHARE);
  return { direction: diff > 0 ? 'above' : 'below', strength: Math.max(10, Math.round(share * 10) * 10) };
}

/** Inline style giving a chip its tint (none for a neutral chip). */
function tintStyle(direction: Direction, strength: number): CSSProperties | undefined {
  if (strength <= 0) return undefined;
  const pole = direction === 'above' ? 'var(--rir-warm)' : 'var(--rir-cool)';
  return { backgroundColor: `color-mix(in srgb, ${pole} ${strength}%, var(--rir-chip-bg))` };
}

const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : '±'}${formatScore(Math.abs(v))}`;

export const ScoreChip = memo(function ScoreChip({ score, scale, target, label }: ScoreChipProps) {
  const hasTarget = target !== undefined && Number.isFinite(target);
  const { direction, strength } = tint(hasTarget ? score - target : undefined, scale);
  const title =
    `${label ? `${label} rollout score` : 'Rollout score'} ${formatScore(score)}` +
    (hasTarget ? ` · target ${formatScore(target)} (${signed(score - target)})` : ' (no target)');
  return (
    <span className="rir-chip" data-direction={direction} title={title} style={tintStyle(direction, strength)}>
      {formatScore(score)}
    </span>
  );
});

export interface ScoreChipLegendProps {
  scale: Scale;
  /** Target the chips beside it are tinted against; without one they are all neutral. */
  target?: number;
}

/**
 * Distances from the target shown as sample chips: the nearest one with full tint, one about half
 * as far, and 0; whole steps on a stepped scale (so a 0/1 scale shows just −1, 0, +1).
 */
function legendSamples(scale: Scale): number[] {
  const span = scaleSpan(scale);
  const full = span * FULL_TINT_SHARE;
  const step = scale.step !== undefined && scale.step > 0 ? scale.step : undefined;
  const snap = (v: number) => (step === undefined ? v : Number((Math.round(v / step) * step).toFixed(10)));
  const far = step === undefined ? full : Number((Math.ceil(full / step - 1e-9) * step).toFixed(10));
  const tolerance = onTargetTolerance(scale);
  const away = [...new Set([snap(full / 2), far])].filter((v) => v > tolerance + 1e-9 && v <= span + 1e-9).sort((a, b) => a - b);
  return [...away.map((v) => -v).reverse(), 0, ...away];
}

/**
 * Key to the chip colours: sample chips at distances from the target, each tinted by the same
 * rule as a real chip, and the rule in words. Without a target it says why the chips are grey.
 */
export const ScoreChipLegend = memo(function ScoreChipLegend({ scale, target }: ScoreChipLegendProps) {
  if (target === undefined || !Number.isFinite(target)) {
    return (
      <figure className="rir-chip-legend">
        <figcaption>Score chip colours</figcaption>
        <p className="rir-chip-legend-text">All grey: this example has no target to compare the scores with.</p>
      </figure>
    );
  }
  const full = scaleSpan(scale) * FULL_TINT_SHARE;
  const what: Record<Direction, string> = { below: 'below the target', near: 'on target', above: 'above the target', none: '' };
  return (
    <figure className="rir-chip-legend">
      <figcaption>Score chip colours</figcaption>
      <div className="rir-chip-legend-samples" aria-hidden="true">
        {legendSamples(scale).map((d) => {
          const { direction, strength } = tint(d, scale);
          return (
            <span
              key={d}
              className="rir-chip"
              data-direction={direction}
              title={`A score ${signed(d)} from the target: ${what[direction]}`}
              style={tintStyle(direction, strength)}
            >
              {d === 0 ? '0' : signed(d)}
            </span>
          );
        })}
        <span className="rir-muted">score − target</span>
      </div>
      <p className="rir-chip-legend-text">
        Blue: below the target {formatScore(target)}; orange: above it; the deeper, the further off (full from {formatScore(full)} away).
        Outlined, no colour: on target (within ±{formatScore(onTargetTolerance(scale))}).
      </p>
    </figure>
  );
});
