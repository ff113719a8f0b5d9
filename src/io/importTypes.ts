// Types only: the vocabulary of an import that crosses modules and the worker boundary — the format, the plan
// (format + column mapping) that sniff.ts proposes and importDataset.ts carries out, and the progress it reports.
// Its own module so that sniff.ts, which importDataset.ts calls, need not import importDataset.ts back (no import
// cycle, not even a type-only one); it depends on nothing but the column mapping's type.
import type { ColumnMapping } from './columnMapping.ts';

/**
 * `canonical`: one example per line with a `rollouts` array (docs/ARCHITECTURE.md §3.1).
 * `rows-jsonl`, `csv`, `tsv`: one row per rollout, grouped by a column mapping.
 */
export type ImportFormat = 'canonical' | 'rows-jsonl' | 'csv' | 'tsv' | 'parquet';

export interface ImportPlan {
  format: ImportFormat;
  /** Required for table formats. */
  mapping?: ColumnMapping;
  delimiter?: ',' | '\t' | ';';
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  examples: number;
  rejected: number;
}
