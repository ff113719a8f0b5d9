// Text featuriser speed (issue 15 point 1: "400 examples × 80 rollouts × 500 characters in ≤ 0.3 s").
// Generates 32,000 English-like reasoning texts of 500 characters (words drawn with a Zipf law from a
// vocabulary of 2,000 made-up words, capitalised sentence starts, commas, periods, numbers, newlines),
// then times `hashNgrams` (uni- and bigrams, D = 2^14) and `fitIdf` + `tfidfRows` in node: the median
// of 5 runs after one warm-up (the cold first run is printed too), and MB/s over the texts' UTF-16 length (= bytes here: all ASCII).
import { fitIdf, hashNgrams, tfidfRows } from '../src/calibrator/textFeatures.ts';
import { DEFAULT_TEXT_SPEC, type PromptTexts } from '../src/calibrator/textModel.ts';
import { rng } from './benchData.ts';

const EXAMPLES = Number(process.env.BENCH_EXAMPLES ?? 400);
const ROLLOUTS = 80;
const CHARS = 500;
const VOCABULARY = 2000;
const RUNS = 5;
const BUDGET_MS = 300;

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

function makeTexts(): PromptTexts {
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
  const offsets = new Int32Array(EXAMPLES + 1);
  for (let e = 0; e < EXAMPLES; e++) {
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function time<T>(f: () => T): { first: number; ms: number[]; result: T } {
  const t = performance.now();
  let result = f(); // warm-up (a worker featurises once, cold: reported too)
  const first = performance.now() - t;
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    result = f();
    ms.push(performance.now() - t0);
  }
  return { first, ms, result };
}

const texts = makeTexts();
let chars = 0;
for (const t of texts.texts) chars += t.length;
const mb = chars / 1e6;
console.log(`${EXAMPLES} examples × ${ROLLOUTS} rollouts × ${CHARS} chars = ${mb.toFixed(1)} MB; D = 2^14, n-grams 1, 2`);

const hashed = time(() => hashNgrams(texts, EXAMPLES, DEFAULT_TEXT_SPEC));
const counts = hashed.result;
const hashMs = median(hashed.ms);
console.log(
  `hashNgrams: median ${hashMs.toFixed(1)} ms (runs ${hashed.ms.map((x) => x.toFixed(0)).join(', ')}; cold ${hashed.first.toFixed(0)}), ` +
    `${(mb / (hashMs / 1000)).toFixed(0)} MB/s, ${counts.index.length} nonzeros (${(counts.index.length / EXAMPLES).toFixed(0)} per example); ` +
    `budget ${BUDGET_MS} ms: ${hashMs <= BUDGET_MS ? 'OK' : 'OVER'}`,
);

const train = Int32Array.from({ length: Math.floor(EXAMPLES * 0.8) }, (_, i) => i);
const tfidf = time(() => tfidfRows(counts, fitIdf(counts, train)));
console.log(`fitIdf + tfidfRows: median ${median(tfidf.ms).toFixed(1)} ms`);
