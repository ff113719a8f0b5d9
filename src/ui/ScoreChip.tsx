// Chip showing one rollout score, tinted on a diverging scale by its distance from the target (docs/ARCHITECTURE.md §11.1). Props only; no store.
import { memo } from 'react';
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

/**
 * Direction and tint strength (0–100, in steps of 10) of a score against a target. Scores within
 * half a scale step (2.5% of the span when the scale has no step) count as on target.
 */
function tint(score: number, scale: Scale, target: number | undefined): { direction: string; strength: number } {
  if (target === undefined || !Number.isFinite(target)) return { direction: 'none', strength: 0 };
  const span = scale.max > scale.min ? scale.max - scale.min : 1;
  const diff = score - target;
  const tolerance = scale.step !== undefined && scale.step > 0 ? scale.step / 2 : span * 0.025;
  if (Math.abs(diff) <= tolerance + 1e-9) return { direction: 'near', strength: 0 };
  const share = Math.min(1, Math.abs(diff) / span / FULL_TINT_SHARE);
  return { direction: diff > 0 ? 'above' : 'below', strength: Math.max(10, Math.round(share * 10) * 10) };
}

export const ScoreChip = memo(function ScoreChip({ score, scale, target, label }: ScoreChipProps) {
  const { direction, strength } = tint(score, scale, target);
  const diff = target === undefined ? undefined : score - target;
  const title =
    `${label ? `${label} rollout score` : 'Rollout score'} ${formatScore(score)}` +
    (diff === undefined
      ? ' (no target)'
      : ` · target ${formatScore(target ?? 0)} (${diff > 0 ? '+' : diff < 0 ? '−' : '±'}${formatScore(Math.abs(diff))})`);
  const pole = direction === 'above' ? 'var(--rir-warm)' : 'var(--rir-cool)';
  return (
    <span
      className="rir-chip"
      data-direction={direction}
      title={title}
      style={strength > 0 ? { backgroundColor: `color-mix(in srgb, ${pole} ${strength}%, var(--rir-chip-bg))` } : undefined}
    >
      {formatScore(score)}
    </span>
  );
});
