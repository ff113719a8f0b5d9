// bench:scale's data (issue 16 point 5): canonical JSONL of long examples as real RiR data has them —
// 2 prompt versions × 20 rollouts of 1,000–2,000 characters of English-like reasoning each, inputs of
// 300–800 characters — about 61 KB per example, so 20k examples ≈ 1.2 GB. Each example is generated
// from its own seed (so any one can be made again without reading the file), streamed to
// bench/out/ once and reused; the name carries the example count and a generator version.
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { OUT_DIR } from './benchData.ts';
import { rng } from './benchRng.ts';

export const LONG_PROMPTS = ['v1', 'v2'] as const;
export const LONG_ROLLOUTS_PER_PROMPT = 20;
const SEED = 0x5ca1e16;

/** Bump when the generator changes, so a stale file is not reused. */
const VERSION = 'v1';
export const longFile = (examples: number) => path.join(OUT_DIR, `scale-long-${examples}-${VERSION}.jsonl`);
export const longId = (i: number) => `long-${String(i).padStart(6, '0')}`;

// Common English words, most frequent first: picked with a Zipf law, so the text compresses and
// tokenises like prose rather than like random letters.
const WORDS = (
  'the of and to a in that is it for as on with this be are by not we so if at from which but or ' +
  'step answer solution value term equation each first second final because therefore since then ' +
  'correct error sum number case result claim check both only also all can has have was were its ' +
  'there when where how must would should could does do one two three four five six seven ten more ' +
  'less than equal greater smaller both given problem student response reasoning argument proof ' +
  'follows holds assume suppose consider note expression function integer prime factor divisor ' +
  'root square multiply divide add subtract simplify expand substitute compute derive conclude ' +
  'statement condition constraint bound limit series sequence triangle angle side length area ' +
  'circle radius point line slope interval positive negative even odd whole real rational missing ' +
  'wrong right clear unclear justified unjustified careful sloppy partial complete incomplete minor ' +
  'major mistake slip arithmetic algebra logic gap jump assumption definition lemma theorem rule ' +
  'formula identity notation units sign order however although while still already again instead ' +
  'indeed rather quite fairly mostly entirely nearly exactly roughly likely unlikely reader grader ' +
  'rubric score points credit deduct award full half most some few many any every other same different'
).split(' ');
const OPENERS = [
  'Looking at the response',
  'First',
  'Next',
  'In step',
  'The student',
  'Checking the arithmetic',
  'On the other hand',
  'Overall',
  'To verify this',
  'Here the argument',
  'Going back to the problem',
  'Taken together',
];

function zipfTable(n: number): Float64Array {
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let k = 0; k < n; k++) cdf[k] = acc += 1 / (k + 2);
  for (let k = 0; k < n; k++) cdf[k]! /= acc;
  return cdf;
}
const CDF = zipfTable(WORDS.length);

function word(r: () => number): string {
  const u = r();
  let lo = 0;
  let hi = CDF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (CDF[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return WORDS[lo]!;
}

/** English-like prose of about `chars` characters: sentences of 8–24 words, commas, numbers, paragraphs. */
function prose(r: () => number, chars: number): string {
  let s = '';
  while (s.length < chars) {
    const parts = [OPENERS[Math.floor(r() * OPENERS.length)]!];
    if (parts[0] === 'In step') parts[0] += ` ${1 + Math.floor(r() * 9)},`;
    const n = 8 + Math.floor(r() * 17);
    for (let k = 0; k < n; k++) {
      let w = word(r);
      const p = r();
      // Numbers stay inside sentences (never "12." at a line start, which markdown reads as a list).
      if (p < 0.04) w = `${Math.floor(r() * 100)} ${w}`;
      else if (p < 0.1 && k < n - 1) w += ',';
      parts.push(w);
    }
    s += parts.join(' ') + '.';
    s += r() < 0.15 ? '\n\n' : ' ';
  }
  return s.trimEnd();
}

export interface LongExample {
  id: string;
  /** The first rollout's reasoning (prompt v1), whose start the Example screen must show. */
  firstReasoning: string;
  line: string;
}

/** Example `i` of the long files: the same for every file (each has its own seed). */
export function longExample(i: number): LongExample {
  const r = rng((SEED ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
  const target = Math.round(r() * 20) / 2;
  const a = 1 + Math.floor(r() * 9);
  const b = Math.floor(r() * 20);
  const input =
    `**Problem ${i}.** Let $a_n = ${a}n + ${b}$ for every integer $n \\ge 1$. ${prose(r, 150 + r() * 250)}\n\n` +
    `**Student answer.** ${prose(r, 100 + r() * 250)}`;
  const rollouts = LONG_PROMPTS.flatMap((prompt, p) =>
    Array.from({ length: LONG_ROLLOUTS_PER_PROMPT }, () => {
      const score = Math.min(10, Math.max(0, Math.round(target + (r() - 0.5) * (5 - 2 * p))));
      return { prompt, score, reasoning: `${prose(r, 980 + r() * 1000)}\nFinal score: ${score}` };
    }),
  );
  const id = longId(i);
  const line = JSON.stringify({ id, input, target, split: ['train', 'train', 'train', 'val', 'test'][i % 5], rollouts });
  return { id, firstReasoning: rollouts[0]!.reasoning, line };
}

/** Average bytes of a long example's line (with its newline), from the first 200. */
export function longBytesPerExample(): number {
  let bytes = 0;
  for (let i = 0; i < 200; i++) bytes += Buffer.byteLength(longExample(i).line) + 1;
  return bytes / 200;
}

/**
 * Writes `longFile(examples)` unless it exists (it is written under a temporary name and renamed
 * when complete, so an existing one is whole); streamed, never held in memory. Returns its size.
 */
export async function ensureLongFile(examples: number, log: (s: string) => void = () => {}): Promise<number> {
  const file = longFile(examples);
  if (existsSync(file)) return statSync(file).size;
  mkdirSync(OUT_DIR, { recursive: true });
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp, { highWaterMark: 4 << 20 });
  const header = { rir_dataset: { name: `bench scale: ${examples} long examples`, scale: { min: 0, max: 10, step: 0.5 } } };
  out.write(JSON.stringify(header) + '\n');
  const t0 = performance.now();
  for (let i = 0; i < examples; i++) {
    if (!out.write(longExample(i).line + '\n')) await once(out, 'drain');
    if (i > 0 && i % 5000 === 0) log(`  ${path.basename(file)}: ${i} of ${examples} examples written`);
  }
  out.end();
  await once(out, 'finish');
  await rename(tmp, file);
  const bytes = statSync(file).size;
  log(`  wrote ${path.basename(file)}: ${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return bytes;
}
