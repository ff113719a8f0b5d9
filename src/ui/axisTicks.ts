// Tick positions for chart axes on a dataset scale. Pure; no React or DOM.
import type { Scale } from '../domain/types.ts';

const MAX_TICKS = 11;

/**
 * Tick values from `scale.min` to `scale.max`: every `scale.step` when that gives at most 11
 * ticks, otherwise the finest 1/2/5 × 10^k spacing that does. Values are rounded to 10 decimals
 * so float steps do not drift (0.1 · 3 → 0.3). A degenerate scale (max ≤ min) gives `[min]`.
 */
export function axisTicks(scale: Scale): number[] {
  const { min, max } = scale;
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return [min];
  let step = scale.step !== undefined && scale.step > 0 ? scale.step : 0;
  if (step === 0 || span / step > MAX_TICKS - 1 + 1e-9) {
    const mag = 10 ** Math.floor(Math.log10(span / (MAX_TICKS - 1)));
    step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= MAX_TICKS - 1 + 1e-9) ?? 10 * mag;
  }
  const first = Math.ceil(min / step - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k * step <= max + step * 1e-9; k++) ticks.push(Number((k * step).toFixed(10)));
  return ticks;
}
