// Validation of canonical records (docs/ARCHITECTURE.md §3.1, §3.3): header line, examples, rollouts, scale.
// Shared by the JSONL importer and the table (column-mapped) importer. Pure: no DOM.
import { parseSplit, splitForId } from './split.ts';
import { setOwn } from './ownKeys.ts';
import type { DatasetHeader, Example, ExampleInput, JsonObject, JsonValue, Rollout, Scale } from './types.ts';

export const DEFAULT_PROMPT = 'default';

/** A record-level problem: the line is rejected. `field` names what was wrong. */
export class RecordError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Non-fatal note about a record that was imported (possibly with a field dropped). */
export interface FieldWarning {
  field: string;
  message: string;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads a number from JSON or table text: finite numbers, or strings holding one
 * (surrounding spaces allowed). Returns `undefined` for absent/empty, `NaN` for anything else.
 */
export function readNumber(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return undefined;
    const n = Number(t);
    return Number.isFinite(n) ? n : NaN;
  }
  return NaN;
}

/** Example ids: non-empty strings, or finite numbers (stringified). */
export function readId(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v;
  if (v === undefined || v === null || v === '') throw new RecordError('missing id', 'id');
  throw new RecordError('id must be a string or a number', 'id');
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'number') return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
}

/** Score of a rollout; throws a RecordError naming `field` when it is not a finite number. */
export function readScore(v: unknown, field: string): number {
  const n = readNumber(v);
  if (n === undefined) throw new RecordError(`missing score`, field);
  if (Number.isNaN(n)) throw new RecordError(`non-finite score ${describe(v)}`, field);
  return n;
}

/** Target; `undefined` when absent (unlabelled). */
export function readTarget(v: unknown): number | undefined {
  const n = readNumber(v);
  if (n !== undefined && Number.isNaN(n)) {
    throw new RecordError(`target must be a finite number, got ${describe(v)}`, 'target');
  }
  return n;
}

function readLogprobs(v: unknown, field: string, warnings: FieldWarning[]): Record<string, number> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isJsonObject(v)) {
    warnings.push({ field, message: 'logprobs must be an object of score → log-probability; dropped' });
    return undefined;
  }
  const out: Record<string, number> = {};
  for (const [k, lp] of Object.entries(v)) {
    if (typeof lp !== 'number' || !Number.isFinite(lp) || !Number.isFinite(Number(k))) {
      warnings.push({ field, message: `logprobs entry ${JSON.stringify(k)} is not numeric; dropped` });
      return undefined;
    }
    setOwn(out, k, lp);
  }
  return out;
}

