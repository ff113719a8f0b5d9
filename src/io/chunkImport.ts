// Canonical JSONL read as independent chunks of whole lines — on several threads at once (`cli
// apply` over a large file) — and merged in file order into what one sequential import
// (importDataset.ts) gives. Each chunk goes through the same CanonicalJsonlReader and
// DatasetBuilder; what only the whole file knows is settled in the merge:
// - the `rir_dataset` header counts only on the file's first record: the chunk holding it is read
//   first, and the later ones are told the header (its scale checks their scores) and that they
//   do not begin the file;
// - line numbers: a chunk is read numbering its lines from 1 (its place in the file is known only
//   once the chunks before it are counted), and the merge shifts them;
// - duplicate ids are rejected by the merge, which sees every id in file order (the first one
//   wins, its line named), the repeat's warnings dropped with it;
// - rejections are listed in line order, counted in full; one UTF-8 warning per file.
// Not merged: the scale inferred without a header, the content hash, and a prompt version seen
// only in an example that a later chunk's duplicate check drops is still listed. Pure: no DOM, no node.
import type { DatasetHeader, Example, Issue } from '../domain/types.ts';
import { DatasetBuilder, duplicateIdIssue, importAccount, IssueList, type DatasetDraft } from './datasetBuilder.ts';
import { CanonicalJsonlReader } from './jsonlImport.ts';
import { decodeUtf8, invalidUtf8Warning, splitLines } from './lines.ts';

/** Where a chunk sits in its file, as far as reading it needs. */
export interface ChunkPlace {
  /** The chunk begins the file (a BOM is dropped). */
  atStart: boolean;
  /** A record came before the chunk, so a header in it is not the first line. */
  afterFirstRecord: boolean;
  /** The file's header, when one was read before the chunk. */
  header: DatasetHeader | null;
}

/** What a chunk's reading found, apart from its examples (which went to `onExamples`); lines numbered from 1 in the chunk. */
export interface ChunkSummary {
  /** Lines in the chunk. */
  lineCount: number;
  /** The chunk held a non-blank line. */
  sawRecord: boolean;
  /** The header, when this chunk holds the file's first record and it is one. */
  header: DatasetHeader | null;
  exampleCount: number;
  rejected: Issue[];
  rejectedCount: number;
  warnings: Issue[];
  warningCount: number;
  /** The line of every warning, also those past the listed ones. */
  warningLines: number[];
  /** The chunk's prompt versions in order of first appearance. */
  prompts: string[];
  /** The chunk has undecodable bytes: the file's UTF-8 warning, should it be the first such chunk. */
  utf8Warning: Issue | null;
}

/**
 * Reads one chunk of canonical JSONL — whole lines, the bytes ending at a line end (LF, CRLF or a
 * lone CR, each one line; a chunk must not end between the CR and LF of a CRLF) or the file's
 * end, in UTF-8 — handing its valid examples (duplicate ids included) to `onExamples` in file order with
 * their line numbers in the chunk (batches of at most `batchSize`).
 */
export function readCanonicalChunk(
  bytes: Uint8Array,
  place: ChunkPlace,
  onExamples: (examples: Example[], lines: number[]) => void,
  batchSize = 2000,
): ChunkSummary {
  let header: DatasetHeader | null = null;
  const builder = new DatasetBuilder(onExamples, {
    batchSize,
    batchBytes: Infinity,
    contentHash: false,
    idsChecked: true,
    keepWarningLines: true,
    onHeader: (h) => (header = h),
  });
  if (place.header) builder.setHeader(place.header);
  header = null; // only a header read in this chunk is reported

  const reader = new CanonicalJsonlReader(builder, place.afterFirstRecord);
  const { text, invalidUtf8 } = decodeUtf8(bytes, place.atStart);
  const { lines } = splitLines(text, true);
  for (let i = 0; i < lines.length; i++) reader.line(lines[i]!, i + 1);
  const draft = builder.finish('');
  return {
    lineCount: lines.length,
    sawRecord: reader.sawRecord,
    header,
    exampleCount: draft.exampleCount,
    rejected: draft.rejected,
    rejectedCount: draft.rejectedCount,
    warnings: draft.warnings,
    warningCount: draft.warningCount,
    warningLines: builder.warnings.lines ?? [],
    prompts: builder.promptsSeen,
    utf8Warning: invalidUtf8 ? invalidUtf8Warning(lines, 1) : null,
  };
}

