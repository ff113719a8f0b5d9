// The Train screen's settings: prompt version, feature set, folds and backend up front, the grid
// and the stopping rule under "Grid and stopping". Defaults train with one click; a list that does
// not parse names its field and disables Train.
import { useState } from 'react';
import type { BackendChoice } from '../../workers/ortWeb.ts';
import { INT_LIMITS, LIST_RULES, parseList, type FeatureSetChoice } from '../../calibrator/settings.ts';
import type { TrainScreenSettings as TrainSettings } from '../../store/trainSlice.ts';

type ListField = keyof typeof LIST_RULES;
type NumberField = 'maxEpochs' | 'patience' | 'seeds';

const LISTS: { field: ListField; label: string }[] = [
  { field: 'hidden', label: 'Hidden units' },
  { field: 'weightDecay', label: 'Weight decay' },
  { field: 'lr', label: 'Learning rate' },
];

const NUMBERS: { field: NumberField; label: string }[] = [
  { field: 'maxEpochs', label: 'Max epochs' },
  { field: 'patience', label: 'Patience (epochs)' },
  { field: 'seeds', label: 'Seeds per fold' },
];

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
  const [errors, setErrors] = useState<Partial<Record<ListField | NumberField | 'lossCcc' | 'lossNmse', string>>>({});
  const configs = settings.hidden.length * settings.weightDecay.length * settings.lr.length;
  const models = configs * settings.folds * settings.seeds;
  const invalid = Object.values(errors).some(Boolean);

  const setList = (field: ListField, label: string, text: string) => {
    setTexts((t) => ({ ...t, [field]: text }));
    const parsed = parseList(text, LIST_RULES[field]);
    if (typeof parsed === 'string') setErrors((e) => ({ ...e, [field]: `${label}: ${parsed}` }));
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
        <label title="Also try a ridge regression on the reasoning's hashed word n-grams beside the scores, where the prompt version has reasoning">
          <input type="checkbox" checked={settings.text} onChange={(e) => onChange({ text: e.currentTarget.checked })} /> Read the reasoning
        </label>
        <label title="Also try a ridge on the scores every prompt version gave each example. Deploying it means running all those versions on every new example.">
          <input type="checkbox" checked={settings.multiVersion} onChange={(e) => onChange({ multiVersion: e.currentTarget.checked })} />{' '}
          Read every version's scores
        </label>
        <button type="submit" className="rir-primary" disabled={busy || invalid}>
          Train
        </button>
      </div>
      <details>
        <summary>Operating point</summary>
        <p className="rir-muted">
          Every candidate (the baselines, the MLP, the ridge on the reasoning, the MLP stacked on it, and, when asked for, the ridge on
          every version's scores) is cross-validated on the same folds; the one with the lowest out-of-fold loss a·(1 − CCC) + b·NMSE is
          kept. Weight CCC to favour agreement, NMSE to favour small errors.
        </p>
        <div className="rir-filters">
          {(
            [
              ['lossCcc', 'a (weight of 1 − CCC)'],
              ['lossNmse', 'b (weight of NMSE)'],
            ] as const
          ).map(([field, label]) => (
            <label key={field}>
              {label}{' '}
              <input
                type="number"
                min={0}
                max={1000}
                step="any"
                defaultValue={settings[field]}
                aria-invalid={errors[field] ? true : undefined}
                onChange={(e) => {
                  const v = Number(e.currentTarget.value);
                  const other = field === 'lossCcc' ? settings.lossNmse : settings.lossCcc;
                  const bad = e.currentTarget.value.trim() === '' || !(v >= 0 && v <= 1000) || v + other === 0;
                  setErrors((er) => ({ ...er, [field]: bad ? `${label}: a number from 0 to 1000, not both 0` : undefined }));
                  if (!bad) onChange({ [field]: v });
                }}
              />
            </label>
          ))}
        </div>
      </details>
      <details>
        <summary>Grid and stopping</summary>
        <div className="rir-filters">
          {LISTS.map(({ field, label }) => (
            <label key={field}>
              {label}{' '}
              <input
                type="text"
                value={texts[field]}
                aria-invalid={errors[field] ? true : undefined}
                onChange={(e) => setList(field, label, e.currentTarget.value)}
              />
            </label>
          ))}
          {NUMBERS.map(({ field, label }) => {
            const [min, max] = INT_LIMITS[field];
            return (
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
            );
          })}
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
