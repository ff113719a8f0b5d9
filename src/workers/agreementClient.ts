// Main-thread facade of the agreement worker (docs/ARCHITECTURE.md §8.8). The labels are built (and
// transferred) only when the worker does not already hold them under the same key; results stream
// in as one accumulated `AgreementResult` per message; a finished result is kept per key and
// request, so revisiting the Agreement screen with unchanged labels shows it at once. Aborting asks
// the worker to stop between slices (it keeps the labels).
import { agreementTransferables, type AgreementInput, type AgreementSummary, type PairPage } from '../domain/metrics/agreementPairs.ts';
import type { AgreementRequest, FromAgreementWorker, ToAgreementWorker } from './protocol.ts';
import { createWorkerRpc } from './workerRpc.ts';
import { spawnAgreementWorker } from './spawnWorker.ts';

/** What is known so far of one request. */
export interface AgreementResult {
  summary: AgreementSummary | null;
  /** The listed pairs; `cccCi` is set on those whose bootstrap has finished. */
  page: PairPage | null;
  /** Share (0–1) of the listed pairs' bootstrap done. */
  progress: number;
  complete: boolean;
}

export interface AgreementJob {
  /** Called after each message with everything known so far (a new object each time). */
  onUpdate: (result: AgreementResult) => void;
  signal?: AbortSignal;
}

export interface AgreementClient {
  /** The result of an earlier request with this key: finished, or only its summary (another filter); null when none. */
  cached(key: string, request: AgreementRequest): AgreementResult | null;
  /** Runs one request on the labels named `key` (same key = same labels); `build` makes them when the worker lacks them. */
  run(key: string, build: () => AgreementInput, request: AgreementRequest, job: AgreementJob): Promise<AgreementResult>;
}

/** Finished results kept (key and request). */
const CACHED = 16;

const EMPTY: AgreementResult = { summary: null, page: null, progress: 0, complete: false };

export function createAgreementClient(spawn: () => Worker = spawnAgreementWorker): AgreementClient {
  const rpc = createWorkerRpc<ToAgreementWorker, FromAgreementWorker>(spawn, 'agreement');
  let heldKey: string | null = null;
  const results = new Map<string, AgreementResult>();
  const summaries = new Map<string, AgreementSummary>();
  const cacheKey = (key: string, r: AgreementRequest) => JSON.stringify([key, r.filter, r.limit, r.disagreements, r.bootstrap]);
  const summaryKey = (key: string, r: AgreementRequest) => JSON.stringify([key, r.disagreements]);

  function remember<V>(map: Map<string, V>, key: string, value: V) {
    map.delete(key);
    map.set(key, value);
    while (map.size > CACHED) map.delete(map.keys().next().value!);
  }

  const send = (key: string, input: AgreementInput | null, request: AgreementRequest, job: AgreementJob) => {
    let result = EMPTY;
    const update = (next: AgreementResult) => {
      result = next;
      job.onUpdate(result);
    };
    return rpc.run<AgreementResult | 'missing-input'>(
      { id: rpc.nextId(), type: 'agreement', key, input, request },
      (m, resolve) => {
        switch (m.type) {
          case 'summary':
            remember(summaries, summaryKey(key, request), m.summary);
            update({ ...result, summary: m.summary });
            return;
          case 'pairs':
            update({ ...result, page: m.page });
            return;
          case 'pair-cis': {
            if (!result.page) return;
            const pairs = result.page.pairs.slice();
            m.cis.forEach((ci, k) => (pairs[m.from + k] = { ...pairs[m.from + k]!, cccCi: ci }));
            update({ ...result, page: { ...result.page, pairs } });
            return;
          }
          case 'progress':
            update({ ...result, progress: m.total > 0 ? m.done / m.total : 1 });
            return;
          case 'done':
            update({ ...result, progress: 1, complete: true });
            remember(results, cacheKey(key, request), result);
            resolve(result);
            return;
          case 'missing-input':
            resolve('missing-input');
            return;
        }
      },
      {
        signal: job.signal,
        transfer: input ? agreementTransferables(input) : [],
        cancel: (id) => ({ id, type: 'cancel' }),
      },
    );
  };

  return {
    cached(key, request) {
      const done = results.get(cacheKey(key, request));
      if (done) return done;
      const summary = summaries.get(summaryKey(key, request));
      return summary ? { ...EMPTY, summary } : null;
    },
    async run(key, build, request, job) {
      if (heldKey === key && rpc.alive()) {
        const answer = await send(key, null, request, job);
        if (answer !== 'missing-input') return answer;
      }
      heldKey = key;
      const input = build();
      job.signal?.throwIfAborted();
      const answer = await send(key, input, request, job);
      if (answer === 'missing-input') throw new Error('the agreement worker did not keep the labels it was sent');
      return answer;
    },
  };
}

let shared: AgreementClient | null = null;

/** The page's agreement client, made on first use (its worker starts with the first request). */
export const agreementClient = (): AgreementClient => (shared ??= createAgreementClient());
