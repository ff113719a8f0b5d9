// Calibrators applied from files, on the Analyze screen: a button that opens the file chooser
// (calibrator.onnx, optionally with its calibrator.json), why a file was refused, and each applied
// calibrator with what its manifest says (prompt version, the dataset it was trained on and that
// dataset's content hash, its test CCC at export), the examples it could not predict, and Remove.
// Applying is the store's (the training worker runs the file); this view only shows it.
import { useRef } from 'react';
import type { CalibratorManifest } from '../../calibrator/manifest.ts';
import { formatMetric } from '../../domain/metrics/formatMetric.ts';
import type { AppliedCalibration } from '../../store/appliedSlice.ts';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore.ts';
import { formatBytes, plural } from '../format.ts';

/** The calibrator's test-split CCC as its manifest records it; a file's metrics are not checked on reading, so anything else is null. */
function exportedTestCcc(m: CalibratorManifest): number | null {
  const ccc: unknown = m.metrics?.test?.predictors?.calibrator?.ccc;
  return typeof ccc === 'number' && Number.isFinite(ccc) ? ccc : null;
}

function unpredicted(a: AppliedCalibration): string {
  const missing = a.tooFew + a.none;
  if (missing === 0) return 'predicts every example';
  const why = [
    a.tooFew > 0 && `${a.tooFew} with fewer than the ${a.manifest.features.min_scores} rollout scores it needs`,
    a.none > 0 && `${a.none} without any rollout of ${a.prompt}`,
  ].filter(Boolean);
  return `no prediction for ${plural(missing, 'example')} (${why.join(', ')})`;
}

function AppliedItem({ a, onRemove }: { a: AppliedCalibration; onRemove: () => void }) {
  const m = a.manifest;
  const examples = typeof m.dataset.examples === 'number' ? `, ${plural(m.dataset.examples, 'example')}` : '';
  return (
    <li>
      <div>
        <strong>{a.name}</strong>{' '}
        <span className="rir-muted">
          · reads {a.prompt} · trained on “{m.dataset.name}” (content hash <code>{m.dataset.content_hash}</code>
          {examples}) · test CCC at export {formatMetric(exportedTestCcc(m))} · {unpredicted(a)} · {formatBytes(a.size)}
        </span>
      </div>
      <button type="button" onClick={onRemove} aria-label={`Remove ${a.name}`}>
        Remove
      </button>
    </li>
  );
}

export function AppliedCalibrators() {
  const store = useAppStoreApi();
  const applied = useAppStore((s) => s.applied);
  const state = useAppStore((s) => s.applyState);
  const chooser = useRef<HTMLInputElement>(null);
  return (
    <section aria-label="Calibrators from files" className="rir-panel rir-applied">
      <div className="rir-applied-head">
        <h2>Calibrators from files</h2>
        <button type="button" onClick={() => chooser.current?.click()} disabled={state.applying !== null}>
          Apply a calibrator…
        </button>
        <input
          ref={chooser}
          type="file"
          hidden
          multiple
          accept=".onnx,.json"
          aria-label="Calibrator files"
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            // Cleared, so choosing the same file again (after fixing it) applies it again.
            e.currentTarget.value = '';
            if (files.length > 0) void store.getState().applyCalibratorFiles(files);
          }}
        />
        <span className="rir-muted">
          a calibrator.onnx downloaded from the Train screen (of any dataset with the same prompt version and scale), optionally with its
          calibrator.json; each becomes a predictor named after it
        </span>
      </div>
      {state.applying !== null && <p role="status">Applying {state.applying}…</p>}
      {state.error !== null && (
        <p role="alert" className="rir-error">
          {state.error}{' '}
          <button type="button" onClick={() => store.getState().dismissApplyError()}>
            Dismiss
          </button>
        </p>
      )}
      {applied.length > 0 && (
        <ul aria-label="Applied calibrators">
          {applied.map((a) => (
            <AppliedItem key={a.name} a={a} onRemove={() => void store.getState().removeApplied(a.name)} />
          ))}
        </ul>
      )}
    </section>
  );
}
