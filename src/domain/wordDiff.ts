// Word-level diff of two reasoning traces, bounded in size and time, and the choice of a pair of
// rollouts to compare (most similar wording, closest scores). Pure: no React, no DOM, no store;
// the diff itself is jsdiff's (`diff` on npm).
import { diffSentences, diffWords, type ChangeObject } from 'diff';

/** Characters of each trace that are compared at most; the rest is left out, with a note. */
export const DIFF_MAX_CHARS = 20_000;
/**
 * Time the word-level diff may take before it gives up (ms). Two similar 20,000-character traces
 * take about 0.1 s; two unrelated ones take seconds, since the work grows with the square of the
 * number of differences, so the diff falls back to whole sentences, then to "all replaced".
 */
export const DIFF_WORD_BUDGET_MS = 500;
/** Time the sentence-level fallback may take (ms). */
export const DIFF_SENTENCE_BUDGET_MS = 250;

export type DiffKind = 'same' | 'removed' | 'inserted';

export interface DiffPart {
  kind: DiffKind;
  /** Text of the part, whitespace included; plain text, never markup. */
  text: string;
}

/** How finely the traces were compared: by word, by sentence (the word diff ran out of time), or not at all. */
export type DiffLevel = 'word' | 'sentence' | 'whole';

export interface TraceDiff {
  parts: DiffPart[];
  level: DiffLevel;
  /** Characters of each trace, and how many of them were compared (less when over the cap). */
  lengthA: number;
  lengthB: number;
  comparedA: number;
  comparedB: number;
  /** Words only in A (removed), only in B (inserted), and in both. */
  removedWords: number;
  insertedWords: number;
  sameWords: number;
}

export interface DiffOptions {
  maxChars?: number;
  wordBudgetMs?: number;
  sentenceBudgetMs?: number;
}

/**
 * The first `max` characters of `text`, not splitting a surrogate pair and, where there is one in
 * the last 200 characters, ending at a whitespace so no word is cut in two.
 */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  const space = text.slice(Math.max(0, end - 200), end).search(/\s\S*$/);
  if (space >= 0) end = Math.max(0, end - 200) + space + 1;
  return text.slice(0, end);
}

const WORD = /[\p{L}\p{N}_]+/gu;

/** Number of words (runs of letters, digits and underscores) in `text`. */
export function countWords(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(WORD)) n++;
  return n;
}

function toParts(changes: readonly ChangeObject<string>[]): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const c of changes) {
    if (c.value === '') continue;
    const kind: DiffKind = c.added ? 'inserted' : c.removed ? 'removed' : 'same';
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += c.value;
    else parts.push({ kind, text: c.value });
  }
  return parts;
}

/**
 * Word-level diff of trace `a` (old) against trace `b` (new), each cut to `maxChars`. Whitespace
 * differences alone do not count as changes (jsdiff's `diffWords`). When the word diff runs over
 * its time budget the traces are compared sentence by sentence, and when that runs over too, A is
 * shown as removed and B as inserted; `level` says which happened.
 */
export function diffTraces(a: string, b: string, options: DiffOptions = {}): TraceDiff {
  const max = options.maxChars ?? DIFF_MAX_CHARS;
  const ca = capText(a, max);
  const cb = capText(b, max);
  let level: DiffLevel = 'word';
  let changes: ChangeObject<string>[] | undefined = diffWords(ca, cb, { timeout: options.wordBudgetMs ?? DIFF_WORD_BUDGET_MS });
  if (changes === undefined) {
    level = 'sentence';
    changes = diffSentences(ca, cb, { timeout: options.sentenceBudgetMs ?? DIFF_SENTENCE_BUDGET_MS });
  }
  if (changes === undefined) {
    level = 'whole';
    changes = [
      { value: ca, removed: true, added: false, count: 1 },
      { value: cb, removed: false, added: true, count: 1 },
    ];
  }
  const parts = toParts(changes);
  const words = (kind: DiffKind) => parts.reduce((n, p) => (p.kind === kind ? n + countWords(p.text) : n), 0);
  return {
    parts,
    level,
    lengthA: a.length,
    lengthB: b.length,
    comparedA: ca.length,
    comparedB: cb.length,
    removedWords: words('removed'),
    insertedWords: words('inserted'),
    sameWords: words('same'),
  };
}

/** The distinct words of a trace, lower-cased, from its first `maxChars` characters. */
export function wordSet(text: string, maxChars = DIFF_MAX_CHARS): Set<string> {
  const set = new Set<string>();
  for (const m of capText(text, maxChars).matchAll(WORD)) set.add(m[0].toLowerCase());
  return set;
}

/** Jaccard similarity of two word sets: shared words over all words; 1 for two empty sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/** A rollout that may take part in a diff: its score and its reasoning (none: it cannot). */
export interface PairCandidate {
  score: number;
  reasoning?: string;
}

export type PairRule = 'similar' | 'scores';

/**
 * Indices `[i, j]` of the pair of rollouts, one of `as` and one of `bs`, both with reasoning,
 * whose traces share the most words (`'similar'`, Jaccard of word sets) or whose scores are
 * closest (`'scores'`, ties broken by shared words); earlier indices win remaining ties.
 * `undefined` when either side has no reasoning. Cost: one word set per trace and one
 * intersection per pair.
 */
export function pickPair(as: readonly PairCandidate[], bs: readonly PairCandidate[], rule: PairRule): [number, number] | undefined {
  const setsA = as.map((r) => (r.reasoning === undefined ? undefined : wordSet(r.reasoning)));
  const setsB = bs.map((r) => (r.reasoning === undefined ? undefined : wordSet(r.reasoning)));
  let best: [number, number] | undefined;
  let bestGap = Infinity;
  let bestSim = -1;
  setsA.forEach((sa, i) => {
    if (sa === undefined) return;
    setsB.forEach((sb, j) => {
      if (sb === undefined) return;
      const gap = rule === 'scores' ? Math.abs(as[i]!.score - bs[j]!.score) : 0;
      if (gap > bestGap + 1e-12) return;
      const sim = jaccard(sa, sb);
      if (gap < bestGap - 1e-12 || sim > bestSim) {
        best = [i, j];
        bestGap = gap;
        bestSim = sim;
      }
    });
  });
  return best;
}
