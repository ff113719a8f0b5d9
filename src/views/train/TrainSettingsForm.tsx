// The Train screen's settings: prompt version, feature set, folds and backend up front, the grid
// and the stopping rule under "Grid and stopping". Defaults train with one click; a list that does
// not parse names its field and disables Train.
import { useState } from 'react';
import type { BackendChoice } from '../../workers/ortWeb.ts';
import type { FeatureSetChoice } from '../../calibrator/settings.ts';
import type { TrainScreenSettings as TrainSettings } from '../../store/trainSlice.ts';

type ListField = 'hidden' | 'weightDecay' | 'lr';
type NumberField = 'maxEpochs' | 'patience' | 'seeds';

const LISTS: { field: ListField; label: string; check: (v: number) => boolean; rule: string }[] = [
  { field: 'hidden', label: 'Hidden units', check: (v) => Number.isInteger(v) && v >= 1 && v <= 256, rule: 'whole numbers from 1 to 256' },
  { field: 'weightDecay', label: 'Weight decay', check: (v) => v >= 0 && v <= 100, rule: 'numbers from 0 to 100' },
  { field: 'lr', label: 'Learning rate', check: (v) => v > 0 && v <= 1, rule: 'numbers above 0, at most 1' },
];

const NUMBERS: { field: NumberField; label: string; min: number; max: number }[] = [
  { field: 'maxEpochs', label: 'Max epochs', min: 10, max: 100_000 },
  { field: 'patience', label: 'Patience (epochs)', min: 10, max: 100_000 },
  { field: 'seeds', label: 'Seeds per fold', min: 1, max: 10 },
];

/** Parses "4, 8, 16": the values, or an error naming the field. */
export function parseList(text: string, label: string, check: (v: number) => boolean, rule: string): number[] | string {
  const parts = text
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return `${label}: give at least one value`;
  const values: number[] = [];
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isFinite(v) || !check(v)) return `${label}: “${p}” is not allowed (${rule})`;
    if (!values.includes(v)) values.push(v);
  }
  return values;
}

export interface TrainSettingsFormProps {
  settings: TrainSettings;
  prompts: readonly string[];
  busy: boolean;
  onChange: (patch: Partial<TrainSettings>) => void;
  onTrain: () => void;
}

export function TrainSettingsForm({ settings, prompts, busy, onChange, onTrain }: TrainSettingsFormProps) {
  const [texts, setTexts] = useState<Record<ListField, string>>({
    hidden: settings.hidden.join(', '),
    weightDecay: settings.weightDecay.join(', '),
    lr: settings.lr.join(', '),
  });
  const [errors, setErrors] = useState<Partial<Record<ListField | NumberField, string>>>({});
  const configs = settings.hidden.length * settings.weightDecay.length * settings.lr.length;
  const models = configs * settings.folds * settings.seeds;
  const invalid = Object.values(errors).some(Boolean);

  const setList = (field: ListField, label: string, check: (v: number) => boolean, rule: string, text: string) => {
    setTexts((t) => ({ ...t, [field]: text }));
    const parsed = parseList(text, label, check, rule);
    if (typeof parsed === 'string') setErrors((e) => ({ ...e, [field]: parsed }));
    else {
      setErrors((e) => ({ ...e, [field]: undefined }));
      onChange({ [field]: parsed });
    }
  };

  return (
    <form
      className="rir-panel rir-train-form"
      aria-label="Training settings"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy && !invalid) onTrain();
      }}
    >
      <div className="rir-filters">
        <label>
          Prompt version{' '}
          <select value={settings.prompt ?? prompts[0] ?? ''} onChange={(e) => onChange({ prompt: e.currentTarget.value })}>
            {prompts.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          Features{' '}
          <select value={settings.featureSet} onChange={(e) => onChange({ featureSet: e.currentTarget.value as FeatureSetChoice })}>
            <option value="auto">Auto (sorted K when K ≤ 8, else compact)</option>
            <option value="sorted">Sorted K + mean, sd, min, max</option>
            <option value="compact">Compact: quantiles + mean, sd, min, max</option>
          </select>
        </label>
        <label>
          Folds{' '}
          <select value={settings.folds} onChange={(e) => onChange({ folds: Number(e.currentTarget.value) })}>
            {[2, 3, 5, 10].map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          Backend{' '}
          <select value={settings.backend} onChange={(e) => onChange({ backend: e.currentTarget.value as BackendChoice })}>
            <option value="auto">Auto (WebGPU if a GPU is faster)</option>
            <option value="wasm">WASM</option>
            <option value="webgpu">WebGPU</option>
          </select>
        </label>
        <button type="submit" className="rir-primary" disabled={busy || invalid}>
          Train
        </button>
      </div>
      <details>
        <summary>Grid and stopping</summary>
        <div className="rir-filters">
          {LISTS.map(({ field, label, check, rule }) => (
            <label key={field}>
              {label}{' '}
              <input
                type="text"
                value={texts[field]}
                aria-invalid={errors[field] ? true : undefined}
                onChange={(e) => setList(field, label, check, rule, e.currentTarget.value)}
              />
            </label>
          ))}
          {NUMBERS.map(({ field, label, min, max }) => (
            <label key={field}>
              {label}{' '}
              <input
                type="number"
                min={min}
                max={max}
                defaultValue={settings[field]}
                aria-invalid={errors[field] ? true : undefined}
                onChange={(e) => {
                  const v = Number(e.currentTarget.value);
                  const ok = Number.isInteger(v) && v >= min && v <= max;
                  setErrors((er) => ({ ...er, [field]: ok ? undefined : `${label}: a whole number from ${min} to ${max}` }));
                  if (ok) onChange({ [field]: v });
                }}
              />
            </label>
          ))}
        </div>
      </details>
      {invalid ? (
        <p role="alert" className="rir-error">
          {Object.values(errors).filter(Boolean).join(' · ')}
        </p>
      ) : (
        <p className="rir-muted">
          {configs} {configs === 1 ? 'configuration' : 'configurations'} × {settings.folds} folds × {settings.seeds}{' '}
          {settings.seeds === 1 ? 'seed' : 'seeds'} = {models} models, trained together in one batch.
        </p>
      )}
    </form>
  );
}
