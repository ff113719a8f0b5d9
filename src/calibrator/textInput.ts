// The reasoning of one prompt version's rollouts, laid out as the analysis input lays out their
// scores (`PromptRollouts` of domain/analysisInput.ts: the same examples, the same rollouts in file
// order), for the text featuriser. The training worker builds it one stored chunk at a time
// (workers/storedReasoning.ts) and counts it as it goes; the CLI builds it from the file it read.
// Pure; no DOM.
import type { Example } from '../domain/types.ts';
import type { PromptTexts } from './textModel.ts';

/** The reasoning of every rollout of `prompt` ('' where a rollout has none), example by example. */
export function promptTexts(examples: readonly Example[], prompt: string): PromptTexts {
  const offsets = new Int32Array(examples.length + 1);
  const texts: string[] = [];
  examples.forEach((ex, e) => {
    for (const r of ex.rollouts) if (r.prompt === prompt) texts.push(r.reasoning ?? '');
    offsets[e + 1] = texts.length;
  });
  return { prompt, offsets, texts };
}

/** Whether a rollout's reasoning says anything: not blank. What "a rollout carries reasoning" means everywhere. */
export function carriesReasoning(text: string): boolean {
  return text.trim() !== '';
}
