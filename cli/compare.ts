// `cli compare DATA --a V1 --b V2`: the Compare screen's statistics of two prompt versions under
// one predictor on one split — A, B, Δ = B − A and the paired bootstrap 95% CI of Δ for CCC, NMSE,
// MAE, Pearson r and Spearman ρ, the verdict in words (docs/ARCHITECTURE.md §8.2: better only when
// the paired CI of Δ excludes 0) — and every version ranked by CCC with its Δ to the best. The
// numbers come from domain/compare.ts, as on the screen. `--json` prints the shape of
// docs/schemas/compare.schema.json (kept in step by cli/compare.test.ts).
import { DEFAULT_ANALYSIS_OPTIONS, prepareAnalysis, SPLIT_CHOICES, type SplitChoice } from '../src/domain/analysis.ts';
import { buildAnalysisInput } from '../src/domain/analysisInput.ts';
import { PREDICTORS, predictorInfo, type BaselineId } from '../src/domain/baselines.ts';
import {
  COMPARE_METRICS,
  compareVersions,
  formatDelta,
  metricVerdictText,
  rankVersions,
  type CompareMetric,
  type MetricDelta,
  type PairedVerdict,
  type RankVerdict,
  type VersionComparison,
  type VersionRanking,
} from '../src/domain/compare.ts';
import type { Interval } from '../src/domain/metrics/bootstrap.ts';
import { formatInterval, formatMetric } from '../src/domain/metrics/formatMetric.ts';
import { intOption, UsageError, type OptionSpec, type ParsedArgs } from './args.ts';
import type { CliIo } from './cliIo.ts';
import { allowRejectedOption, dataFileArg, loadDataset } from './dataset.ts';
import { textTable } from './table.ts';

/** The predictors a dataset file can have (a trained or applied calibrator lives in the app, or in `cli apply`). */
export const FILE_PREDICTORS: readonly BaselineId[] = (Object.keys(PREDICTORS) as (BaselineId | 'calibrator')[]).filter(
  (id): id is BaselineId => id !== 'calibrator',
);

export const predictorOption = (purpose: string): OptionSpec => ({
  name: 'predictor',
  value: 'ID',
  choices: FILE_PREDICTORS,
  default: 'mean',
  help: purpose,
});

export const COMPARE_OPTIONS: readonly OptionSpec[] = [
  { name: 'a', value: 'NAME', help: 'prompt version A (default: the first of the dataset, other than B)' },
  { name: 'b', value: 'NAME', help: 'prompt version B (default: the first of the dataset other than A)' },
  predictorOption('how a version predicts an example from its rollouts'),
  { name: 'split', value: 'SPLIT', choices: SPLIT_CHOICES, default: DEFAULT_ANALYSIS_OPTIONS.split, help: 'examples to compare on' },
  { name: 'seed', value: 'N', default: String(DEFAULT_ANALYSIS_OPTIONS.seed), help: 'bootstrap seed' },
  { name: 'resamples', value: 'N', default: String(DEFAULT_ANALYSIS_OPTIONS.resamples), help: 'bootstrap resamples (0: no intervals)' },
  { name: 'json', help: 'print one JSON object instead of tables' },
  allowRejectedOption('compare on'),
];

export const COMPARE_NOTES = [
  'Δ = B − A on the examples of the split where the target and both predictions exist; its 95% CI is a paired',
  'bootstrap (the same resamples for A and B). B is called better only when that CI excludes 0 on the good side',
  '(above 0 for CCC, r and ρ; below 0 for NMSE and MAE), worse when it excludes 0 on the other, else there is',
  'no clear difference. The ranking orders every version by CCC, each with its paired Δ CCC to the best.',
].join('\n');

/** B against A on one metric, in the JSON's words. */
export type VerdictResult = 'b_better' | 'a_better' | 'no_clear_difference' | 'no_verdict';

const RESULT_OF: Record<PairedVerdict, VerdictResult> = { better: 'b_better', worse: 'a_better', unclear: 'no_clear_difference' };

function resultOf(m: MetricDelta): VerdictResult {
  return m.delta === null ? 'no_verdict' : RESULT_OF[m.verdict];
}

