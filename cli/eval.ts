// `cli eval DATA`: the Analyze report of a dataset file, as JSON or a readable table. The same
// domain code as the app's Analyze screen (domain/analysis.ts), so the numbers match.
import { analyze, DEFAULT_ANALYSIS_OPTIONS, SPLIT_CHOICES, type AnalysisReport, type SplitChoice } from '../src/domain/analysis.ts';
import { buildAnalysisInput } from '../src/domain/analysisInput.ts';
import { predictorInfo } from '../src/domain/baselines.ts';
import { formatInterval, formatMetric } from '../src/domain/metrics/formatMetric.ts';
import { promptJson } from '../src/domain/reportJson.ts';
import { intOption, type OptionSpec, type ParsedArgs } from './args.ts';
import type { CliIo } from './cliIo.ts';
import { allowRejectedOption, dataFileArg, loadDataset } from './dataset.ts';
import { textTable } from './table.ts';

export const EVAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'split', value: 'SPLIT', choices: SPLIT_CHOICES, default: DEFAULT_ANALYSIS_OPTIONS.split, help: 'examples to evaluate on' },
  { name: 'seed', value: 'N', default: String(DEFAULT_ANALYSIS_OPTIONS.seed), help: 'bootstrap seed' },
  { name: 'resamples', value: 'N', default: String(DEFAULT_ANALYSIS_OPTIONS.resamples), help: 'bootstrap resamples (0: no intervals)' },
  { name: 'json', help: 'print one JSON object instead of a table' },
  allowRejectedOption('evaluate'),
];

export function reportJson(report: AnalysisReport, extra: { file: string; rejected: number }) {
  return {
    file: extra.file,
    examples: report.examples,
    labelled: report.labelled,
    split: report.split,
    seed: report.seed,
    resamples: report.resamples,
    rejected: extra.rejected,
    prompts: Object.fromEntries(report.prompts.map((p) => [p.prompt, promptJson(p)])),
  };
}

/** The report as aligned text columns, one block per prompt version. */
export function reportTable(report: AnalysisReport, file: string): string {
  const lines: string[] = [
    `${file}: ${report.examples} examples in ${report.split === 'all' ? 'all splits' : `the ${report.split} split`}, ${report.labelled} with a target` +
      (report.resamples > 0 ? ` (95% bootstrap CIs, ${report.resamples} resamples, seed ${report.seed})` : ''),
  ];
  if (report.prompts.length === 0) lines.push('No example has rollouts: there is no prediction to evaluate.');
  else if (report.labelled === 0) lines.push('No example of this split has a target: every metric compares predictions with targets.');
  const head = [
    'predictor',
    'n',
    'CCC',
    'CCC 95% CI',
    'NMSE',
    'NMSE 95% CI',
    'r',
    'rho',
    'tau-b',
    'MAE',
    'RMSE',
    'bias',
    'sd ratio',
    'distinct',
  ];
  for (const p of report.prompts) {
    lines.push(
      '',
      `prompt ${p.prompt}: ${p.rolloutsPerExample ?? 0} rollouts/example, spread ${formatMetric(p.spread)}` +
        (p.identicalShare !== null ? `, ${Math.round(p.identicalShare * 100)}% of examples with identical rollouts` : ''),
    );
    const rows = p.predictors.map((r) => {
      const m = r.metrics;
      return [
        predictorInfo(r.id).label + (r.inSample ? ' (in-sample)' : ''),
        String(r.n),
        formatMetric(m.ccc),
        formatInterval(r.cis?.ccc),
        formatMetric(m.nmse),
        formatInterval(r.cis?.nmse),
        formatMetric(m.pearson),
        formatMetric(m.spearman),
        formatMetric(m.kendall),
        formatMetric(m.mae),
        formatMetric(m.rmse),
        formatMetric(m.bias),
        formatMetric(m.dispersion),
        String(m.distinct),
      ];
    });
    lines.push(...textTable(head, rows));
    // Identical rollouts are a property of the prompt, already on its line above.
    for (const r of p.predictors) {
      for (const d of r.diagnostics) if (d.kind !== 'identical-rollouts') lines.push(`  ${predictorInfo(r.id).label}: ${d.text}`);
    }
    for (const s of p.skipped) lines.push(`  ${predictorInfo(s.id).label}: not available, ${s.reason}`);
  }
  return lines.join('\n');
}

export async function runEval(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = dataFileArg(args, 'eval');
  const options = {
    split: args.values.split as SplitChoice,
    seed: intOption(args, 'seed'),
    resamples: intOption(args, 'resamples'),
  };
  const loaded = await loadDataset(file, args, io, 'eval', 'evaluate');
  if (typeof loaded === 'number') return loaded;
  const { draft, examples } = loaded;
  const report = analyze(buildAnalysisInput(examples, draft.promptOrder, draft.scale), options);
  io.stdout(
    args.flags.has('json') ? JSON.stringify(reportJson(report, { file, rejected: draft.rejectedCount })) : reportTable(report, file),
  );
  return 0;
}
