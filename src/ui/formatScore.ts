// Number formatting for scores shown in the UI (chips, chart labels, aria text). Pure; no React.

/**
 * A score as short text: at most 3 decimals, trailing zeros dropped, float noise removed
 * (0.1 + 0.2 → "0.3"), negative zero shown as "0". A missing value (null/undefined) is an en dash;
 * non-finite values are shown as JavaScript does.
 */
export function formatScore(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (!Number.isFinite(v)) return String(v);
  const rounded = Number(v.toFixed(3));
  return String(rounded === 0 ? 0 : rounded);
}

/** The range of a scale as text: "1–5", or "−2 to 2" when a dash would read as a minus sign. */
export function formatRange(min: number, max: number): string {
  return min < 0 || max < 0 ? `${formatScore(min)} to ${formatScore(max)}` : `${formatScore(min)}–${formatScore(max)}`;
}

/** A scale's step as text: float noise removed (0.1 + 0.2 → "0.3"), never rounded to "0" (0.0001 stays). */
export function formatStep(step: number): string {
  return String(Number(step.toPrecision(12)));
}
