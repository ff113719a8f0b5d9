// What every screen holds of an example (docs/ARCHITECTURE.md §3.1): the numbers, never the text.
// The input, the reasoning, the models, the log-probabilities (but their RAIL expected value) and the
// meta stay in storage and load per example on view, or as bounded streams. Stored as columns (typed arrays), which IndexedDB
// clones as bytes; held as small objects so the pure domain code reads them as it reads examples.
// Pure: no DOM, React or storage here.
import { railExpectedValue } from './rail.ts';
import type { Example, Split } from './types.ts';
import { SPLITS } from './types.ts';

/** One rollout without its text: the prompt version, the score and, when its log-probabilities give one, their RAIL expected value. */
export interface RolloutCore {
  prompt: string;
  score: number;
  rail?: number;
}

/** An example without its text: what Browse, Analyze, Compare, Annotate's queues and Train's scores need. */
export interface ExampleCore {
  id: string;
  target?: number;
  split: Split;
  splitFromHash?: boolean;
  rollouts: RolloutCore[];
}

/** The core of a full example (a new object; the example is not changed). */
export function coreOf(ex: Example): ExampleCore {
  const rollouts: RolloutCore[] = new Array(ex.rollouts.length);
  for (let i = 0; i < ex.rollouts.length; i++) {
    const r = ex.rollouts[i]!;
    const rail = r.logprobs ? railExpectedValue(r.logprobs) : null;
    rollouts[i] = rail === null ? { prompt: r.prompt, score: r.score } : { prompt: r.prompt, score: r.score, rail };
  }
  const core: ExampleCore = { id: ex.id, split: ex.split, rollouts };
  if (ex.target !== undefined) core.target = ex.target;
  if (ex.splitFromHash) core.splitFromHash = true;
  return core;
}

/**
 * The cores of n examples as columns. Example e's rollouts are rows `rolloutStart[e] ..
 * rolloutStart[e + 1]` of `rolloutPrompt` (an index into `prompts`, which lists each prompt name
 * once, first seen first), `rolloutScore` and `rolloutRail` (NaN where a rollout has no RAIL value;
 * null when none has one). `target` is NaN where an example has none; `split` holds the index into
 * SPLITS, plus SPLIT_FROM_HASH when the split came from the id hash.
 */
export interface CoreColumns {
  n: number;
  ids: string[];
  target: Float64Array;
  split: Uint8Array;
  prompts: string[];
  rolloutStart: Int32Array;
  rolloutPrompt: Int32Array;
  rolloutScore: Float64Array;
  rolloutRail: Float64Array | null;
}

/** Flag in `CoreColumns.split`: the split came from the id hash. */
export const SPLIT_FROM_HASH = 4;

/** Columns of `cores`, in order. */
export function columnsOfCores(cores: readonly ExampleCore[]): CoreColumns {
  const n = cores.length;
  let total = 0;
  for (const c of cores) total += c.rollouts.length;
  const ids: string[] = new Array(n);
  const target = new Float64Array(n);
  const split = new Uint8Array(n);
  const rolloutStart = new Int32Array(n + 1);
  const rolloutPrompt = new Int32Array(total);
  const rolloutScore = new Float64Array(total);
  let rolloutRail: Float64Array | null = null;
  const prompts: string[] = [];
  const slot = new Map<string, number>();
  let p = 0;
  for (let e = 0; e < n; e++) {
    const c = cores[e]!;
    ids[e] = c.id;
    target[e] = c.target ?? NaN;
    split[e] = SPLITS.indexOf(c.split) | (c.splitFromHash ? SPLIT_FROM_HASH : 0);
    for (const r of c.rollouts) {
      let k = slot.get(r.prompt);
      if (k === undefined) {
        k = prompts.length;
        prompts.push(r.prompt);
        slot.set(r.prompt, k);
      }
      rolloutPrompt[p] = k;
      if (r.rail !== undefined) (rolloutRail ??= new Float64Array(total).fill(NaN))[p] = r.rail;
      rolloutScore[p++] = r.score;
    }
    rolloutStart[e + 1] = p;
  }
  return { n, ids, target, split, prompts, rolloutStart, rolloutPrompt, rolloutScore, rolloutRail };
}

/**
 * The cores the columns hold, as columnsOfCores took them (a core without a target has no `target`
 * key; rollouts share the prompt name strings). Throws a RangeError naming the first column that
 * does not fit (stored data that is damaged or from elsewhere), so nothing half-read is shown.
 */
export function coresOfColumns(c: CoreColumns): ExampleCore[] {
  checkColumns(c);
  const out: ExampleCore[] = new Array(c.n);
  const { ids, target, split, prompts, rolloutStart, rolloutPrompt, rolloutScore, rolloutRail } = c;
  for (let e = 0; e < c.n; e++) {
    const from = rolloutStart[e]!;
    const to = rolloutStart[e + 1]!;
    const rollouts: RolloutCore[] = new Array(to - from);
    for (let p = from; p < to; p++) {
      const rail = rolloutRail ? rolloutRail[p]! : NaN;
      const prompt = prompts[rolloutPrompt[p]!]!;
      rollouts[p - from] = Number.isNaN(rail) ? { prompt, score: rolloutScore[p]! } : { prompt, score: rolloutScore[p]!, rail };
    }
    const s = split[e]!;
    const core: ExampleCore = { id: ids[e]!, split: SPLITS[s & 3]!, rollouts };
    const t = target[e]!;
    if (!Number.isNaN(t)) core.target = t;
    if (s & SPLIT_FROM_HASH) core.splitFromHash = true;
    out[e] = core;
  }
  return out;
}

function checkColumns(c: CoreColumns): void {
  const bad = (what: string) => {
    throw new RangeError(`stored example columns are damaged: ${what}`);
  };
  if (!(Number.isSafeInteger(c.n) && c.n >= 0)) bad(`n = ${String(c.n)}`);
  if (!Array.isArray(c.ids) || c.ids.length !== c.n) bad('ids');
  if (!(c.target instanceof Float64Array) || c.target.length !== c.n) bad('target');
  if (!(c.split instanceof Uint8Array) || c.split.length !== c.n) bad('split');
  if (!Array.isArray(c.prompts)) bad('prompts');
  if (!(c.rolloutStart instanceof Int32Array) || c.rolloutStart.length !== c.n + 1 || c.rolloutStart[0] !== 0) bad('rolloutStart');
  const total = c.rolloutStart[c.n]!;
  if (!(c.rolloutPrompt instanceof Int32Array) || c.rolloutPrompt.length !== total) bad('rolloutPrompt');
  if (!(c.rolloutScore instanceof Float64Array) || c.rolloutScore.length !== total) bad('rolloutScore');
  if (c.rolloutRail !== null && (!(c.rolloutRail instanceof Float64Array) || c.rolloutRail.length !== total)) bad('rolloutRail');
  for (let e = 0; e < c.n; e++) {
    if (typeof c.ids[e] !== 'string') bad(`ids[${e}]`);
    if (!(c.rolloutStart[e + 1]! >= c.rolloutStart[e]!)) bad(`rolloutStart[${e + 1}]`);
    if ((c.split[e]! & 3) >= SPLITS.length || c.split[e]! > (3 | SPLIT_FROM_HASH)) bad(`split[${e}]`);
  }
  for (let p = 0; p < total; p++) {
    const k = c.rolloutPrompt[p]!;
    if (!(k >= 0 && k < c.prompts.length && typeof c.prompts[k] === 'string')) bad(`rolloutPrompt[${p}]`);
  }
}
