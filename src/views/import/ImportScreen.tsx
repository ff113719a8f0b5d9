// Datasets screen: choose/drop a file or load the demo, follow progress, map columns, read the
// import summary, and switch between or delete stored datasets.
import { isImportRunning } from '../../store/importSlice.ts';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore.ts';
import { DatasetList } from './DatasetList.tsx';
import { ImportDropZone } from './ImportDropZone.tsx';
import { ImportProgressBar } from './ImportProgressBar.tsx';
import { ImportSummaryView } from './ImportSummaryView.tsx';
import { ColumnMapper } from './ColumnMapper.tsx';

export function ImportScreen() {
  const store = useAppStoreApi();
  const state = useAppStore((s) => s.importState);
  const busy = isImportRunning(state);

  return (
    <div className="rir-screen rir-datasets">
      <section className="rir-panel" aria-labelledby="import-heading">
        <h1 id="import-heading">Import a dataset</h1>
        <ImportDropZone disabled={busy} onFileChosen={(file) => void store.getState().chooseFile(file, file.name)} />
        <p className="rir-muted">
          Canonical JSONL (one example per line with its rollouts), or one row per rollout as CSV, TSV, JSONL or Parquet.{' '}
          <button type="button" className="rir-link-button" disabled={busy} onClick={() => void store.getState().loadDemo()}>
            Load demo dataset
          </button>
        </p>
        {busy && (
          <ImportProgressBar fileName={state.fileName ?? ''} progress={state.progress} onCancel={() => store.getState().cancelImport()} />
        )}
        {state.phase === 'mapping' && state.sniff && (
          <ColumnMapper
            fileName={state.fileName ?? ''}
            sniff={state.sniff}
            onConfirm={(mapping) => void store.getState().confirmMapping(mapping)}
            onCancel={() => store.getState().cancelImport()}
          />
        )}
        {state.phase === 'done' && state.summary && <ImportSummaryView summary={state.summary} />}
        {state.phase === 'failed' && (
          <p role="alert" className="rir-error">
            Could not import {state.fileName}: {state.error}
          </p>
        )}
        {state.phase === 'cancelled' && <p role="status">Import of {state.fileName} cancelled; nothing was stored.</p>}
      </section>
      <DatasetList />
    </div>
  );
}
