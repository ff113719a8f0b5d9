// Metric values as text, the same on the Analyze screen and in the CLI's table. Pure.

/** Fixed `digits` decimals (default 3), "−0.000" shown as "0.000"; null is an en dash. */
export function formatMetric(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const s = v.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** A confidence interval as "[lo, hi]" with `digits` decimals; null is an en dash. */
export function formatInterval(ci: readonly [number, number] | null | undefined, digits = 3): string {
  return ci ? `[${formatMetric(ci[0], digits)}, ${formatMetric(ci[1], digits)}]` : '–';
}
