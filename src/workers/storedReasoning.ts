// A prompt version's reasoning read from storage by the training worker itself (issue 16: text features
// stream their input), a chunk at a time: counted into hashed n-grams for a training run, or handed in
// parts to a text calibrator being applied. The page sends only the dataset's id, so it never holds
// the text, and the worker holds one chunk of it at a time (plus, for training, the counts).
import { promptTexts } from '../calibrator/textInput.ts';
import { NgramHasher } from '../calibrator/textFeatures.ts';
import type { CountedReasoning } from '../calibrator/selection.ts';
import type { PromptTextsPart, TextFeaturizerSpec } from '../calibrator/textModel.ts';
import { storedChunks, type ChunkReader } from './storedChunks.ts';

export interface ReasoningPass {
  /** Examples the caller's input has: a stored dataset of another size is refused. */
  n: number;
  signal?: AbortSignal;
  /** Examples read of `total`, after each chunk. */
  onProgress?: (done: number, total: number) => void;
}

/** The reasoning of `prompt` in the stored dataset `datasetId`, a chunk's examples at a time, laid out as `promptTexts`. */
export async function* storedPromptTexts(
  db: ChunkReader,
  datasetId: string,
  prompt: string,
  { n, signal, onProgress }: ReasoningPass,
): AsyncGenerator<PromptTextsPart> {
  for await (const { start, examples, total } of storedChunks(db, datasetId, { purpose: 'reasoning cannot be read', n, signal })) {
    yield { start, texts: promptTexts(examples, prompt) };
    onProgress?.(start + examples.length, total);
  }
}

/** The hashed n-gram counts of `prompt`'s reasoning in the stored dataset, by `spec`, read a chunk at a time. */
export async function countStoredReasoning(
  db: ChunkReader,
  datasetId: string,
  prompt: string,
  spec: TextFeaturizerSpec,
  pass: ReasoningPass,
): Promise<CountedReasoning> {
  const hasher = new NgramHasher(spec, pass.n);
  for await (const { texts } of storedPromptTexts(db, datasetId, prompt, pass)) hasher.add(texts);
  return { counts: hasher.finish(), carried: hasher.carried };
}
