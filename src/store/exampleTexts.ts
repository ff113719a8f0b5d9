// The text of the open dataset's examples, loaded per example on view (docs/ARCHITECTURE.md §7.3): the
// store holds only each example's core (domain/exampleCore.ts); the input, the reasoning and the rest
// come from the stored chunk that holds the example, parsed once and kept in a small cache of recent
// chunks, so moving through neighbours (j/k) reads nothing new. No React here: views use
// views/example/useExample.ts.
import { carriesReasoning, promptTexts } from '../calibrator/textInput.ts';
import { NgramNamer, type NgramDictionary } from '../calibrator/textExplain.ts';
import type { TextFeaturizerSpec } from '../calibrator/textModel.ts';
import type { Example } from '../domain/types.ts';
import type { WorkbenchDb } from '../persist/db.ts';

/** Chunks kept parsed: a chunk holds up to 2,000 examples or about 512 KB of source text. */
export const CACHED_CHUNKS = 8;

export interface ExampleTexts {
  readonly datasetId: string;
  /** The full example `index` when its chunk is parsed already, else undefined (then `load` it). */
  peek(index: number): Example | undefined;
  /** The full example `index`: reads and parses its chunk unless cached. Rejects for an index out of range or damaged storage. */
  load(index: number): Promise<Example>;
  /** Starts loading the chunks of these examples (the ones a user is likely to open next); errors are left to `load`. */
  prefetch(indices: readonly number[]): void;
  /**
   * Every example in order, a chunk at a time, with the index of its first example: for exports,
   * text features and other passes over all the text, so memory holds about one chunk. Chunks read
   * this way do not enter the cache of recent chunks. Stops with the signal's reason when aborted.
   */
  chunks(signal?: AbortSignal): AsyncGenerator<{ start: number; examples: Example[] }>;
}

/** Index of the chunk holding example `index`: the last c with chunkStarts[c] ≤ index. */
export function chunkOf(chunkStarts: Int32Array, index: number): number {
  let lo = 0;
  let hi = chunkStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (chunkStarts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Texts of the dataset `datasetId` whose examples have the ids `ids` (the cores', in order) and whose
 * chunks start at `chunkStarts`. A loaded example whose id differs from its core's is refused: the
 * chunks and the core no longer belong together.
 */
export function createExampleTexts(
  db: () => Promise<Pick<WorkbenchDb, 'loadChunk'>>,
  datasetId: string,
  ids: readonly string[],
  chunkStarts: Int32Array,
  capacity = CACHED_CHUNKS,
): ExampleTexts {
  /** Parsed chunks, least recently used first. */
  const parsed = new Map<number, Example[]>();
  const pending = new Map<number, Promise<Example[]>>();

  function remember(c: number, examples: Example[]): void {
    parsed.delete(c);
    parsed.set(c, examples);
    while (parsed.size > capacity) parsed.delete(parsed.keys().next().value!);
  }

  function checkIndex(index: number): void {
    if (!(Number.isInteger(index) && index >= 0 && index < ids.length)) {
      throw new RangeError(`example ${index} is not in this dataset of ${ids.length} examples`);
    }
  }

  /** Reads chunk c and checks it against the cores' ids. */
  async function read(c: number): Promise<Example[]> {
    const examples = await (await db()).loadChunk(datasetId, c);
    const start = chunkStarts[c]!;
    const end = c + 1 < chunkStarts.length ? chunkStarts[c + 1]! : ids.length;
    if (!examples || examples.length !== end - start) {
      throw new Error(`The stored text of examples ${start + 1}–${end} is missing or incomplete. Import the file again.`);
    }
    examples.forEach((ex, i) => {
      if (ex.id !== ids[start + i]) {
        throw new Error(`The stored text of example ${start + i + 1} (“${ids[start + i]}”) belongs to “${ex.id}”. Import the file again.`);
      }
    });
    return examples;
  }

  function chunk(c: number): Promise<Example[]> {
    const hit = parsed.get(c);
    if (hit) {
      remember(c, hit);
      return Promise.resolve(hit);
    }
    let p = pending.get(c);
    if (!p) {
      p = read(c)
        .then((examples) => {
          remember(c, examples);
          return examples;
        })
        .finally(() => pending.delete(c));
      pending.set(c, p);
    }
    return p;
  }

  return {
    datasetId,
    peek(index) {
      if (!(Number.isInteger(index) && index >= 0 && index < ids.length)) return undefined;
      const c = chunkOf(chunkStarts, index);
      return parsed.get(c)?.[index - chunkStarts[c]!];
    },
    async load(index) {
      checkIndex(index);
      const c = chunkOf(chunkStarts, index);
      return (await chunk(c))[index - chunkStarts[c]!]!;
    },
    prefetch(indices) {
      for (const index of indices) {
        if (!(Number.isInteger(index) && index >= 0 && index < ids.length)) continue;
        const c = chunkOf(chunkStarts, index);
        if (!parsed.has(c)) chunk(c).catch(() => undefined);
      }
    },
    async *chunks(signal) {
      for (let c = 0; c < chunkStarts.length; c++) {
        signal?.throwIfAborted();
        const examples = parsed.get(c) ?? (await read(c));
        signal?.throwIfAborted();
        yield { start: chunkStarts[c]!, examples };
      }
    },
  };
}

/**
 * The n-gram names of the buckets `only` (textExplain.ts `ngramsOf`) in the reasoning of `prompt`,
 * over the examples `trainExamples` (null: every one), read from storage a chunk at a time: memory
 * holds one chunk and the names, never the version's reasoning.
 */
export async function loadNgramDictionary(
  texts: ExampleTexts,
  prompt: string,
  spec: TextFeaturizerSpec,
  only: ReadonlySet<number> | null,
  trainExamples: ArrayLike<number> | null,
  signal?: AbortSignal,
): Promise<NgramDictionary> {
  const namer = new NgramNamer(spec, only);
  let wanted: Uint8Array | null = null;
  if (trainExamples) {
    let max = -1;
    for (let i = 0; i < trainExamples.length; i++) max = Math.max(max, trainExamples[i]!);
    wanted = new Uint8Array(max + 1);
    for (let i = 0; i < trainExamples.length; i++) wanted[trainExamples[i]!] = 1;
  }
  for await (const { start, examples } of texts.chunks(signal)) {
    const part = promptTexts(examples, prompt);
    if (!wanted) namer.add(part, null);
    else {
      const rows: number[] = [];
      for (let i = 0; i < examples.length; i++) if (wanted[start + i] === 1) rows.push(i);
      if (rows.length > 0) namer.add(part, rows);
    }
  }
  return namer.finish();
}

/**
 * Whether some rollout of `prompt` carries reasoning (textInput.ts `carriesReasoning`), read from
 * storage a chunk at a time until one does: usually the first chunk; every chunk only when none does.
 */
export async function hasPromptReasoning(texts: ExampleTexts, prompt: string, signal?: AbortSignal): Promise<boolean> {
  for await (const { examples } of texts.chunks(signal)) {
    for (const ex of examples) for (const r of ex.rollouts) if (r.prompt === prompt && carriesReasoning(r.reasoning ?? '')) return true;
  }
  return false;
}
