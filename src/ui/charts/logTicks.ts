// Tick values for a logarithmic axis (the Train screen's loss). Pure; no React or DOM.
import { axisTicks } from '../axisTicks.ts';

const MAX_TICKS = 11;
/** Mantissas per decade, finest first: the first set that gives at most MAX_TICKS ticks is used. */
const MANTISSAS = [[1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 5], [1]] as const;

/**
 * Ticks m · 10^k inside [min, max] (0 < min < max) for the finest mantissa set of 1…9, 1/2/5 or 1
 * that gives at most 11 of them; when even that leaves fewer than two (a range inside one step, e.g.
 * 0.82–0.88) the linear ticks of `axisTicks`, which on so short a range are evenly spread on a log
 * axis too. Values are rounded to 12 significant digits so 3 · 0.1 prints as 0.3.
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > min) || !Number.isFinite(max)) return axisTicks({ min, max });
  const k0 = Math.floor(Math.log10(min));
  const k1 = Math.ceil(Math.log10(max));
  for (const set of MANTISSAS) {
    const ticks: number[] = [];
    for (let k = k0; k <= k1; k++) {
      for (const m of set) {
        const v = Number((m * 10 ** k).toPrecision(12));
        if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) ticks.push(v);
      }
    }
    if (ticks.length <= MAX_TICKS) return ticks.length >= 2 ? ticks : axisTicks({ min, max });
  }
  // Many decades: every decade would still be too many, so every n-th.
  const every = Math.ceil((k1 - k0 + 1) / MAX_TICKS);
  const ticks: number[] = [];
  for (let k = k0; k <= k1; k += every) {
    const v = Number((10 ** k).toPrecision(12));
    if (v >= min && v <= max) ticks.push(v);
  }
  return ticks;
}