/** `cli compare --json` (docs/schemas/compare.schema.json). */
export interface CompareJson {
  a: string;
  b: string;
  predictor: string;
  split: SplitChoice;
  /** Examples compared: the split's examples with a target and both predictions. */
  n: number;
  seed: number;
  resamples: number;
  metrics: Record<CompareMetric, { a: number | null; b: number | null; delta: number | null; delta_ci: Interval | null }>;
  /** The verdict on CCC (the app's headline metric), and every metric's under `by_metric`. */
  verdict: {
    metric: 'ccc';
    result: VerdictResult;
    /** The better version's name; null unless `result` names one. */
    winner: string | null;
    text: string;
    by_metric: Record<CompareMetric, { result: VerdictResult; text: string }>;
  };
  ranking: {
    rank: number | null;
    version: string;
    n: number;
    ccc: number | null;
    delta_to_best: number | null;
    delta_ci: Interval | null;
    verdict: RankVerdict | null;
    text: string;
  }[];
}

const namesOf = (c: VersionComparison) => ({ a: c.a.name, b: c.b.name });

export function compareJson(c: VersionComparison, ranking: VersionRanking): CompareJson {
  const row = (metric: CompareMetric) => c.metrics.find((m) => m.metric === metric)!;
  const verdictOf = (m: MetricDelta) => ({ result: resultOf(m), text: metricVerdictText(m, namesOf(c)) });
  const ccc = row('ccc');
  const cccResult = resultOf(ccc);
  return {
    a: c.a.name,
    b: c.b.name,
    predictor: c.predictor,
    split: c.split,
    n: c.common.n,
    seed: c.seed,
    resamples: c.resamples,
    metrics: Object.fromEntries(
      COMPARE_METRICS.map((metric) => {
        const m = row(metric);
        return [metric, { a: m.a, b: m.b, delta: m.delta, delta_ci: m.ci }];
      }),
    ) as CompareJson['metrics'],
    verdict: {
      metric: 'ccc',
      result: cccResult,
      winner: cccResult === 'b_better' ? c.b.name : cccResult === 'a_better' ? c.a.name : null,
      text: metricVerdictText(ccc, namesOf(c)),
      by_metric: Object.fromEntries(
        COMPARE_METRICS.map((metric) => [metric, verdictOf(row(metric))]),
      ) as CompareJson['verdict']['by_metric'],
    },
    ranking: ranking.versions.map((v) => ({
      rank: v.rank,
      version: v.name,
      n: v.n,
      ccc: v.ccc,
      delta_to_best: v.vsBest?.delta ?? null,
      delta_ci: v.vsBest?.ci ?? null,
      verdict: v.vsBest?.verdict ?? null,
      text: v.vsBest?.text ?? `no CCC: ${v.reason ?? 'undefined'}`,
    })),
  };
}

/** The ranking's verdict column: "best", "worse than v2", "no clear difference", or why there is none. */
function rankVerdictWords(vs: VersionRanking['versions'][number]['vsBest'], bestName: string, reason: string | undefined): string {
  if (vs === null) return `no CCC: ${reason ?? 'undefined'}`;
  if (vs.verdict === 'best') return 'best';
  if (vs.delta === null) return vs.text;
  if (vs.verdict === 'worse') return `worse than ${bestName}`;
  if (vs.verdict === 'better') return `better than ${bestName}`;
  return vs.ci === null ? `no clear difference (no interval: ${vs.reasons.ci ?? 'none'})` : 'no clear difference';
}

function splitWords(split: SplitChoice): string {
  return split === 'all' ? 'all splits' : `the ${split} split`;
}

