// The text featuriser bench page, driven by bench/textFeaturesBench.ts (`npm run bench:text:browser`)
// through Playwright. `window.benchText.featurise(examples)` times the featuriser in a fresh dedicated
// worker (so its first run is cold, as in a freshly started training worker); `postTexts(examples, runs)`
// times posting the same texts from this page to a worker, as the app sends reasoning to its training
// worker (src/workers/trainClient.ts: the strings structured-cloned, the offsets transferred).
import { makeTexts, median } from '../textData.ts';
import type { PromptTexts } from '../../src/calibrator/textModel.ts';
import type { TextWorkerReply, TextWorkerRequest } from './worker.ts';

/**
 * One post of the texts: ms of the postMessage call (structured-cloning them, on the page's thread), and
 * ms until the worker's reply, sent once it has read them (deserialised on the worker's thread), is back.
 * The two threads' clocks are not compared (performance.timeOrigin of a worker is not aligned to the page's).
 */
export interface PostTime {
  callMs: number;
  roundTripMs: number;
}

export interface PostTimes {
  cold: PostTime;
  runs: PostTime[];
  median: PostTime;
  /** Round trip of an empty message to the same worker (median of RUNS): the round trip's floor. */
  emptyRoundTripMs: number;
  chars: number;
}

declare global {
  interface Window {
    benchText: {
      featurise(examples: number): Promise<TextWorkerReply>;
      featuriseAsTheApp(examples: number): Promise<AsTheApp>;
      postTexts(examples: number, runs: number): Promise<PostTimes>;
    };
  }
}

function spawn(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'text-bench' });
}

function call(worker: Worker, request: TextWorkerRequest, transfer: Transferable[] = []): Promise<TextWorkerReply> {
  return new Promise((resolve) => {
    worker.onmessage = (e: MessageEvent<TextWorkerReply>) => resolve(e.data);
    worker.onerror = (e) => resolve({ type: 'error', message: `worker error: ${e.message || 'failed to load'}` });
    worker.postMessage(request, transfer);
  });
}

async function featurise(examples: number): Promise<TextWorkerReply> {
  const worker = spawn();
  try {
    return await call(worker, { type: 'featurise', examples });
  } finally {
    worker.terminate();
  }
}

/** A fresh worker's warm-up, then its featurisation of texts the page posted (`featurised`), or the first non-reply. */
export interface AsTheApp {
  warmUpMs: number;
  reply: TextWorkerReply;
}

let made: PromptTexts | null = null;

/**
 * The app's path: a fresh worker warms its featuriser up (the Train screen opening), then the texts are
 * posted to it (a Train run sending the reasoning) and it featurises them; its first call is the one the
 * user waits for.
 */
async function featuriseAsTheApp(examples: number): Promise<AsTheApp> {
  if (made?.offsets.length !== examples + 1) made = makeTexts(examples);
  const worker = spawn();
  try {
    const warmed = await call(worker, { type: 'warm' });
    if (warmed.type !== 'warmed') return { warmUpMs: NaN, reply: warmed };
    const offsets = made.offsets.slice();
    const reply = await call(worker, { type: 'featurise-posted', texts: { ...made, offsets } }, [offsets.buffer]);
    return { warmUpMs: warmed.warmUpMs, reply };
  } finally {
    worker.terminate();
  }
}

async function postTexts(examples: number, runs: number): Promise<PostTimes> {
  const texts = makeTexts(examples);
  let chars = 0;
  for (const t of texts.texts) chars += t.length;
  const worker = spawn();
  try {
    // Started and idle before the first post, so its start-up is not timed.
    const pong = await call(worker, { type: 'ping' });
    if (pong.type !== 'pong') throw new Error(pong.type === 'error' ? pong.message : `unexpected reply ${pong.type}`);
    const times: PostTime[] = [];
    for (let i = 0; i <= runs; i++) {
      const offsets = texts.offsets.slice();
      const reply = new Promise<TextWorkerReply>((resolve) => {
        worker.onmessage = (e: MessageEvent<TextWorkerReply>) => resolve(e.data);
      });
      const t0 = performance.now();
      worker.postMessage({ type: 'receive', texts: { ...texts, offsets } } satisfies TextWorkerRequest, [offsets.buffer]);
      const t1 = performance.now();
      const r = await reply;
      const t2 = performance.now();
      if (r.type !== 'received' || r.texts !== texts.texts.length) throw new Error(`unexpected reply ${JSON.stringify(r)}`);
      times.push({ callMs: t1 - t0, roundTripMs: t2 - t0 });
    }
    const empty: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await call(worker, { type: 'ping' });
      empty.push(performance.now() - t0);
    }
    const rest = times.slice(1);
    return {
      cold: times[0]!,
      runs: rest,
      median: { callMs: median(rest.map((t) => t.callMs)), roundTripMs: median(rest.map((t) => t.roundTripMs)) },
      emptyRoundTripMs: median(empty),
      chars,
    };
  } finally {
    worker.terminate();
  }
}

window.benchText = { featurise, featuriseAsTheApp, postTexts };
document.body.dataset.ready = 'true';
