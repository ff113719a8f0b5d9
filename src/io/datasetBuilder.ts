// Collects validated examples into a dataset during an import, whatever the file format:
// duplicate ids, scale inference, prompt order, fingerprint, capped issue lists, batching.
// Pure: no DOM, no storage.
import { Fingerprint } from '../domain/hash.ts';
import { scaleWarnings, type FieldWarning } from '../domain/schema.ts';
import { ScaleAccumulator } from '../domain/scale.ts';
import type { DatasetHeader, DatasetInfo, Example, Issue } from '../domain/types.ts';

/** At most this many rejected lines / warnings are kept with their text; all are counted. */
export const MAX_LISTED_ISSUES = 1000;

/** What an import yields besides the examples themselves (the caller adds id/source/createdAt). */
export type DatasetDraft = Omit<DatasetInfo, 'id' | 'source' | 'createdAt'> & {
  /** When no example was imported: why, in words (the file is empty, has only a header, …). Not stored. */
  emptyReason?: string;
};

/** What an import found, in a DatasetDraft's terms: the name, prompt versions (seen, then those only the header names) and issues. */
export function importAccount(
  header: DatasetHeader | null,
  fallbackName: string,
  promptsSeen: ReadonlySet<string>,
  exampleCount: number,
  rejected: IssueList,
  warnings: IssueList,
): Pick<DatasetDraft, 'name' | 'prompts' | 'promptOrder' | 'exampleCount' | 'rejected' | 'rejectedCount' | 'warnings' | 'warningCount'> {
  const headerPrompts = header?.prompts ?? {};
  const promptOrder = [...promptsSeen];
  for (const p of Object.keys(headerPrompts)) if (!promptsSeen.has(p)) promptOrder.push(p);
  return {
    name: header?.name ?? fallbackName,
    prompts: headerPrompts,
    promptOrder,
    exampleCount,
    rejected: rejected.items,
    rejectedCount: rejected.count,
    warnings: warnings.items,
    warningCount: warnings.count,
  };
}

/** The rejection of an example whose id an earlier line (`first`) has: the first one wins. */
export function duplicateIdIssue(id: string, line: number, first: number): Issue {
  return { line, field: 'id', message: `duplicate id ${JSON.stringify(id)} (first on line ${first})` };
}

export class IssueList {
  readonly items: Issue[] = [];
  count = 0;
  /** With `keepLines`, the line of every issue added, also those past the listed ones. */
  readonly lines: number[] | null;

  constructor(keepLines = false) {
    this.lines = keepLines ? [] : null;
  }

  add(issue: Issue): void {
    this.count++;
    this.lines?.push(issue.line);
    if (this.items.length < MAX_LISTED_ISSUES) this.items.push(issue);
  }
}

export interface DatasetBuilderOptions {
  /** Examples per batch (default 2000). */
  batchSize?: number;
  /** Source text per batch, about (default 512 KB). */
  batchBytes?: number;
  /** Told about the `rir_dataset` header as soon as it is set. */
  onHeader?: (header: DatasetHeader) => void;
  /**
   * Whether to fingerprint the content (default true). `cli apply`, which stores nothing, skips it:
   * hashing every id, target and score was a tenth of its run over a million examples.
   */
  contentHash?: boolean;
  /**
   * Leave duplicate ids to the caller (default false: the first one wins, a repeat is rejected).
   * A chunk read apart from the rest of its file cannot tell (chunkImport.ts merges them).
   */
  idsChecked?: boolean;
  /** Keep the line of every warning (`warnings.lines`): a chunk read apart from the rest of its file needs them to merge. */
  keepWarningLines?: boolean;
}

export class DatasetBuilder {
  readonly rejected = new IssueList();
  readonly warnings: IssueList;
  private readonly seen = new Map<string, number>();
  private readonly scaleAcc = new ScaleAccumulator();
  private readonly prompts = new Set<string>();
  private readonly fingerprint = new Fingerprint();
  /** `\u0002<prompt>\u0003` per prompt version: one fingerprint update instead of three per rollout (the same characters, so the same hash). */
  private readonly promptKeys = new Map<string, string>();
  private pending: Example[] = [];
  private pendingLines: number[] = [];
  private pendingBytes = 0;
  private count = 0;
  private header: DatasetHeader | null = null;

