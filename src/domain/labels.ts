// The hand-label log (docs/ARCHITECTURE.md §4.1): an append-only list of events per dataset; the current
// label of an (example, annotator) is the fold of its events. Pure; storage assigns `seq`.
import type { TargetPreference } from './analysisInput.ts';

/** One entry of the append-only label log. */
export interface LabelEvent {
  /** Position in the log, assigned by storage, increasing. */
  seq: number;
  datasetId: string;
  exampleId: string;
  annotator: string;
  /**
   * `set`: the label becomes `value`. `clear`: no label (value null). `note`: the note becomes
   * `note` (the value is unchanged; an empty note removes it). `undo`: event `undoes` no longer
   * counts, as if it had never been logged.
   */
  kind: 'set' | 'clear' | 'note' | 'undo';
  value?: number;
  note?: string;
  undoes?: number;
  /** Milliseconds since the epoch. */
  at: number;
}

/** An event before storage gave it its `seq`. */
export type NewLabelEvent = Omit<LabelEvent, 'seq'>;

/** The current label of one (example, annotator). */
export interface CurrentLabel {
  /** Null when cleared (or only a note was written). */
  value: number | null;
  note: string | null;
  /** Time and seq of the last event that counts. */
  at: number;
  seq: number;
}

/** Current labels: exampleId → annotator → CurrentLabel. Only keys whose fold has a value or a note are present. */
export type LabelState = ReadonlyMap<string, ReadonlyMap<string, CurrentLabel>>;

const bySeq = (a: LabelEvent, b: LabelEvent): number => a.seq - b.seq;

/** Annotator (and id) order: by UTF-16 code units, the same on every machine (localeCompare is not). */
export const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Seqs of the events that no longer count. An undo counts when it names an earlier `set`, `clear` or
 * `note` event of the log, whoever logged it; an undo of an undo, of a later event or of a missing seq
 * is ignored. Undoing the same event twice is the same as once.
 */
function undoneSeqs(events: readonly LabelEvent[]): Set<number> {
  const undone = new Set<number>();
  let bySeqMap: Map<number, LabelEvent> | null = null;
  for (const e of events) {
    if (e.kind !== 'undo' || e.undoes === undefined) continue;
    bySeqMap ??= new Map(events.map((x) => [x.seq, x]));
    const target = bySeqMap.get(e.undoes);
    if (target !== undefined && target.kind !== 'undo' && target.seq < e.seq) undone.add(target.seq);
  }
  return undone;
}

/**
 * The label after one counting event; null when it has neither value nor note. A `set` without a
 * finite value does not count (storage validates values, so this only guards against NaN downstream).
 */
function applyEvent(prev: CurrentLabel | null, e: LabelEvent): CurrentLabel | null {
  let value = prev?.value ?? null;
  let note = prev?.note ?? null;
  switch (e.kind) {
    case 'set':
      if (e.value === undefined || !Number.isFinite(e.value)) return prev;
      value = e.value;
      break;
    case 'clear':
      value = null;
      break;
    case 'note':
      note = e.note === undefined || e.note === '' ? null : e.note;
      break;
    case 'undo':
      return prev;
  }
  return value === null && note === null ? null : { value, note, at: e.at, seq: e.seq };
}

/** Folds one (example, annotator)'s events, already in seq order, skipping the undone ones. */
function foldKey(events: readonly LabelEvent[], undone: ReadonlySet<number>): CurrentLabel | null {
  let current: CurrentLabel | null = null;
  for (const e of events) if (!undone.has(e.seq)) current = applyEvent(current, e);
  return current;
}

/** `state` with the label of (exampleId, annotator) replaced; copies the outer map and that example's map only. */
function withLabel(state: LabelState, exampleId: string, annotator: string, label: CurrentLabel | null): LabelState {
  const before = state.get(exampleId);
  if (label === null && before?.has(annotator) !== true) return state;
  const inner = new Map(before);
  if (label === null) inner.delete(annotator);
  else inner.set(annotator, label);
  const next = new Map(state);
  if (inner.size === 0) next.delete(exampleId);
  else next.set(exampleId, inner);
  return next;
}

