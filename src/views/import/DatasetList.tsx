// Stored datasets: open one, or delete it after a confirm step.
import { useState } from 'react';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore.ts';
import { routeHref } from '../route.ts';
import { formatRange, formatStep } from '../../ui/formatScore.ts';
import { formatBytes, plural } from '../format.ts';

export function DatasetList() {
  const store = useAppStoreApi();
  const datasets = useAppStore((s) => s.datasets);
  const ready = useAppStore((s) => s.ready);
  const storage = useAppStore((s) => s.storage);
  const [confirming, setConfirming] = useState<string | null>(null);
  /** The dataset being deleted: seconds for a large one (every chunk goes in one transaction). */
  const [deleting, setDeleting] = useState<string | null>(null);
  const remove = (id: string) => {
    setDeleting(id);
    void store
      .getState()
      .deleteDataset(id)
      .finally(() => setDeleting((now) => (now === id ? null : now)));
  };

  return (
    <section className="rir-panel" aria-labelledby="datasets-heading">
      <h2 id="datasets-heading">Datasets</h2>
      {ready && datasets.length === 0 && <p className="rir-muted">No datasets yet: import a file or load the demo.</p>}
      <ul aria-labelledby="datasets-heading" className="rir-dataset-list">
        {datasets.map((d) => (
          <li key={d.id}>
            <div>
              <a href={routeHref({ screen: 'browse', datasetId: d.id })} aria-label={`Open ${d.name}`} className="rir-dataset-name">
                {d.name}
              </a>
              <div className="rir-muted">
                {plural(d.exampleCount, 'example')} · scale {formatRange(d.scale.min, d.scale.max)}
                {d.scale.step ? ` step ${formatStep(d.scale.step)}` : ''} · {plural(d.promptOrder.length, 'prompt version')} · {d.source} ·{' '}
                {new Date(d.createdAt).toLocaleString()}
                {d.rejectedCount > 0 && ` · ${plural(d.rejectedCount, 'line')} rejected`}
              </div>
            </div>
            {deleting === d.id ? (
              <span role="status" className="rir-muted">
                Deleting {d.name}…
              </span>
            ) : confirming === d.id ? (
              <span className="rir-confirm">
                <button type="button" className="rir-danger" onClick={() => remove(d.id)}>
                  Confirm delete {d.name}
                </button>
                <button type="button" onClick={() => setConfirming(null)}>
                  Keep
                </button>
              </span>
            ) : (
              <button type="button" onClick={() => setConfirming(d.id)}>
                Delete {d.name}
              </button>
            )}
          </li>
        ))}
      </ul>
      {storage && (
        <p className="rir-muted rir-storage">
          Browser storage: {formatBytes(storage.usageBytes)} used of {formatBytes(storage.quotaBytes)} available
          {storage.persisted ? ' · kept by the browser under storage pressure' : ' · may be cleared by the browser when space runs low'}
        </p>
      )}
    </section>
  );
}
