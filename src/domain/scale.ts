// Inference of a dataset's scale from its targets and scores, when no header sets one (docs/ARCHITECTURE.md §3.4).
import type { Example, Scale } from './types.ts';

const STEPS = [1, 0.5, 0.25, 0.1] as const;

function isMultiple(v: number, step: number): boolean {
  const q = v / step;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

/** Streams values in; `scale()` gives the observed range and the coarsest step all values fit. */
export class ScaleAccumulator {
  private min = Infinity;
  private max = -Infinity;
  /** Index into STEPS of the coarsest step every value so far is a multiple of; STEPS.length = none. */
  private stepIndex = 0;

  add(v: number): void {
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    while (this.stepIndex < STEPS.length && !isMultiple(v, STEPS[this.stepIndex]!)) this.stepIndex++;
  }

  addExample(ex: Example): void {
    if (ex.target !== undefined) this.add(ex.target);
    for (const r of ex.rollouts) this.add(r.score);
  }

  /**
   * The inferred scale: observed min..max (a single value v gives v..v+1; no values gives 0..1),
   * with `step` when all values are multiples of 1, 0.5, 0.25 or 0.1.
   */
  scale(): Scale {
    if (this.min === Infinity) return { min: 0, max: 1 };
    const s: Scale = { min: this.min, max: this.max > this.min ? this.max : this.min + 1 };
    const step = STEPS[this.stepIndex];
    if (step !== undefined) s.step = step;
    return s;
  }
}
