// Line handler for canonical JSONL (docs/ARCHITECTURE.md §3.1): optional `rir_dataset` header on the first
// line, then one example object per line. Rejections carry the line number and field.
import { isHeaderRecord, readExample, readHeader, RecordError, type FieldWarning } from '../domain/schema.ts';
import type { DatasetBuilder } from './datasetBuilder.ts';

/** Message for a line that is not JSON, with V8's position detail kept but bounded. */
export function invalidJsonMessage(e: unknown): string {
  const detail = e instanceof Error ? e.message : String(e);
  return `invalid JSON: ${detail.length > 160 ? detail.slice(0, 160) + '…' : detail}`;
}

export function isBlank(line: string): boolean {
  return line.length === 0 || line.trim().length === 0;
}

/** Feeds canonical JSONL lines into a DatasetBuilder. */
export class CanonicalJsonlReader {
  private saw: boolean;

  /** `afterFirstRecord`: the lines fed continue a file whose first record was already read (a chunk of it), so a header is not first. */
  constructor(
    private readonly builder: DatasetBuilder,
    afterFirstRecord = false,
  ) {
    this.saw = afterFirstRecord;
  }

  /** Whether a non-blank line was read (or the file's first record came before). */
  get sawRecord(): boolean {
    return this.saw;
  }

  line(text: string, lineNo: number): void {
    if (isBlank(text)) return;
    const first = !this.saw;
    this.saw = true;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      this.builder.reject({ line: lineNo, message: invalidJsonMessage(e) });
      return;
    }
    try {
      if (isHeaderRecord(obj)) {
        if (!first) throw new RecordError('the rir_dataset header must be the first line; ignored', 'rir_dataset');
        const headerWarnings: FieldWarning[] = [];
        this.builder.setHeader(readHeader(obj.rir_dataset, headerWarnings));
        for (const w of headerWarnings) this.builder.warn({ line: lineNo, field: w.field, message: w.message });
        return;
      }
      const warnings: FieldWarning[] = [];
      const ex = readExample(obj, warnings);
      this.builder.add(ex, lineNo, warnings, text.length);
    } catch (e) {
      if (!(e instanceof RecordError)) throw e;
      this.builder.reject(e.field ? { line: lineNo, field: e.field, message: e.message } : { line: lineNo, message: e.message });
    }
  }
}
