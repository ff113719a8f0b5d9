// Analysis worker entry: keeps the prepared predictions of the last input, answers each request
// with the point estimates at once, then the bootstrap CIs one predictor at a time (yielding in
// between so a `cancel` gets through). Owns no statistics of its own (STYLE §2.1).
/// <reference lib="webworker" />
import { pointReport, predictionTable, predictorCis, prepareAnalysis, type PreparedAnalysis } from '../domain/analysis.ts';
import type { FromAnalysisWorker, ToAnalysisWorker } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: FromAnalysisWorker) => self.postMessage(m);
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

let held: { key: string; prepared: PreparedAnalysis } | null = null;
const cancelled = new Set<number>();

async function analyze(msg: Extract<ToAnalysisWorker, { type: 'analyze' }>): Promise<void> {
  const fresh = msg.input !== null;
  if (msg.input) held = { key: msg.key, prepared: prepareAnalysis(msg.input) };
  if (!held || held.key !== msg.key) {
    post({ id: msg.id, type: 'missing-input' });
    return;
  }
  const { prepared } = held;
  const report = pointReport(prepared, msg.options);
  post({ id: msg.id, type: 'estimates', report, table: fresh ? predictionTable(prepared) : null });
  for (let pi = 0; pi < report.prompts.length; pi++) {
    for (let ri = 0; ri < report.prompts[pi]!.predictors.length; ri++) {
      await nextTask();
      if (cancelled.delete(msg.id)) return;
      post({ id: msg.id, type: 'cis', prompt: pi, predictor: ri, cis: predictorCis(prepared, msg.options, pi, ri) });
    }
  }
  post({ id: msg.id, type: 'done' });
}

self.onmessage = (e: MessageEvent<ToAnalysisWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'cancel':
      cancelled.add(msg.id);
      return;
    case 'analyze':
      analyze(msg).catch((err: unknown) => {
        post({ id: msg.id, type: 'error', message: err instanceof Error ? err.message : String(err) });
      });
      return;
    default: {
      const never: never = msg;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
};