/**
 * Folds a log (any order of seq is accepted; events are applied in seq order). Undone events do not
 * count; an `undo` of an `undo` is ignored (not supported), as is an undo naming a later or missing seq.
 */
export function foldLabels(events: readonly LabelEvent[]): LabelState {
  const undone = undoneSeqs(events);
  const state = new Map<string, Map<string, CurrentLabel>>();
  for (const e of [...events].sort(bySeq)) {
    if (e.kind === 'undo' || undone.has(e.seq)) continue;
    const inner = state.get(e.exampleId);
    const next = applyEvent(inner?.get(e.annotator) ?? null, e);
    if (next !== null) {
      if (inner === undefined) state.set(e.exampleId, new Map([[e.annotator, next]]));
      else inner.set(e.annotator, next);
    } else if (inner !== undefined) {
      inner.delete(e.annotator);
      if (inner.size === 0) state.delete(e.exampleId);
    }
  }
  return state;
}

/**
 * The state after appending `event` to `events` (which does NOT contain it yet, and whose seqs are all
 * lower): a new state sharing untouched inner maps with `state`; only the outer map and the affected
 * example's map are copied (the state itself is returned when nothing changes). For `undo`, the undone
 * event's (example, annotator) is refolded from `events` + `event`, in time linear in the log's length.
 */
export function appendLabel(state: LabelState, events: readonly LabelEvent[], event: LabelEvent): LabelState {
  if (event.kind !== 'undo') {
    const next = applyEvent(state.get(event.exampleId)?.get(event.annotator) ?? null, event);
    return withLabel(state, event.exampleId, event.annotator, next);
  }
  const target = events.find((e) => e.seq === event.undoes);
  if (target === undefined || target.kind === 'undo' || target.seq >= event.seq) return state;
  const all = [...events, event];
  const keyEvents = all.filter((e) => e.exampleId === target.exampleId && e.annotator === target.annotator).sort(bySeq);
  return withLabel(state, target.exampleId, target.annotator, foldKey(keyEvents, undoneSeqs(all)));
}

/**
 * The state after appending several events at once (`events` is the log before them; their seqs are
 * all higher), as `appendLabel` one after the other would give, but copying the outer map and each
 * touched example's map once: O(examples + events) instead of O(examples × events), for an imported
 * label file. With an `undo` among them it falls back to `appendLabel` per event.
 */
export function appendLabels(state: LabelState, events: readonly LabelEvent[], added: readonly LabelEvent[]): LabelState {
  if (added.some((e) => e.kind === 'undo')) {
    let next = state;
    const log = [...events];
    for (const e of added) {
      next = appendLabel(next, log, e);
      log.push(e);
    }
    return next;
  }
  if (added.length === 0) return state;
  const outer = new Map(state);
  const copied = new Set<string>();
  for (const e of [...added].sort(bySeq)) {
    let inner = outer.get(e.exampleId) as Map<string, CurrentLabel> | undefined;
    const label = applyEvent(inner?.get(e.annotator) ?? null, e);
    if (label === null && inner?.has(e.annotator) !== true) continue;
    if (!copied.has(e.exampleId)) {
      inner = new Map(inner);
      copied.add(e.exampleId);
      outer.set(e.exampleId, inner);
    }
    if (label === null) inner!.delete(e.annotator);
    else inner!.set(e.annotator, label);
    if (inner!.size === 0) {
      outer.delete(e.exampleId);
      copied.delete(e.exampleId);
    }
  }
  return outer;
}