function optionalString(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Rollout `index` of a canonical record. The field names of its errors (`rollouts[2].score`) are
 * built only when there is an error: three template strings per rollout were a tenth of a
 * million-example import.
 */
export function readRollout(v: unknown, index: number, warnings: FieldWarning[]): Rollout {
  if (!isJsonObject(v)) throw new RecordError('rollout must be an object', `rollouts[${index}]`);
  const score = v.score;
  const r: Rollout = {
    prompt: readPrompt(v.prompt),
    score: typeof score === 'number' && Number.isFinite(score) ? score : readScore(score, `rollouts[${index}].score`),
  };
  const reasoning = optionalString(v.reasoning);
  if (reasoning !== undefined) r.reasoning = reasoning;
  const model = optionalString(v.model);
  if (model !== undefined) r.model = model;
  if (v.logprobs !== undefined && v.logprobs !== null) {
    const logprobs = readLogprobs(v.logprobs, `rollouts[${index}].logprobs`, warnings);
    if (logprobs) r.logprobs = logprobs;
  }
  return r;
}

export function readPrompt(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v;
  return DEFAULT_PROMPT;
}

/** Split from the file, or from the id hash when absent/unknown (unknown names warn). */
export function resolveSplit(v: unknown, id: string, warnings: FieldWarning[]): Pick<Example, 'split' | 'splitFromHash'> {
  if (v === undefined || v === null || v === '') return { split: splitForId(id), splitFromHash: true };
  const s = parseSplit(v);
  if (s) return { split: s };
  warnings.push({ field: 'split', message: `unknown split ${describe(v)}; assigned from the id hash` });
  return { split: splitForId(id), splitFromHash: true };
}

function readInput(v: unknown): ExampleInput {
  return v === undefined ? '' : (v as JsonValue);
}

/**
 * Validates one canonical example object (already JSON-parsed). Throws RecordError when the
 * record must be rejected; pushes to `warnings` for fields that were dropped or defaulted.
 */
export function readExample(obj: unknown, warnings: FieldWarning[]): Example {
  if (!isJsonObject(obj)) throw new RecordError(`expected a JSON object, got ${describe(obj)}`);
  const id = readId(obj.id);
  const ex: Example = {
    id,
    input: readInput(obj.input),
    ...resolveSplit(obj.split, id, warnings),
    rollouts: [],
  };
  const target = readTarget(obj.target);
  if (target !== undefined) ex.target = target;
  if (obj.meta !== undefined && obj.meta !== null) {
    if (isJsonObject(obj.meta)) ex.meta = obj.meta;
    else warnings.push({ field: 'meta', message: 'meta must be an object; dropped' });
  }
  const rollouts = obj.rollouts;
  if (rollouts !== undefined && rollouts !== null) {
    if (!Array.isArray(rollouts)) throw new RecordError('rollouts must be an array', 'rollouts');
    ex.rollouts = rollouts.map((r, i) => readRollout(r, i, warnings));
  }
  return ex;
}

/**
 * The most grid points a scale's step may make between min and max. A finer step (a header's
 * `"step": 1e-300`) checks nothing a continuous scale would not, and its grid arithmetic breaks.
 */
export const MAX_SCALE_STEPS = 1_000_000;

/**
 * Validates a scale object; throws RecordError naming the bad field. A step giving more than
 * MAX_SCALE_STEPS grid points is an error too, unless `warnings` is given: then the step is left
 * out (the scale is continuous) and the warning says so.
 */
export function readScale(v: unknown, field = 'scale', warnings?: FieldWarning[]): Scale {
  if (!isJsonObject(v)) throw new RecordError('scale must be an object {min, max, step?}', field);
  const min = readNumber(v.min);
  const max = readNumber(v.max);
  if (min === undefined || Number.isNaN(min)) throw new RecordError('scale.min must be a finite number', `${field}.min`);
  if (max === undefined || Number.isNaN(max)) throw new RecordError('scale.max must be a finite number', `${field}.max`);
  if (!(max > min)) throw new RecordError(`scale.max (${max}) must be greater than scale.min (${min})`, `${field}.max`);
  const scale: Scale = { min, max };
  const step = readNumber(v.step);
  if (step !== undefined) {
    if (Number.isNaN(step) || step <= 0) throw new RecordError('scale.step must be a positive number', `${field}.step`);
    const points = (max - min) / step;
    if (!(points <= MAX_SCALE_STEPS)) {
      const message = `scale.step ${step} makes ${points.toPrecision(3)} steps from ${min} to ${max}, more than ${MAX_SCALE_STEPS.toLocaleString('en-US')}`;
      if (!warnings) throw new RecordError(`${message}: use a coarser step, or none for a continuous scale`, `${field}.step`);
      warnings.push({ field: `${field}.step`, message: `${message}; the step is ignored and the scale read as continuous` });
    } else {
      scale.step = step;
    }
  }
  return scale;
}

/** True when the parsed line is a `{"rir_dataset": ...}` header. */
export function isHeaderRecord(obj: unknown): obj is { rir_dataset: unknown } {
  return isJsonObject(obj) && 'rir_dataset' in obj && !('id' in obj);
}

/** Reads the `rir_dataset` header body. Throws RecordError for a malformed header; `warnings` gets what was dropped (see readScale). */
export function readHeader(body: unknown, warnings?: FieldWarning[]): DatasetHeader {
  if (!isJsonObject(body)) throw new RecordError('rir_dataset must be an object', 'rir_dataset');
  const h: DatasetHeader = {};
  const extra: JsonObject = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'name') {
      if (typeof v === 'string') h.name = v;
    } else if (k === 'scale') {
      h.scale = readScale(v, 'rir_dataset.scale', warnings);
    } else if (k === 'prompts') {
      if (!isJsonObject(v)) throw new RecordError('prompts must be an object of version → text', 'rir_dataset.prompts');
      h.prompts = Object.fromEntries(Object.entries(v).map(([p, t]) => [p, typeof t === 'string' ? t : JSON.stringify(t)]));
    } else {
      setOwn(extra, k, v);
    }
  }
  if (Object.keys(extra).length > 0) h.extra = extra;
  return h;
}

const NO_WARNINGS: readonly FieldWarning[] = [];

/** Tolerance for floating point when checking values against a scale. */
const EPS = 1e-9;

export function inScale(v: number, s: Scale): boolean {
  return v >= s.min - EPS && v <= s.max + EPS;
}

/** Warnings for target/scores outside the scale (they are kept and warned about: docs/ARCHITECTURE.md §3.3). */
export function scaleWarnings(ex: Example, scale: Scale): readonly FieldWarning[] {
  // Almost every example has none: no array is made for them (a million examples are imported per run of `cli apply`).
  let out: FieldWarning[] | null = null;
  if (ex.target !== undefined && !inScale(ex.target, scale)) {
    (out ??= []).push({ field: 'target', message: `target ${ex.target} outside scale ${scale.min}–${scale.max}` });
  }
  const rollouts = ex.rollouts;
  for (let i = 0; i < rollouts.length; i++) {
    const score = rollouts[i]!.score;
    if (!inScale(score, scale)) {
      (out ??= []).push({ field: `rollouts[${i}].score`, message: `score ${score} outside scale ${scale.min}–${scale.max}` });
    }
  }
  return out ?? NO_WARNINGS;
}
