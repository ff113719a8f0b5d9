// The text bench page's dedicated worker. `featurise`: generates the texts here (so no 16 MB message
// is timed) and times the real featuriser on them (bench/textData.ts), as the app's training worker
// featurises reasoning. `receive`: acknowledges texts posted by the page once it has read them, so the
// page can time the structured clone; `ping`: an empty round trip.
import type { PromptTexts } from '../../src/calibrator/textModel.ts';
import { warmUpFeaturiser } from '../../src/calibrator/textFeatures.ts';
import { makeTexts, textChars, timeFeaturiser, type FeaturiserTimes } from '../textData.ts';

/**
 * `featurise`: generate the texts here, then time the featuriser (a fresh worker's cold first call). As
 * the app's training worker runs it: `warm` (warmUpFeaturiser, as when the Train screen opens), then
 * `featurise-posted` times the featuriser on texts the page posted (as the reasoning of a Train run).
 */
export type TextWorkerRequest =
  | { type: 'ping' }
  | { type: 'featurise'; examples: number }
  | { type: 'warm' }
  | { type: 'featurise-posted'; texts: PromptTexts }
  | { type: 'receive'; texts: PromptTexts };

export type TextWorkerReply =
  | { type: 'pong' }
  | { type: 'featurised'; generateMs: number; chars: number; times: FeaturiserTimes; crossOriginIsolated: boolean }
  | { type: 'warmed'; warmUpMs: number }
  | { type: 'received'; texts: number; chars: number }
  | { type: 'error'; message: string };

interface WorkerScope {
  onmessage: ((e: MessageEvent<TextWorkerRequest>) => void) | null;
  postMessage(message: TextWorkerReply): void;
}
const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (e) => {
  try {
    const request = e.data;
    if (request.type === 'ping') scope.postMessage({ type: 'pong' });
    else if (request.type === 'receive') {
      // Reading the last string makes sure the whole array is deserialised before the clock is read.
      const { texts } = request.texts;
      const chars = texts.length ? texts[texts.length - 1]!.length : 0;
      scope.postMessage({ type: 'received', texts: texts.length, chars });
    } else if (request.type === 'warm') {
      const w0 = performance.now();
      warmUpFeaturiser();
      scope.postMessage({ type: 'warmed', warmUpMs: performance.now() - w0 });
    } else {
      const t0 = performance.now();
      const texts = request.type === 'featurise' ? makeTexts(request.examples) : request.texts;
      const generateMs = request.type === 'featurise' ? performance.now() - t0 : 0;
      const times = timeFeaturiser(texts, texts.offsets.length - 1);
      scope.postMessage({
        type: 'featurised',
        generateMs,
        chars: textChars(texts),
        times,
        crossOriginIsolated: globalThis.crossOriginIsolated,
      });
    }
  } catch (err) {
    scope.postMessage({ type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
  }
};
