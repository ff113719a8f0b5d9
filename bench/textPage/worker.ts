// The text bench page's dedicated worker. `featurise`: generates the texts here (so no 16 MB message
// is timed) and times the real featuriser on them (bench/textData.ts), as the app's training worker
// featurises reasoning. `receive`: acknowledges texts posted by the page once it has read them, so the
// page can time the structured clone; `ping`: an empty round trip.
import type { PromptTexts } from '../../src/calibrator/textModel.ts';
import { warmUpFeaturiser } from '../../src/calibrator/textFeatures.ts';
import { makeTexts, textChars, timeFeaturiser, type FeaturiserTimes } from '../textData.ts';

/** `warm`: first warm the featuriser up as the app's training worker does when the Train screen opens (warmUpFeaturiser). */
export type TextWorkerRequest =
  { type: 'ping' } | { type: 'featurise'; examples: number; warm: boolean } | { type: 'receive'; texts: PromptTexts };

export type TextWorkerReply =
  | { type: 'pong' }
  | { type: 'featurised'; generateMs: number; warmUpMs: number | null; chars: number; times: FeaturiserTimes; crossOriginIsolated: boolean }
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
    } else {
      const t0 = performance.now();
      const texts = makeTexts(request.examples);
      const generateMs = performance.now() - t0;
      let warmUpMs: number | null = null;
      if (request.warm) {
        const w0 = performance.now();
        warmUpFeaturiser();
        warmUpMs = performance.now() - w0;
      }
      const times = timeFeaturiser(texts, request.examples);
      scope.postMessage({
        type: 'featurised',
        generateMs,
        warmUpMs,
        chars: textChars(texts),
        times,
        crossOriginIsolated: globalThis.crossOriginIsolated,
      });
    }
  } catch (err) {
    scope.postMessage({ type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
  }
};