/** The part of a DatasetDraft the merge knows (no inferred scale, no content hash). */
export type MergedDraft = Pick<
  DatasetDraft,
  'name' | 'prompts' | 'promptOrder' | 'exampleCount' | 'rejected' | 'rejectedCount' | 'warnings' | 'warningCount'
> & { header: DatasetHeader | null };

const byLine = (a: Issue, b: Issue) => a.line - b.line;

/** Merges chunk summaries, in file order, into one import's account. */
export class ChunkMerger {
  private readonly rejected = new IssueList();
  private readonly warnings = new IssueList();
  private readonly seen = new Map<string, number>();
  private readonly prompts = new Set<string>();
  private fileHeader: DatasetHeader | null = null;
  private sawRecord = false;
  private utf8Warned = false;
  private count = 0;
  /** The line before the next chunk's first. */
  private base = 0;

  /** The file's header, once merged. */
  get header(): DatasetHeader | null {
    return this.fileHeader;
  }

  /** Lines rejected so far. */
  get rejectedCount(): number {
    return this.rejected.count;
  }

  /** Adds a warning about the whole file (a UTF-16 file's, on line 1), before the chunks are merged. */
  warn(issue: Issue): void {
    this.warnings.add(issue);
  }

  /**
   * Where the next chunk sits, for readCanonicalChunk: `atStart` for the file's first chunk; while
   * `waitingForFirstRecord`, merge each chunk before asking for the next one's place.
   */
  place(atStart: boolean): ChunkPlace {
    return { atStart, afterFirstRecord: this.sawRecord, header: this.fileHeader };
  }

  /** Whether the next chunk's place depends on this one's result (the file's first record not read yet). */
  get waitingForFirstRecord(): boolean {
    return !this.sawRecord;
  }

  /**
   * Merges the next chunk: its summary and the ids and chunk lines of its examples, in order.
   * Returns the indices of the examples whose id came before (in this chunk or an earlier one):
   * rejected here, they are to be dropped.
   */
  merge(summary: ChunkSummary, ids: readonly string[], lines: ArrayLike<number>): number[] {
    const base = this.base;
    this.base += summary.lineCount;
    const shift = (issue: Issue): Issue => ({ ...issue, line: issue.line + base });
    if (summary.sawRecord) this.sawRecord = true;
    if (summary.header) this.fileHeader = summary.header;
    const repeats: number[] = [];
    const rejected = summary.rejected.map(shift);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const line = lines[i]! + base;
      const first = this.seen.get(id);
      if (first === undefined) {
        this.seen.set(id, line);
        continue;
      }
      repeats.push(i);
      rejected.push(duplicateIdIssue(id, line, first));
    }
    if (repeats.length > 0) rejected.sort(byLine);
    for (const r of rejected) this.rejected.add(r);
    this.rejected.count += summary.rejectedCount - summary.rejected.length;

    let warnings = summary.warnings;
    let warningCount = summary.warningCount;
    if (repeats.length > 0) {
      const dropped = new Set(repeats.map((i) => lines[i]!));
      warnings = warnings.filter((w) => !dropped.has(w.line));
      warningCount -= summary.warningLines.filter((l) => dropped.has(l)).length;
    }
    if (summary.utf8Warning && !this.utf8Warned) {
      this.utf8Warned = true;
      this.warnings.add(shift(summary.utf8Warning));
    }
    for (const w of warnings) this.warnings.add(shift(w));
    this.warnings.count += warningCount - warnings.length;

    for (const p of summary.prompts) this.prompts.add(p);
    this.count += summary.exampleCount - repeats.length;
    return repeats;
  }

  /** The file's account so far; `fallbackName` names it without a header. */
  draft(fallbackName: string): MergedDraft {
    const h = this.fileHeader;
    return { ...importAccount(h, fallbackName, this.prompts, this.count, this.rejected, this.warnings), header: h };
  }
}
