// The generated long-reasoning file of the issue-16 journeys: canonical JSONL as real RiR data looks
// (2 prompt versions × 20 rollouts of ~1.5 KB reasoning per example, and a ~400-character input),
// deterministic, about 63 KB per example. bench:scale generates its own, larger (bench/scaleData.ts).
import { writeFileSync } from 'node:fs';

const WORDS = 'the answer step check because error correct value reasoning claim proof score rubric tone clear'.split(' ');

export interface LongReasoningOptions {
  /** Examples long-0 … long-(n−1). */
  examples: number;
  /** Rollouts per prompt version (default 20). */
  rollouts?: number;
  /** Words added to one example's input, to find it by: e.g. { index: 123, words: 'about zebrafish' }. */
  marked?: { index: number; words: string };
}

/** The file's text: a header naming the dataset "Long reasoning" (scale 1–5), then one line per example. */
export function longReasoningFile({ examples, rollouts = 20, marked }: LongReasoningOptions): string {
  let seed = 16;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const text = (chars: number) => {
    let s = '';
    while (s.length < chars) s += `${WORDS[next() % WORDS.length]!} `;
    return s;
  };
  const lines: string[] = [JSON.stringify({ rir_dataset: { name: 'Long reasoning', scale: { min: 1, max: 5, step: 1 } } })];
  for (let e = 0; e < examples; e++) {
    const list = ['v1', 'v2'].flatMap((prompt) =>
      Array.from({ length: rollouts }, (_, k) => ({
        prompt,
        score: 1 + (next() % 5),
        reasoning: `${prompt} rollout ${k} of long-${e}: ${text(1500)}`,
      })),
    );
    const input = `Essay long-${e}${marked?.index === e ? ` ${marked.words}` : ''}: ${text(400)}`;
    lines.push(JSON.stringify({ id: `long-${e}`, input, target: 1 + (e % 5), rollouts: list }));
  }
  return lines.join('\n') + '\n';
}

/** Writes the file to `path`; its size in MB (10^6 bytes). */
export function writeLongReasoningFile(path: string, options: LongReasoningOptions): number {
  const text = longReasoningFile(options);
  writeFileSync(path, text);
  return Buffer.byteLength(text) / 1e6;
}
