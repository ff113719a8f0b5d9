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
export type DatasetDraft = Omit<DatasetInfo, 'id' | 'source' | 'createdAt'>;

export class IssueList {
  readonly items: Issue[] = [];
  count = 0;

  add(issue: Issue): void {
    this.count++;
    if (this.items.length < MAX_LISTED_ISSUES) this.items.push(issue);
  }
}

export class DatasetBuilder {
  readonly rejected = new IssueList();
  readonly warnings = new IssueList();
  private readonly seen = new Map<string, number>();
  private readonly scaleAcc = new ScaleAccumulator();
  private readonly prompts = new Set<string>();
  private readonly fingerprint = new Fingerprint();
  private pending: Example[] = [];
  private pendingBytes = 0;
  private count = 0;
  private header: DatasetHeader | null = null;

  /**
   * `onBatch` receives examples in file order, in batches of at most `batchSize` examples or about
   * `batchBytes` of source text, whichever comes first: each batch is one message to the main
   * thread and one IndexedDB record there, so it is kept small enough to (de)serialise well within
   * a frame budget.
   */
  constructor(
    private readonly onBatch: (examples: Example[]) => void,
    private readonly batchSize = 2000,
    private readonly batchBytes = 512 * 1024,
  ) {}

  get exampleCount(): number {
    return this.count;
  }

  setHeader(h: DatasetHeader): void {
    this.header = h;
  }

  /**
   * Adds a validated example read at `line` (`sourceBytes`: the size of its source text, for
   * batching); rejects a duplicate id (the first one wins).
   */
  add(ex: Example, line: number, fieldWarnings: readonly FieldWarning[] = [], sourceBytes = 0): void {
    const first = this.seen.get(ex.id);
    if (first !== undefined) {
      this.rejected.add({ line, field: 'id', message: `duplicate id ${JSON.stringify(ex.id)} (first on line ${first})` });
      return;
    }
    this.seen.set(ex.id, line);
    for (const w of fieldWarnings) this.warnings.add({ line, field: w.field, message: w.message });
    const scale = this.header?.scale;
    if (scale) {
      for (const w of scaleWarnings(ex, scale)) this.warnings.add({ line, field: w.field, message: w.message });
    }
    this.scaleAcc.addExample(ex);
    this.fingerprint
      .update(ex.id)
      .update('\u0001')
      .update(String(ex.target ?? ''))
      .update(ex.split);
    for (const r of ex.rollouts) {
      this.prompts.add(r.prompt);
      this.fingerprint.update('\u0002').update(r.prompt).update('\u0003').update(String(r.score));
    }
    this.fingerprint.update('\n');
    this.count++;
    this.pending.push(ex);
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
    this.pending = [];
    this.pendingBytes = 0;
    this.onBatch(batch);
  }

  /** Flushes the last batch and describes the dataset. `fallbackName` names it without a header. */
  finish(fallbackName: string): DatasetDraft {
    this.flush();
    const h = this.header;
    const headerPrompts = h?.prompts ?? {};
    const promptOrder = [...this.prompts];
    for (const p of Object.keys(headerPrompts)) if (!this.prompts.has(p)) promptOrder.push(p);
    const draft: DatasetDraft = {
      name: h?.name ?? fallbackName,
      scale: h?.scale ?? this.scaleAcc.scale(),
      scaleSource: h?.scale ? 'header' : 'inferred',
      prompts: headerPrompts,
      promptOrder,
      exampleCount: this.count,
      rejected: this.rejected.items,
      rejectedCount: this.rejected.count,
      warnings: this.warnings.items,
      warningCount: this.warnings.count,
      contentHash: this.fingerprint.hex(),
    };
    if (h?.extra) draft.extra = h.extra;
    return draft;
  }
}
