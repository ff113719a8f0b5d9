// Column-mapping step for table files: guessed mapping, editable per field, with a preview.
import { useState } from 'react';
import { MAPPABLE_FIELDS, mappingProblems, type ColumnMapping, type MappableField } from '../../io/columnMapping.ts';
import type { SniffResult } from '../../io/sniff.ts';

const FIELD_HELP: Record<MappableField, string> = {
  id: 'example id (required; rows with the same id form one example)',
  input: 'text shown to the judge',
  target: 'ground-truth score',
  split: 'train / val / test (hashed from the id when absent)',
  prompt: 'prompt version of the rollout',
  score: 'the rollout score',
  reasoning: 'the rollout reasoning',
  model: 'judge model',
};

export function ColumnMapper({
  fileName,
  sniff,
  onConfirm,
  onCancel,
}: {
  fileName: string;
  sniff: SniffResult;
  onConfirm: (m: ColumnMapping) => void;
  onCancel: () => void;
}) {
  const [mapping, setMapping] = useState<ColumnMapping>(sniff.mapping);
  const problems = mappingProblems(mapping, sniff.columns);
  return (
    <form
      aria-label="Column mapping"
      className="rir-mapper"
      onSubmit={(e) => {
        e.preventDefault();
        if (problems.length === 0) onConfirm(mapping);
      }}
    >
      <h2>Column mapping</h2>
      <p className="rir-muted">
        {fileName} has one row per rollout ({sniff.format}). Choose which column holds each field; the guess is pre-filled.
      </p>
      <div className="rir-mapper-grid">
        {MAPPABLE_FIELDS.map((field) => (
          <label key={field}>
            <span className="rir-mapper-field">{field}</span>
            <select
              aria-label={field}
              value={mapping[field] ?? ''}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setMapping((m) => {
                  const next = { ...m };
                  if (v) next[field] = v;
                  else delete next[field];
                  return next;
                });
              }}
            >
              <option value="">(none)</option>
              {sniff.columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            <span className="rir-muted">{FIELD_HELP[field]}</span>
          </label>
        ))}
      </div>
      {sniff.sample.length > 0 && (
        <div className="rir-table-scroll">
          <table className="rir-preview" aria-label="First rows">
            <thead>
              <tr>
                {sniff.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sniff.sample.map((row, i) => (
                <tr key={i}>
                  {sniff.columns.map((c) => (
                    <td key={c}>{(row[c] ?? '').slice(0, 80)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {problems.length > 0 && (
        <ul className="rir-error" aria-label="Mapping problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {!mapping.score && <p className="rir-muted">No score column: examples are imported without rollouts (label-only data).</p>}
      <div className="rir-actions">
        <button type="submit" disabled={problems.length > 0}>
          Import with this mapping
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
