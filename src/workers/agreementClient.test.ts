// The agreement client against the worker's own handling (agreementWorkerCore.ts) run in node: a
// stand-in Worker delivers messages (structured-cloned, typed arrays detached on transfer) to the handler
// in later tasks. Checks the streamed order (summary, then points, then CIs), the numbers against the
// unsliced agreement.ts, the per-key cache, and that aborting cancels the job.
import { describe, expect, it } from 'vitest';
import type { CurrentLabel, LabelState } from '../domain/labels.ts';
import { icc21, krippendorffAlphaInterval, pairwiseAgreement } from '../domain/metrics/agreement.ts';
import { agreementInput, type AgreementInput } from '../domain/metrics/agreementPairs.ts';
import { createAgreementClient, type AgreementResult } from './agreementClient.ts';
import { createAgreementHandler } from './agreementWorkerCore.ts';
import type { AgreementRequest, FromAgreementWorker, ToAgreementWorker } from './protocol.ts';

class InProcessWorker {
  onmessage: ((e: MessageEvent<FromAgreementWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  received: ToAgreementWorker[] = [];
  private readonly handle = createAgreementHandler((m) =>
    setTimeout(() => this.onmessage?.({ data: structuredClone(m) } as MessageEvent<FromAgreementWorker>), 0),
  );
  postMessage(msg: ToAgreementWorker, transfer: Transferable[] = []) {
    const copy = structuredClone(msg, { transfer });
    this.received.push(copy);
    setTimeout(() => this.handle(copy), 0);
  }
  terminate() {}
}

/** 60 annotators, each labelling 8 of 30 examples (annotators i and i + 30 the same ones). */
function manyAnnotators(): { state: LabelState; names: string[] } {
  const state = new Map<string, Map<string, CurrentLabel>>();
  const names: string[] = [];
  let seq = 0;
  for (let i = 0; i < 60; i++) {
    const name = `a${String(i).padStart(2, '0')}`;
    names.push(name);
    for (let k = 0; k < 8; k++) {
      const ex = `e${(i * 7 + k * 4) % 30}`;
      const inner = state.get(ex) ?? new Map<string, CurrentLabel>();
      inner.set(name, { value: (i * k + (ex.length % 3)) % 11, note: null, at: seq, seq: seq++ });
      state.set(ex, inner);
    }
  }
  return { state, names };
}

const request: AgreementRequest = { filter: null, limit: 10, disagreements: 5, bootstrap: { seed: 0, resamples: 1000 } };

function setup() {
  const workers: InProcessWorker[] = [];
  const client = createAgreementClient(() => {
    const w = new InProcessWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  return { client, workers };
}

describe('agreement client + worker', () => {
  it('streams the summary, then the top pairs, then their CIs: the numbers of agreement.ts', async () => {
    const { state, names } = manyAnnotators();
    const { client, workers } = setup();
    const updates: AgreementResult[] = [];
    let builds = 0;
    let built: AgreementInput | null = null;
    const result = await client.run('k1', () => (builds++, (built = agreementInput(state, names))), request, {
      onUpdate: (r) => updates.push(r),
    });
    expect(builds).toBe(1);
    expect(updates[0]!.summary).not.toBeNull();
    expect(updates[0]!.page).toBeNull();
    const firstPage = updates.find((u) => u.page)!;
    expect(firstPage.page!.pairs.every((p) => p.cccCi === undefined)).toBe(true);

    const ranked = pairwiseAgreement(state, names).sort((p, q) => q.n - p.n || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : 1));
    // The CIs of the top pairs, each computed alone and unsliced.
    const want = ranked.slice(0, 10).map((p) => pairwiseAgreement(state, [p.a, p.b], request.bootstrap)[0]!);
    expect(result.complete).toBe(true);
    expect(result.page!.matching).toBe((60 * 59) / 2);
    expect(result.page!.pairs).toEqual(want);
    expect(result.page!.pairs[0]).toMatchObject({ a: 'a00', b: 'a30', n: 8 });
    expect(result.summary!.icc).toEqual(icc21(state, names));
    expect(result.summary!.alpha).toEqual(krippendorffAlphaInterval(state, names));
    // The input's typed arrays were transferred, not copied: the main thread's copies are detached.
    expect(built!.starts.byteLength).toBe(0);
    expect(workers[0]!.received[0]).toMatchObject({ type: 'agreement', key: 'k1' });

    // Same key: cached on the main thread, and the worker keeps the labels for another filter.
    expect(client.cached('k1', request)).toBe(result);
    expect(client.cached('k1', { ...request, filter: 'a03' })).toMatchObject({ summary: result.summary, page: null });
    const filtered = await client.run(
      'k1',
      () => (builds++, agreementInput(state, names)),
      { ...request, filter: 'a03' },
      { onUpdate: () => undefined },
    );
    expect(builds).toBe(1);
    expect(filtered.page!.matching).toBe(59);
    expect(filtered.page!.pairs.every((p) => p.a === 'a03' || p.b === 'a03')).toBe(true);
    expect(client.cached('k2', request)).toBeNull();
  });

  it('aborting posts a cancel and rejects; the worker stops posting CIs', async () => {
    const { state, names } = manyAnnotators();
    const { client, workers } = setup();
    const controller = new AbortController();
    const job = client.run(
      'k',
      () => agreementInput(state, names),
      { ...request, limit: 1000, bootstrap: { seed: 0, resamples: 20000 } },
      {
        onUpdate: (r) => {
          if (r.page) controller.abort(new Error('left the screen'));
        },
        signal: controller.signal,
      },
    );
    await expect(job).rejects.toThrow('left the screen');
    const w = workers[0]!;
    expect(w.received.map((m) => m.type)).toEqual(['agreement', 'cancel']);
    expect(client.cached('k', { ...request, limit: 1000, bootstrap: { seed: 0, resamples: 20000 } })).toMatchObject({ page: null });
  });
});
