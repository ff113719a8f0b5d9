// The Agreement screen's statistics, from the agreement worker (docs/ARCHITECTURE.md §8.8): the summary
// first, then the listed pairs, then their CIs as they finish. Keyed by dataset and label revision (the
// log is append-only: its length and last seq), so a revisit with unchanged labels shows the finished
// result at once; leaving the screen (or changing the filter) cancels the running job.
import { useEffect, useMemo, useState } from 'react';
import type { LabelEvent, LabelState } from '../../domain/labels.ts';
import { agreementInput } from '../../domain/metrics/agreementPairs.ts';
import { agreementClient, type AgreementClient, type AgreementResult } from '../../workers/agreementClient.ts';
import type { AgreementRequest } from '../../workers/protocol.ts';

/** Pairs listed, most shared examples first. */
export const LISTED_PAIRS = 50;
/** Examples listed under "largest disagreement". */
export const DISAGREEMENTS = 20;
/** Bootstrap of each listed pair's CCC: as before the worker (1,000 resamples, seed 0). */
const BOOTSTRAP = { seed: 0, resamples: 1000 };

export interface AgreementView {
  result: AgreementResult | null;
  error: string | null;
}

export function useAgreement(
  datasetId: string,
  log: readonly LabelEvent[] | null,
  labels: LabelState,
  annotators: readonly string[],
  filter: string | null,
  client: AgreementClient = agreementClient(),
): AgreementView {
  const key = `${datasetId}\u0000${log?.length ?? 0}\u0000${log?.at(-1)?.seq ?? 0}`;
  const request = useMemo<AgreementRequest>(
    () => ({ filter, limit: LISTED_PAIRS, disagreements: DISAGREEMENTS, bootstrap: BOOTSTRAP }),
    [filter],
  );
  const runKey = `${key}\u0000${filter ?? ''}`;
  const [state, setState] = useState<AgreementView & { runKey: string }>({ runKey: '', result: null, error: null });
  const enough = annotators.length >= 2;

  useEffect(() => {
    if (!enough || client.cached(key, request)?.complete) return;
    const controller = new AbortController();
    client
      .run(key, () => agreementInput(labels, annotators), request, {
        signal: controller.signal,
        onUpdate: (result) => setState({ runKey, result, error: null }),
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setState({ runKey, result: null, error: e instanceof Error ? e.message : String(e) });
      });
    return () => controller.abort();
  }, [client, key, request, runKey, labels, annotators, enough]);

  if (!enough) return { result: null, error: null };
  if (state.runKey === runKey) return { result: state.result, error: state.error };
  return { result: client.cached(key, request), error: null };
}
