// The rows of the Analyze metric table as shown: their order (the report's, or sorted by one
// column), the best cell of each metric column, and the predictors left out of the table, said
// once for all prompt versions. Pure functions of the report; AnalyzeMetricTable renders them.
import type { AnalysisReport, PredictorReport, PromptReport } from '../../domain/analysis.ts';
import { predictorInfo, type PredictorId } from '../../domain/baselines.ts';
import { bestIndices, METRIC_GOALS, sortedOrder, type MetricSort, type MetricSortKey } from '../../domain/metrics/metricGoal.ts';
import type { MetricName } from '../../domain/metrics/pairwise.ts';

export interface TableRow {
  prompt: PromptReport;
  row: PredictorReport;
  /** `prompt␀predictor`, unique in a report. */
  key: string;
}

export const rowKey = (prompt: string, predictor: PredictorId): string => `${prompt}\u0000${predictor}`;

/** Every row in the report's order: prompt versions as in the dataset, predictors in their usual order. */
export function reportRows(report: AnalysisReport): TableRow[] {
  return report.prompts.flatMap((prompt) => prompt.predictors.map((row) => ({ prompt, row, key: rowKey(prompt.prompt, row.id) })));
}

export function sortValue(row: PredictorReport, key: MetricSortKey): number | null {
  return key === 'n' ? row.n : key === 'distinct' ? row.metrics.distinct : row.metrics[key];
}

/** The rows in the order of `sort`: the report's order when null; ties and missing values as `sortedOrder`. */
export function orderedRows(rows: readonly TableRow[], sort: MetricSort): TableRow[] {
  if (!sort) return [...rows];
  return sortedOrder(
    rows.map((r) => sortValue(r.row, sort.key)),
    sort.descending,
  ).map((i) => rows[i]!);
}

/**
 * For each metric, the keys of the rows holding its best value as shown at `digits` decimals.
 * In-sample rows (regressions scored on the examples they were fitted on) are left out: their
 * values flatter them.
 */
export function bestCells(rows: readonly TableRow[], metrics: readonly MetricName[], digits: number): Map<MetricName, Set<string>> {
  const eligible = rows.map((r) => !r.row.inSample);
  return new Map(
    metrics.map((m) => {
      const best = bestIndices(
        rows.map((r) => r.row.metrics[m]),
        METRIC_GOALS[m],
        { digits, eligible },
      );
      return [m, new Set(best.map((i) => rows[i]!.key))];
    }),
  );
}

/**
 * The predictors missing from the table, one sentence per predictor and reason, naming the
 * prompt versions it applies to ("RAIL: no rollout of any prompt version carries logprobs"
 * rather than the same line under every prompt version).
 */
/** How the report's reasons name their prompt version. */
const THIS = /\bthis prompt(?: version)?\b/;

export function skippedNotes(report: AnalysisReport): string[] {
  const groups = new Map<string, { id: PredictorId; reason: string; prompts: string[] }>();
  for (const p of report.prompts) {
    for (const s of p.skipped) {
      const key = `${s.id}\u0000${s.reason}`;
      const g = groups.get(key);
      if (g) g.prompts.push(p.prompt);
      else groups.set(key, { id: s.id, reason: s.reason, prompts: [p.prompt] });
    }
  }
  const total = report.prompts.length;
  return [...groups.values()].map(({ id, reason, prompts }) => {
    const label = predictorInfo(id).label;
    if (total === 1) return `${label}: ${reason}`;
    const mentions = THIS.test(reason);
    if (prompts.length === total) {
      return mentions ? `${label}: ${reason.replace(THIS, 'any prompt version')}` : `${label} (every prompt version): ${reason}`;
    }
    const text = prompts.length > 1 && mentions ? reason.replace(THIS, 'these prompt versions') : reason;
    return `${label} (${prompts.join(', ')}): ${text}`;
  });
}
