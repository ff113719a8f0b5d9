// The text featuriser benchmark's data and timing (issue 15 point 1: "400 examples × 80 rollouts ×
// 500 characters in ≤ 0.3 s"), shared by node (bench/textFeaturesBench.ts) and the bench page's worker
// (bench/textPage/worker.ts), so both featurise the same texts the same way. Browser-safe: no node imports.
// The texts: English-like reasoning of 500 characters (words drawn with a Zipf law from a vocabulary of
// 2,000 made-up words, capitalised sentence starts, commas, periods, numbers, newlines), all ASCII.
import { fitIdf, hashNgrams, tfidfRows } from '../src/calibrator/textFeatures.ts';
import { DEFAULT_TEXT_SPEC, type HashedCounts, type PromptTexts } from '../src/calibrator/textModel.ts';
import { rng } from './benchRng.ts';

export const EXAMPLES = 400;
export const ROLLOUTS = 80;
export const CHARS = 500;
const VOCABULARY = 2000;
/** Timed runs after the cold one; the median is reported. */
export const RUNS = 5;
export const BUDGET_MS = 300;

function vocabulary(r: () => number): string[] {
  const letters = 'etaoinshrdlcumwfgypbvkjxqz';
  const words = new Set<string>();
  while (words.size < VOCABULARY) {
    const len = 1 + Math.floor(r() * r() * 11);
    let w = '';
    // Skewed letter frequencies, like English.
    for (let i = 0; i < len; i++) w += letters[Math.floor(r() * r() * letters.length)]!;
    words.add(w);
  }
  return [...words];
}

/** `examples` × ROLLOUTS texts of CHARS characters, deterministic (seed 15). */
export function makeTexts(examples: number): PromptTexts {
  const r = rng(15);
  const words = vocabulary(r);
  // Zipf: P(rank k) ∝ 1 / (k + 1); sampled from the cumulative table.
  const cdf = new Float64Array(words.length);
  let acc = 0;
  for (let k = 0; k < words.length; k++) cdf[k] = acc += 1 / (k + 1);
  const pick = (): string => {
    const u = r() * acc;
    let lo = 0;
    let hi = words.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
  const texts: string[] = [];
  const offsets = new Int32Array(examples + 1);
  for (let e = 0; e < examples; e++) {
    for (let k = 0; k < ROLLOUTS; k++) {
      let s = '';
      let start = true;
      while (s.length < CHARS) {
        let w = r() < 0.03 ? String(Math.floor(r() * 1000)) : pick();
        if (start) w = w[0]!.toUpperCase() + w.slice(1);
        start = false;
        const p = r();
        if (p < 0.06) {
          w += '.';
          start = true;
        } else if (p < 0.1) w += ',';
        else if (p < 0.11) w += ':';
        s += w + (start && r() < 0.2 ? '\n' : ' ');
      }
      texts.push(s.slice(0, CHARS));
    }
    offsets[e + 1] = texts.length;
  }
  return { prompt: 'bench', offsets, texts };
}

/** Total UTF-16 length of the texts (= bytes here: all ASCII). */
export function textChars(texts: PromptTexts): number {
  let chars = 0;
  for (const t of texts.texts) chars += t.length;
  return chars;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** One step's times: the first (cold) call and the RUNS calls after it. */
export interface StepTimes {
  coldMs: number;
  runsMs: number[];
  medianMs: number;
}

export interface FeaturiserTimes {
  hashNgrams: StepTimes;
  /** fitIdf (over the first 80% of the examples) + tfidfRows (every example), on hashNgrams' counts. */
  tfidf: StepTimes;
  /** hashNgrams + fitIdf + tfidfRows: per run, the sum of the two steps above. */
  pipeline: StepTimes;
  nonzeros: number;
  /** Order-sensitive checksum of the counts and the tf-idf values, to confirm two engines computed the same. */
  checksum: number;
}

const step = (ms: number[]): StepTimes => ({ coldMs: ms[0]!, runsMs: ms.slice(1), medianMs: median(ms.slice(1)) });

function checksumOf(counts: HashedCounts, values: Float64Array): number {
  let h = 0;
  for (let i = 0; i < counts.index.length; i++) h = (Math.imul(h, 31) + counts.index[i]! + counts.count[i]!) | 0;
  for (let i = 0; i < counts.offsets.length; i++) h = (Math.imul(h, 31) + counts.offsets[i]!) | 0;
  // The values to 1e-9: node and Chromium may differ in Math.log's last bit.
  for (let i = 0; i < values.length; i++) h = (Math.imul(h, 31) + Math.round(values[i]! * 1e9)) | 0;
  return h >>> 0;
}

/**
 * Featurises `texts` 1 + RUNS times as the trainer does (hashNgrams with the default spec, then
 * fitIdf + tfidfRows), each step timed with performance.now(): the first run is the cold one (the
 * first call of the featuriser in this process or worker), the median is over the RUNS after it.
 */
export function timeFeaturiser(texts: PromptTexts, examples: number): FeaturiserTimes {
  const train = Int32Array.from({ length: Math.floor(examples * 0.8) }, (_, i) => i);
  const hash: number[] = [];
  const tfidf: number[] = [];
  let checksum = 0;
  let nonzeros = 0;
  for (let run = 0; run <= RUNS; run++) {
    const t0 = performance.now();
    const counts = hashNgrams(texts, examples, DEFAULT_TEXT_SPEC);
    const t1 = performance.now();
    const rows = tfidfRows(counts, fitIdf(counts, train));
    const t2 = performance.now();
    hash.push(t1 - t0);
    tfidf.push(t2 - t1);
    if (run === 0) {
      checksum = checksumOf(counts, rows.values);
      nonzeros = counts.index.length;
    }
  }
  return {
    hashNgrams: step(hash),
    tfidf: step(tfidf),
    pipeline: step(hash.map((h, i) => h + tfidf[i]!)),
    nonzeros,
    checksum,
  };
}
