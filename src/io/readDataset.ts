// A whole dataset file read into memory the way the app imports it: format sniffed, tables
// grouped with the guessed (or a given) column mapping. For the CLI and node tools; the app
// streams through the import worker instead.
import type { Example } from '../domain/types.ts';
import type { ColumnMapping } from './columnMapping.ts';
import type { DatasetDraft } from './datasetBuilder.ts';
import { importBlob } from './importDataset.ts';
import { planFor, sniffBlob } from './sniff.ts';

export class DatasetReadError extends Error {}

/** Reads `blob` completely. Throws `DatasetReadError` when a table's columns cannot be mapped. */
export async function readDataset(
  blob: Blob,
  name: string,
  mapping?: ColumnMapping,
): Promise<{ draft: DatasetDraft; examples: Example[] }> {
  const sniff = await sniffBlob(blob, name);
  const { plan, problems } = planFor(sniff, mapping);
  if (problems.length > 0) {
    throw new DatasetReadError(`cannot map the columns of this ${sniff.format} file (${sniff.columns.join(', ')}): ${problems.join(' ')}`);
  }
  const examples: Example[] = [];
  const draft = await importBlob(blob, name, plan, { onExamples: (batch) => examples.push(...batch) });
  return { draft, examples };
}
