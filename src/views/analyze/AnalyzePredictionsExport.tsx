// The Analyze screen's predictions export (issue 11): every example's id, split, target and the
// prediction of every predictor, as JSONL or CSV. The text comes from io/predictionsExport.ts;
// this view only builds the Blob (in slices, so a large dataset does not freeze the page) and
// downloads it in the page: nothing is sent anywhere.
import { useState } from 'react';
import type { PredictionTable } from '../../domain/analysis.ts';
import { predictionsExport, predictionsExportProblem, predictionsFileName, PREDICTIONS_MIME } from '../../io/predictionsExport.ts';
import { downloadFile } from '../download.ts';

export interface AnalyzePredictionsExportProps {
  /** The analysis worker's table; null while it is being computed. */
  table: PredictionTable | null;
  /** The examples the analysis ran on, in its order (the store's `examples`). */
  examples: readonly { id: string }[];
  /** Prompt version names in the table's order (the dataset's `promptOrder`). */
  prompts: readonly string[];
  datasetName: string;
}

type Format = 'jsonl' | 'csv';

/** Longest stretch of main-thread work between two paints while the file is built. */
const SLICE_MS = 50;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const ABOUT =
  'Every example of the dataset, whatever split Analyze shows: one row each with its id, split, target (empty when none) ' +
  'and the prediction of every predictor of every prompt version';

export function AnalyzePredictionsExport({ table, examples, prompts, datasetName }: AnalyzePredictionsExportProps) {
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Only the counts are checked while rendering; the ids are read when a button is pressed.
  const reason =
    table === null ? 'The predictions are still being computed.' : predictionsExportProblem(table, examples.length, prompts.length);

  async function exportAs(format: Format, t: PredictionTable) {
    setBusy(format);
    setError(null);
    try {
      const ids = examples.map((ex) => ex.id);
      const parts: string[] = [];
      let sliceStart = performance.now();
      for (const chunk of predictionsExport(format, { table: t, ids, prompts })) {
        parts.push(chunk);
        if (performance.now() - sliceStart > SLICE_MS) {
          await nextTask();
          sliceStart = performance.now();
        }
      }
      downloadFile(parts, predictionsFileName(datasetName, format), PREDICTIONS_MIME[format]);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  const button = (format: Format, text: string) => (
    <button
      type="button"
      disabled={reason !== null || busy !== null}
      title={reason ?? `${ABOUT} (${format.toUpperCase()}).`}
      onClick={() => table && void exportAs(format, table)}
    >
      {text}
    </button>
  );

  return (
    <div className="rir-actions rir-analyze-export" role="group" aria-label="Export predictions">
      {button('jsonl', 'Export predictions (JSONL)')}
      {button('csv', 'Export predictions (CSV)')}
      <span role="status" className="rir-muted">
        {busy !== null ? `Preparing the ${busy.toUpperCase()} file…` : reason !== null && table !== null ? reason : ''}
      </span>
      {error !== null && (
        <p role="alert" className="rir-error">
          The export failed: {error}
        </p>
      )}
    </div>
  );
}
