// Pointer input of a label: one button per value for small stepped scales (1–5, 0–10), a slider
// with a Save button otherwise. Keyboard users type the value instead.
import { useState } from 'react';
import type { Scale } from '../../domain/types.ts';
import { formatScore } from '../../ui/formatScore.ts';

/** Scales with at most this many values get one button each. */
const MAX_BUTTONS = 21;

export function LabelButtons({ scale, value, onChoose }: { scale: Scale; value: number | null; onChoose: (v: number) => void }) {
  const { min, max, step } = scale;
  const count = step ? Math.round((max - min) / step) + 1 : Infinity;
  const [slider, setSlider] = useState(value ?? (min + max) / 2);
  if (step && count <= MAX_BUTTONS) {
    const values = Array.from({ length: count }, (_, k) => Number((min + k * step).toFixed(10)));
    return (
      <div className="rir-label-buttons" role="group" aria-label="Label values">
        {values.map((v) => (
          <button key={v} type="button" aria-pressed={value === v} aria-label={`Label ${formatScore(v)}`} onClick={() => onChoose(v)}>
            {formatScore(v)}
          </button>
        ))}
      </div>
    );
  }
  return (
    <div className="rir-label-slider">
      <input
        type="range"
        aria-label="Label slider"
        min={min}
        max={max}
        step={step ?? (max - min) / 100}
        value={slider}
        onChange={(e) => setSlider(Number(e.currentTarget.value))}
      />
      <output>{formatScore(slider)}</output>
      <button type="button" onClick={() => onChoose(slider)}>
        Save {formatScore(slider)}
      </button>
    </div>
  );
}
