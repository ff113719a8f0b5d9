// Deterministic benchmark data: a ~50 MB canonical JSONL of realistic examples (input object
// with question + steps, 3 prompt versions × 5 rollouts with ~300-char reasoning), written once
// to bench/out/ and reused by the node and browser import benchmarks.
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { rng } from './benchRng.ts';

export { rng };

export const OUT_DIR = path.resolve(import.meta.dirname, 'out');
/** Bump the version when the generator changes, so a stale file is not reused. */
export const CANONICAL_FILE = path.join(OUT_DIR, 'canonical-50mb-v1.jsonl');
export const TARGET_BYTES = 50_000_000;

const PROMPTS = ['v1', 'v2', 'v3'];
const ROLLOUTS_PER_PROMPT = 5;
const WORDS = (
  'the a step proof sum term factor value prime divides hence therefore because so assume contradiction ' +
  'claim error check correct wrong follows solution equation integer modulo root square bound induction ' +
  'case lemma implies substitute simplify expand derive inequality triangle angle area limit series converge'
).split(' ');

function sentence(r: () => number, chars: number): string {
  const out: string[] = [];
  let n = 0;
  while (n < chars) {
    const w = WORDS[Math.floor(r() * WORDS.length)]!;
    out.push(w);
    n += w.length + 1;
  }
  return out.join(' ');
}

/** One canonical example line (no trailing newline). */
export function exampleLine(i: number, r: () => number): string {
  const target = Math.round(r() * 20) / 2;
  const steps = Array.from({ length: 4 + Math.floor(r() * 3) }, (_, k) => `Step ${k + 1}: ${sentence(r, 80 + r() * 40)}.`);
  const rollouts = PROMPTS.flatMap((prompt, p) =>
    Array.from({ length: ROLLOUTS_PER_PROMPT }, () => {
      const noise = (r() - 0.5) * (6 - 2 * p);
      const score = Math.min(10, Math.max(0, Math.round(target + noise)));
      return {
        prompt,
        score,
        reasoning: `${sentence(r, 260 + r() * 80)}.\nFinal score: ${score}`,
        model: 'gpt-4.1-mini',
      };
    }),
  );
  const ex: Record<string, unknown> = {
    id: `bench-${String(i).padStart(6, '0')}`,
    input: { question: `Problem ${i}: ${sentence(r, 150 + r() * 100)}?`, steps },
    target,
    ...(i % 2 === 0 ? { split: ['train', 'val', 'test'][i % 3] } : {}),
    meta: { source: 'bench' },
    rollouts,
  };
  return JSON.stringify(ex);
}

/** Writes the file unless an up-to-date copy exists; returns its path and size. */
export async function ensureCanonicalFile(): Promise<{ file: string; bytes: number }> {
  if (existsSync(CANONICAL_FILE) && statSync(CANONICAL_FILE).size >= TARGET_BYTES) {
    return { file: CANONICAL_FILE, bytes: statSync(CANONICAL_FILE).size };
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const tmp = `${CANONICAL_FILE}.tmp`;
  const out = createWriteStream(tmp);
  const r = rng(20240601);
  let bytes = 0;
  const header = JSON.stringify({ rir_dataset: { name: 'bench canonical 50 MB', scale: { min: 0, max: 10, step: 0.5 } } }) + '\n';
  out.write(header);
  bytes += Buffer.byteLength(header);
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const line = exampleLine(i, r) + '\n';
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const { rename } = await import('node:fs/promises');
  await rename(tmp, CANONICAL_FILE);
  return { file: CANONICAL_FILE, bytes };
}

/** The Browse/Analyze benchmark file of N short examples (2 prompts × 3 integer rollouts, 90% labelled). */
export function browseFile(n: number): string {
  return path.join(OUT_DIR, `browse-${n}-v1.jsonl`);
}

/** Writes `browseFile(N)` once (deterministic) and returns its size in bytes. */
export async function ensureBrowseFile(N: number): Promise<number> {
  const FILE = browseFile(N);
  if (existsSync(FILE)) return statSync(FILE).size;
  mkdirSync(OUT_DIR, { recursive: true });
  const out = createWriteStream(FILE);
  let seed = 12345;
  const r = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < N; i++) {
    const target = Math.round(r() * 100) / 10;
    const rollouts = ['v1', 'v2'].flatMap((prompt) =>
      [0, 1, 2].map(() => {
        const score = Math.max(0, Math.min(10, Math.round(target + (r() - 0.5) * 4)));
        return { prompt, score, reasoning: `Step ${1 + Math.floor(r() * 5)} looks wrong. Final score: ${score}` };
      }),
    );
    const ex = {
      id: `ex-${String(i).padStart(6, '0')}`,
      input: `Problem ${i}: is the sum of ${i} and ${i + 1} odd?`,
      ...(i % 10 ? { target } : {}),
      rollouts,
    };
    if (!out.write(JSON.stringify(ex) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(FILE).size;
}