/** Number of examples with a non-null current value, per annotator (those with none are absent). O(labels). */
export function labelledCounts(state: LabelState): Map<string, number> {
  const counts = new Map<string, number>();
  for (const inner of state.values()) {
    for (const [name, label] of inner) if (label.value !== null) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/**
 * The event `u` (undo) would cancel for this annotator: their latest (highest seq) set/clear/note
 * event in the log that is not undone yet; null when none. Repeated undo walks further back.
 */
export function lastUndoable(events: readonly LabelEvent[], annotator: string): LabelEvent | null {
  const undone = undoneSeqs(events);
  let best: LabelEvent | null = null;
  for (const e of events) {
    if (e.annotator !== annotator || e.kind === 'undo' || undone.has(e.seq)) continue;
    if (best === null || e.seq > best.seq) best = e;
  }
  return best;
}

/** Current non-null label values of an example, one per annotator, in annotator name order (code units). */
export function labelValues(state: LabelState, exampleId: string): number[] {
  const inner = state.get(exampleId);
  if (inner === undefined) return [];
  const values: number[] = [];
  for (const name of [...inner.keys()].sort(byName)) {
    const value = inner.get(name)?.value ?? null;
    if (value !== null) values.push(value);
  }
  return values;
}

/** Number of examples with a non-null current value by this annotator. O(examples). */
export function labelledCount(state: LabelState, annotator: string): number {
  let count = 0;
  for (const inner of state.values()) if ((inner.get(annotator)?.value ?? null) !== null) count++;
  return count;
}

/** Annotators with at least one event in the log (of any kind), sorted by code units. */
export function annotatorsOf(events: readonly LabelEvent[]): string[] {
  return [...new Set(events.map((e) => e.annotator))].sort(byName);
}

/**
 * Where an example's target comes from, as Browse's label-state column shows it (docs/ARCHITECTURE.md
 * §4.2): `none` (no dataset target, no hand label), `dataset` (a dataset target, not hand-labelled),
 * `hand` (hand labels, no dataset target), and with both: `agree` (the mean of the hand labels equals
 * the dataset target), `hand-wins` / `dataset-wins` (they differ, and the target preference picks the
 * hand labels / the dataset target).
 */
export type TargetStatus = 'none' | 'dataset' | 'hand' | 'agree' | 'hand-wins' | 'dataset-wins';

/** Every status, in the order Browse sorts and explains them. */
export const TARGET_STATUSES: readonly TargetStatus[] = ['none', 'dataset', 'hand', 'agree', 'hand-wins', 'dataset-wins'];

/**
 * The status of an example with dataset target `datasetTarget` (undefined when none) and the current
 * non-null hand-label values `handValues` (see `labelValues`); `prefer` is the target preference
 * (`effectiveTarget` in analysisInput.ts). Hand labels agree when their mean is the dataset target up
 * to rounding (1e-9 relative).
 */
export function targetStatus(datasetTarget: number | undefined, handValues: readonly number[], prefer: TargetPreference): TargetStatus {
  if (handValues.length === 0) return datasetTarget === undefined ? 'none' : 'dataset';
  if (datasetTarget === undefined) return 'hand';
  let sum = 0;
  for (const v of handValues) sum += v;
  const mean = sum / handValues.length;
  if (Math.abs(mean - datasetTarget) <= 1e-9 * Math.max(1, Math.abs(datasetTarget))) return 'agree';
  return prefer === 'labels' ? 'hand-wins' : 'dataset-wins';
}

/** Label input validation against the dataset scale (docs/ARCHITECTURE.md §4.3): parses text typed by the user. */
export type LabelParse = { ok: true; value: number } | { ok: false; message: string };

/** Optional sign, digits with an optional fraction, or a bare fraction: "7", "-1", "7.5", ".5", "7.". */
const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Digits after the point in the shortest round-trip form of x ("1e-7" has 7). */
function decimalsOf(x: number): number {
  const [mantissa = '', exponent = '0'] = String(Math.abs(x)).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/** min + k·step rounded to the decimals of min and step, so 0 + 3·0.1 is 0.3 and not 0.30000000000000004. */
function gridPoint(min: number, step: number, k: number): number {
  const raw = min + k * step;
  const decimals = Math.max(decimalsOf(min), decimalsOf(step));
  return (decimals <= 100 ? Number(raw.toFixed(decimals)) : raw) + 0;
}

/**
 * Parses a label typed by the user. Accepts plain decimals only, with surrounding spaces: "7", " 7.5 ",
 * ".5", "-1", "+2", "7."; rejects empty text, exponents ("1e3"), hex, "NaN", "Infinity" and decimal
 * commas. Rejects values outside [min, max] ("7.5 is above the scale maximum 5") and, when the scale has a
 * positive step, values off the grid min + k·step by more than 1e-9·max(1, |step|), naming the nearest
 * valid values ("6.3 is not a multiple of 0.5 from 0: try 6 or 6.5"). An accepted value on a stepped
 * scale is snapped exactly onto the grid (6.5, not 6.499999999); −0 becomes 0.
 */
export function parseLabel(text: string, scale: { min: number; max: number; step?: number }): LabelParse {
  const typed = text.trim();
  if (typed === '') return { ok: false, message: 'Type a number' };
  if (!PLAIN_DECIMAL.test(typed)) {
    const hint = /^[+-]?\d*,\d+$/.test(typed) ? ' (use a dot for decimals)' : '';
    return { ok: false, message: `"${typed}" is not a number${hint}` };
  }
  const value = Number(typed) + 0;
  if (value < scale.min) return { ok: false, message: `${typed} is below the scale minimum ${scale.min}` };
  if (value > scale.max) return { ok: false, message: `${typed} is above the scale maximum ${scale.max}` };
  const step = scale.step;
  if (step === undefined || !(step > 0) || !Number.isFinite(step)) return { ok: true, value };
  const k = Math.round((value - scale.min) / step);
  const snapped = gridPoint(scale.min, step, k);
  if (Math.abs(value - snapped) <= 1e-9 * Math.max(1, step)) return { ok: true, value: Math.min(scale.max, Math.max(scale.min, snapped)) };
  const below = gridPoint(scale.min, step, Math.floor((value - scale.min) / step));
  const above = gridPoint(scale.min, step, Math.floor((value - scale.min) / step) + 1);
  const options = [below, above].filter((v) => v >= scale.min && v <= scale.max);
  const tryText = options.length === 0 ? '' : `: try ${options.join(' or ')}`;
  return { ok: false, message: `${typed} is not a multiple of ${step} from ${scale.min}${tryText}` };
}

/** The part of a log event that says what changes (the rest is who, where and when). */
export type LabelChange = Pick<NewLabelEvent, 'kind' | 'value' | 'note'>;

/**
 * The events that turn an (example, annotator)'s current label into `want` (imported labels): a
 * `set` or `clear` when the value differs, a `note` when the note differs; none when it already
 * matches, so importing the same file twice logs nothing the second time.
 */
export function changesTo(current: CurrentLabel | null, want: { value: number | null; note: string | null }): LabelChange[] {
  const out: LabelChange[] = [];
  const value = current?.value ?? null;
  const note = current?.note ?? null;
  if (want.value !== value) out.push(want.value === null ? { kind: 'clear' } : { kind: 'set', value: want.value });
  if (want.note !== note) out.push({ kind: 'note', note: want.note ?? '' });
  return out;
}

/** One row of a label file, as the import reads it (io/labelImport.ts `ImportedLabel`). */
export interface LabelRow {
  exampleId: string;
  annotator: string;
  value: number | null;
  note: string | null;
  /** When the row says it was labelled (ms), or null: then `now`. */
  at: number | null;
}

/** What importing a label file does to a dataset's labels: the events to log and the counts to report. */
export interface LabelImportPlan {
  events: NewLabelEvent[];
  /** (Example, annotator) pairs whose label or note the file changes. */
  changed: number;
  /** Pairs whose current label already matches the file. */
  unchanged: number;
  /** Annotators named in the file, sorted. */
  annotators: string[];
}

/**
 * The events that make `state` (the labels of dataset `datasetId`) say what the file's `rows` say:
 * the last row for an (example, annotator) wins, as if typed in that order, and only it is compared
 * with the current label (changesTo), so importing the same file twice plans nothing the second time.
 * A row without a time is logged at `now`.
 */
export function planLabelImport(state: LabelState, rows: readonly LabelRow[], datasetId: string, now: number): LabelImportPlan {
  const last = new Map(rows.map((r) => [`${r.exampleId}\u0000${r.annotator}`, r]));
  const events: NewLabelEvent[] = [];
  let changed = 0;
  for (const row of last.values()) {
    const changes = changesTo(state.get(row.exampleId)?.get(row.annotator) ?? null, row);
    if (changes.length > 0) changed++;
    for (const c of changes) events.push({ ...c, datasetId, exampleId: row.exampleId, annotator: row.annotator, at: row.at ?? now });
  }
  return { events, changed, unchanged: last.size - changed, annotators: [...new Set(rows.map((r) => r.annotator))].sort(byName) };
}
