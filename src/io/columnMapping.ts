// Column mapping for long/flat tables (docs/ARCHITECTURE.md §3.2): guessing field → column, checking a mapping,
// and grouping one-row-per-rollout rows (CSV, TSV, flat JSONL, Parquet) into examples.
// Pure: imports domain/ only; no DOM, React or storage.
import { readId, readNumber, readPrompt, readScore, readTarget, RecordError, resolveSplit, type FieldWarning } from '../domain/schema.ts';
import { parseSplit } from '../domain/split.ts';
import type { Example, ExampleInput, Issue, JsonValue, Rollout } from '../domain/types.ts';

export const MAPPABLE_FIELDS = ['id', 'input', 'target', 'split', 'prompt', 'score', 'reasoning', 'model'] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];
/** Field → name of the column that holds it. Unmapped fields are absent (an empty string counts as unmapped). */
export type ColumnMapping = Partial<Record<MappableField, string>>;

/** Column names each field is guessed from, best first (compared after `normalise`). */
const SYNONYMS: Record<MappableField, readonly string[]> = {
  id: ['id', 'example_id', 'uid', 'qid', 'item_id'],
  input: ['input', 'question', 'prompt_text', 'text', 'problem', 'essay', 'content'],
  target: ['target', 'label', 'gold', 'gold_score', 'human_score', 'reference', 'y'],
  split: ['split'],
  prompt: ['prompt', 'prompt_version', 'prompt_id', 'version', 'variant'],
  score: ['score', 'judge_score', 'pred', 'prediction', 'rating', 'grade'],
  reasoning: ['reasoning', 'rationale', 'explanation', 'critique', 'cot', 'thinking'],
  model: ['model', 'judge', 'judge_model'],
};

/** Case, spaces, underscores and hyphens do not matter: `Judge Score` = `judge_score`. */
const normalise = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * Guesses which column holds each field, never giving one column two fields: first a column
 * named exactly like the field (`prompt` is the prompt version, not the input), then the
 * synonyms in order of preference, ignoring case, spaces, underscores and hyphens.
 */
export function guessMapping(columns: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  const assign = (field: MappableField, match: (column: string) => boolean): void => {
    if (mapping[field] !== undefined) return;
    const column = columns.find((c) => !used.has(c) && match(c));
    if (column === undefined) return;
    mapping[field] = column;
    used.add(column);
  };
  for (const f of MAPPABLE_FIELDS) assign(f, (c) => c === f);
  for (const f of MAPPABLE_FIELDS) {
    for (const s of SYNONYMS[f]) assign(f, (c) => normalise(c) === normalise(s));
  }
  return mapping;
}

/** The column mapped to `field`, or `undefined` when unmapped (absent or empty). */
function columnOf(mapping: ColumnMapping, field: MappableField): string | undefined {
  const c = mapping[field];
  return c === undefined || c === '' ? undefined : c;
}

/**
 * What stops `mapping` from being imported, in words for the column-mapping screen; empty when
 * it can be. A missing score column is not a problem (label-only data): the caller shows a note.
 */
export function mappingProblems(mapping: ColumnMapping, columns: string[]): string[] {
  const problems: string[] = [];
  if (columnOf(mapping, 'id') === undefined) problems.push('Choose the column that holds the example id (id is required).');
  const present = new Set(columns);
  for (const f of MAPPABLE_FIELDS) {
    const c = columnOf(mapping, f);
    if (c !== undefined && !present.has(c)) problems.push(`Column "${c}" (mapped to ${f}) is not in the file.`);
  }
  return problems;
}

export interface GroupedRows {
  /** Examples in the order their id was first seen. */
  examples: Example[];
  /** 1-based line of each example's first row, parallel to `examples` (for later warnings). */
  lines: number[];
  /** Rows left out, with their line and the field at fault. */
  rejected: Issue[];
  /** Conflicting values between rows of one id, unknown splits. */
  warnings: Issue[];
}