  /**
   * `onBatch` receives examples in file order, in batches of at most `batchSize` examples or about
   * `batchBytes` of source text, whichever comes first: each batch is one message to the main
   * thread and one IndexedDB record there, so it is kept small enough to (de)serialise well within
   * a frame budget.
   */
  private readonly batchSize: number;
  private readonly batchBytes: number;
  private readonly hashing: boolean;
  private readonly checkIds: boolean;

  constructor(
    private readonly onBatch: (examples: Example[], lines: number[]) => void,
    private readonly options: DatasetBuilderOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.batchBytes = options.batchBytes ?? 512 * 1024;
    this.hashing = options.contentHash ?? true;
    this.checkIds = !(options.idsChecked ?? false);
    this.warnings = new IssueList(options.keepWarningLines ?? false);
  }

  get exampleCount(): number {
    return this.count;
  }

  /** The prompt versions of the examples added, in order of first appearance. */
  get promptsSeen(): string[] {
    return [...this.prompts];
  }

  /** Whether a `rir_dataset` header was read. */
  get hasHeader(): boolean {
    return this.header !== null;
  }

  setHeader(h: DatasetHeader): void {
    this.header = h;
    this.options.onHeader?.(h);
  }

  /**
   * Adds a validated example read at `line` (`sourceBytes`: the size of its source text, for
   * batching); rejects a duplicate id (the first one wins).
   */
  add(ex: Example, line: number, fieldWarnings: readonly FieldWarning[] = [], sourceBytes = 0): void {
    if (this.checkIds) {
      const first = this.seen.get(ex.id);
      if (first !== undefined) {
        this.rejected.add(duplicateIdIssue(ex.id, line, first));
        return;
      }
      this.seen.set(ex.id, line);
    }
    for (const w of fieldWarnings) this.warnings.add({ line, field: w.field, message: w.message });
    const scale = this.header?.scale;
    if (scale) {
      for (const w of scaleWarnings(ex, scale)) this.warnings.add({ line, field: w.field, message: w.message });
    } else this.scaleAcc.addExample(ex); // inferred only when no header declares it
    const hashing = this.hashing;
    if (hashing)
      this.fingerprint
        .update(ex.id)
        .update('\u0001')
        .update(String(ex.target ?? ''))
        .update(ex.split);
    // Rollouts of an example mostly share their prompt version: the last one's key saves a map lookup each.
    let lastPrompt: string | null = null;
    let key = '';
    for (const r of ex.rollouts) {
      if (r.prompt !== lastPrompt) {
        lastPrompt = r.prompt;
        const known = this.promptKeys.get(r.prompt);
        if (known === undefined) {
          key = '\u0002' + r.prompt + '\u0003';
          this.promptKeys.set(r.prompt, key);
          this.prompts.add(r.prompt);
        } else key = known;
      }
      if (hashing) this.fingerprint.update(key).update(String(r.score));
    }
    if (hashing) this.fingerprint.update('\n');
    this.count++;
    this.pending.push(ex);
    this.pendingLines.push(line);
    this.pendingBytes += sourceBytes;
    if (this.pending.length >= this.batchSize || this.pendingBytes >= this.batchBytes) this.flush();
  }

  reject(issue: Issue): void {
    this.rejected.add(issue);
  }

  warn(issue: Issue): void {
    this.warnings.add(issue);
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    const lines = this.pendingLines;
    this.pending = [];
    this.pendingLines = [];
    this.pendingBytes = 0;
    this.onBatch(batch, lines);
  }

  /** Flushes the last batch and describes the dataset. `fallbackName` names it without a header. */
  finish(fallbackName: string): DatasetDraft {
    this.flush();
    const h = this.header;
    const draft: DatasetDraft = {
      ...importAccount(h, fallbackName, this.prompts, this.count, this.rejected, this.warnings),
      scale: h?.scale ?? this.scaleAcc.scale(),
      scaleSource: h?.scale ? 'header' : 'inferred',
      contentHash: this.hashing ? this.fingerprint.hex() : '',
    };
    if (h?.extra) draft.extra = h.extra;
    return draft;
  }
}
