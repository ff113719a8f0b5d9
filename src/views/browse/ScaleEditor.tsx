// The dataset's scale, where it came from, and an inline editor (docs/ARCHITECTURE.md §3.4: an inferred scale
// can be edited). Validation is the domain's; the message names the field.
import { useState } from 'react';
import { readScale, RecordError } from '../../domain/schema.ts';
import type { DatasetInfo, Scale } from '../../domain/types.ts';
import { formatRange, formatStep } from '../../ui/formatScore.ts';

const SOURCE: Record<DatasetInfo['scaleSource'], string> = {
  header: 'from the file header',
  inferred: 'inferred from the data',
  user: 'set by hand',
};

export function ScaleEditor({ info, onScaleSaved }: { info: DatasetInfo; onScaleSaved: (scale: Scale) => void }) {
  const [draft, setDraft] = useState<{ min: string; max: string; step: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const s = info.scale;

  if (!draft) {
    return (
      <span className="rir-scale">
        scale {formatRange(s.min, s.max)}
        {s.step ? ` step ${formatStep(s.step)}` : ''} <span className="rir-muted">({SOURCE[info.scaleSource]})</span>{' '}
        <button
          type="button"
          className="rir-link-button"
          onClick={() => {
            setError(null);
            setDraft({ min: String(s.min), max: String(s.max), step: s.step ? String(s.step) : '' });
          }}
        >
          Edit scale
        </button>
      </span>
    );
  }

  const save = () => {
    try {
      const scale = readScale({ min: draft.min, max: draft.max, step: draft.step });
      onScaleSaved(scale);
      setDraft(null);
    } catch (e) {
      setError(e instanceof RecordError ? e.message : String(e));
    }
  };
  const field = (key: 'min' | 'max' | 'step', label: string) => (
    <label>
      {label}{' '}
      <input
        type="number"
        inputMode="decimal"
        step="any"
        aria-label={`Scale ${label}`}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}
      />
    </label>
  );
  return (
    <form
      className="rir-scale-form"
      aria-label="Edit scale"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {field('min', 'minimum')}
      {field('max', 'maximum')}
      {field('step', 'step')}
      <button type="submit">Save scale</button>
      <button type="button" onClick={() => setDraft(null)}>
        Cancel
      </button>
      {error && (
        <span role="alert" className="rir-error">
          {error}
        </span>
      )}
    </form>
  );
}