/** A value a cell can hold that means "not given": absent, null, or blank text. */
function isEmptyCell(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** Reasoning / model text: strings as they are, other JSON values serialised; blank → undefined. */
function textCell(v: unknown): string | undefined {
  if (isEmptyCell(v)) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A first-seen value and the line it came from. */
interface Seen<T> {
  value: T;
  line: number;
}

interface Group {
  id: string;
  line: number;
  input?: Seen<ExampleInput>;
  target?: Seen<number>;
  split?: Seen<unknown>;
  rollouts: Rollout[];
}

/** A cell value for a message: numbers bare, text quoted and cut at 40 characters. */
function show(v: unknown): string {
  if (typeof v === 'number') return String(v);
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);
}

/**
 * Groups one-row-per-rollout rows into examples by the `id` column. Rows of one id need not be
 * adjacent. Each row with a score adds one rollout; a row with an empty score cell (or no score
 * column) only carries example fields. Input, target and split are taken from the first row that
 * gives them; a different value on a later row is a warning naming both lines. A row with a
 * missing id or a non-finite score or target is rejected whole; the others still import.
 *
 * Cells may be strings (CSV) or JSON values (flat JSONL, Parquet); numbers are read with
 * `readNumber`, so `"7"` and `7` are the same score. Keeps every row's rollout in memory until
 * `finish`, as examples are only complete at the end of the file.
 */
export class RowGrouper {
  private readonly groups = new Map<string, Group>();
  private readonly rejected: Issue[] = [];
  private readonly warnings: Issue[] = [];
  private readonly cols: Record<MappableField, string | undefined>;
  private readonly idColumn: string;

  /** Throws when `mapping` has no id column (check `mappingProblems` first). */
  constructor(mapping: ColumnMapping) {
    const idColumn = columnOf(mapping, 'id');
    if (idColumn === undefined) throw new Error('a column mapping needs an id column');
    this.idColumn = idColumn;
    this.cols = {
      id: idColumn,
      input: columnOf(mapping, 'input'),
      target: columnOf(mapping, 'target'),
      split: columnOf(mapping, 'split'),
      prompt: columnOf(mapping, 'prompt'),
      score: columnOf(mapping, 'score'),
      reasoning: columnOf(mapping, 'reasoning'),
      model: columnOf(mapping, 'model'),
    };
  }

  /** Adds the row read at physical line `line` (1-based). Bad rows are recorded, never thrown. */
  add(row: Record<string, unknown>, line: number): void {
    const cell = (field: MappableField): unknown => {
      const c = this.cols[field];
      return c !== undefined && Object.hasOwn(row, c) ? row[c] : undefined;
    };
    let id: string;
    let score: number | undefined;
    let target: number | undefined;
    try {
      id = readId(cell('id'));
      const rawScore = cell('score');
      if (readNumber(rawScore) !== undefined) score = readScore(rawScore, 'score');
      target = readTarget(cell('target'));
    } catch (e) {
      if (!(e instanceof RecordError)) throw e;
      const field = e.field ?? 'id';
      const column = this.cols[field as MappableField] ?? this.idColumn;
      this.rejected.push({ line, field, message: `${e.message} (column ${column})` });
      return;
    }

    let g = this.groups.get(id);
    if (g === undefined) {
      g = { id, line, rollouts: [] };
      this.groups.set(id, g);
    }
    const input = cell('input');
    if (!isEmptyCell(input)) this.keepFirst(g, 'input', input as JsonValue, line, sameJson);
    if (target !== undefined) this.keepFirst(g, 'target', target, line, (a, b) => a === b);
    const split = cell('split');
    if (!isEmptyCell(split)) this.keepFirst(g, 'split', split, line, sameSplit);

    if (score !== undefined) {
      const r: Rollout = { prompt: readPrompt(cell('prompt')), score };
      const reasoning = textCell(cell('reasoning'));
      if (reasoning !== undefined) r.reasoning = reasoning;
      const model = textCell(cell('model'));
      if (model !== undefined) r.model = model;
      g.rollouts.push(r);
    }
  }

  private keepFirst<K extends 'input' | 'target' | 'split'>(
    g: Group,
    field: K,
    value: NonNullable<Group[K]>['value'],
    line: number,
    same: (a: unknown, b: unknown) => boolean,
  ): void {
    const seen = g[field];
    if (seen === undefined) {
      g[field] = { value, line } as Group[K];
    } else if (!same(seen.value, value)) {
      this.warnings.push({
        line,
        field,
        message: `id ${JSON.stringify(g.id)}: ${field} ${show(value)} on line ${line} differs from ${show(seen.value)} on line ${seen.line}; kept line ${seen.line}`,
      });
    }
  }

  /** Builds the examples. Call once, after the last row. */
  finish(): GroupedRows {
    const examples: Example[] = [];
    const lines: number[] = [];
    for (const g of this.groups.values()) {
      const fieldWarnings: FieldWarning[] = [];
      const ex: Example = {
        id: g.id,
        input: g.input?.value ?? '',
        ...resolveSplit(g.split?.value, g.id, fieldWarnings),
        rollouts: g.rollouts,
      };
      if (g.target !== undefined) ex.target = g.target.value;
      const splitLine = g.split?.line ?? g.line;
      for (const w of fieldWarnings) {
        const column = this.cols[w.field as MappableField];
        this.warnings.push({ line: splitLine, field: w.field, message: column ? `${w.message} (column ${column})` : w.message });
      }
      examples.push(ex);
      lines.push(g.line);
    }
    this.warnings.sort((a, b) => a.line - b.line);
    return { examples, lines, rejected: this.rejected, warnings: this.warnings };
  }
}

/** Equal cells: same text, or the same JSON value (flat JSONL inputs may be objects). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Split names that mean the same split (`Train`, `training`) do not conflict. */
function sameSplit(a: unknown, b: unknown): boolean {
  const key = (v: unknown) => parseSplit(v) ?? (typeof v === 'string' ? v.trim() : JSON.stringify(v));
  return key(a) === key(b);
}