/** The comparison and the ranking as aligned text. */
export function compareTable(c: VersionComparison, ranking: VersionRanking, file: string): string {
  const names = namesOf(c);
  const label = predictorInfo(c.predictor).label;
  const lines: string[] = [
    `${file}: ${names.b} (B) against ${names.a} (A), predictor ${label}, ${splitWords(c.split)}` +
      (c.resamples > 0
        ? `; paired 95% bootstrap CIs of Δ = B − A (${c.resamples} resamples, seed ${c.seed})`
        : '; no intervals (0 resamples)'),
    c.common.text,
  ];
  for (const v of [c.a, c.b]) if (v.missing !== undefined) lines.push(v.missing);
  if (c.identical) lines.push('A and B predict the same on every compared example: every Δ is 0.');
  lines.push('');
  const rows = c.metrics.map((m) => [
    m.label,
    formatMetric(m.a),
    formatMetric(m.b),
    m.delta === null ? '–' : formatDelta(m.delta),
    formatInterval(m.ci),
  ]);
  lines.push(...textTable(['metric', `A: ${names.a}`, `B: ${names.b}`, 'Δ = B − A', '95% CI of Δ'], rows));
  lines.push('', 'Verdicts (B is better only when the paired 95% CI of Δ excludes 0 on the good side):');
  const width = Math.max(...c.metrics.map((m) => m.label.length)) + 1;
  for (const m of c.metrics) lines.push(`  ${`${m.label}:`.padEnd(width)} ${metricVerdictText(m, names)}`);

  lines.push(
    '',
    `Ranking by CCC on ${splitWords(ranking.split)} (each version's Δ CCC to the best on the examples both predict, paired 95% CI):`,
  );
  const bestName = ranking.versions.find((v) => v.prompt === ranking.best)?.name ?? '';
  const rankRows = ranking.versions.map((v) => [
    v.name,
    v.rank === null ? '–' : String(v.rank),
    String(v.n),
    formatMetric(v.ccc),
    v.vsBest === null || v.vsBest.delta === null ? '–' : formatDelta(v.vsBest.delta),
    formatInterval(v.vsBest?.ci),
    rankVerdictWords(v.vsBest, bestName, v.reason),
  ]);
  lines.push(...textTable(['version', 'rank', 'n', 'CCC', 'Δ CCC to best', '95% CI', 'verdict'], rankRows));
  return lines.join('\n');
}

/** Resolves `--a` and `--b` to prompt positions, or a message naming the versions the file has. */
export function resolveVersions(
  promptOrder: readonly string[],
  a: string | undefined,
  b: string | undefined,
): { a: number; b: number } | { problem: string } {
  const has = `it has ${promptOrder.length === 0 ? 'none' : promptOrder.join(', ')}`;
  for (const [flag, name] of [
    ['--a', a],
    ['--b', b],
  ] as const) {
    if (name !== undefined && !promptOrder.includes(name))
      return { problem: `${flag}: the dataset has no prompt version "${name}" (${has})` };
  }
  const first = (other: string | undefined) => promptOrder.findIndex((p) => p !== other);
  const ia = a !== undefined ? promptOrder.indexOf(a) : first(b);
  const ib = b !== undefined ? promptOrder.indexOf(b) : first(promptOrder[ia]);
  if (ia < 0 || ib < 0)
    return {
      problem: `compare needs two prompt versions, and the dataset has ${promptOrder.length === 0 ? 'none' : `only ${promptOrder[0]}`}`,
    };
  return { a: ia, b: ib };
}

export async function runCompare(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = dataFileArg(args, 'compare');
  const options = { split: args.values.split as SplitChoice, seed: intOption(args, 'seed'), resamples: intOption(args, 'resamples') };
  const predictor = args.values.predictor as BaselineId;
  for (const flag of ['a', 'b'] as const) if (args.values[flag] === '') throw new UsageError(`--${flag} needs a prompt version name`);
  const loaded = await loadDataset(file, args, io, 'compare', 'compare on');
  if (typeof loaded === 'number') return loaded;
  const { draft, examples } = loaded;
  const versions = resolveVersions(draft.promptOrder, args.values.a, args.values.b);
  if ('problem' in versions) {
    io.stderr(`rir compare: ${file}: ${versions.problem}`);
    return 2;
  }
  const prepared = prepareAnalysis(buildAnalysisInput(examples, draft.promptOrder, draft.scale));
  const comparison = compareVersions(prepared, versions.a, versions.b, predictor, options);
  const ranking = rankVersions(prepared, predictor, options);
  io.stdout(args.flags.has('json') ? JSON.stringify(compareJson(comparison, ranking)) : compareTable(comparison, ranking, file));
  return 0;
}
