// The agreement worker's message handling, apart from `self` so node tests can drive it (the entry,
// agreement.worker.ts, only wires it up). Keeps the last input's pair overlaps and summary under its
// key; answers each request with the summary at once, then the page of pairs (points), then the
// page's CIs in slices of at most 100 ms, posting them with progress and yielding to the inbox in
// between so a `cancel` gets through. No statistics of its own (docs/ARCHITECTURE.md §5.1).
import { agreementSummary, pairPage, PairCiJob, PairOverlaps, type AgreementSummary } from '../domain/metrics/agreementPairs.ts';
import type { FromAgreementWorker, ToAgreementWorker } from './protocol.ts';

/** Resamples per bootstrap step, and the longest run of steps between two looks at the inbox. */
const STEP_RESAMPLES = 25;
const SLICE_MS = 100;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function createAgreementHandler(post: (m: FromAgreementWorker) => void): (msg: ToAgreementWorker) => void {
  let held: { key: string; overlaps: PairOverlaps; summaries: Map<number, AgreementSummary> } | null = null;
  const cancelled = new Set<number>();

  async function run(msg: Extract<ToAgreementWorker, { type: 'agreement' }>): Promise<void> {
    const { id, request } = msg;
    if (msg.input) held = { key: msg.key, overlaps: new PairOverlaps(msg.input), summaries: new Map() };
    if (!held || held.key !== msg.key) {
      post({ id, type: 'missing-input' });
      return;
    }
    const { overlaps, summaries } = held;
    let summary = summaries.get(request.disagreements);
    if (!summary) summaries.set(request.disagreements, (summary = agreementSummary(overlaps, request.disagreements)));
    post({ id, type: 'summary', summary });
    const { page, indices } = pairPage(overlaps, request.filter, request.limit);
    post({ id, type: 'pairs', page });
    const job = new PairCiJob(overlaps, indices, request.bootstrap);
    let posted = 0;
    for (;;) {
      const t0 = performance.now();
      let finished = false;
      while (!(finished = job.step(STEP_RESAMPLES)) && performance.now() - t0 < SLICE_MS);
      if (job.done > posted) {
        post({ id, type: 'pair-cis', from: posted, cis: job.cis.slice(posted, job.done) });
        posted = job.done;
      }
      post({ id, type: 'progress', done: job.share * job.total, total: job.total });
      if (finished) break;
      await nextTask();
      if (cancelled.delete(id)) return;
    }
    post({ id, type: 'done' });
  }

  return (msg) => {
    switch (msg.type) {
      case 'cancel':
        cancelled.add(msg.id);
        return;
      case 'agreement':
        run(msg).catch((err: unknown) => post({ id: msg.id, type: 'error', message: err instanceof Error ? err.message : String(err) }));
        return;
      default: {
        const never: never = msg;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  };
}
