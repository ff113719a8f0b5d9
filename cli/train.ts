// `cli train DATA`: trains the MENTAT calibrator of one prompt version on onnxruntime-node (CPU)
// with the Train screen's code (calibrator/settings.ts → planTraining → train → trainOutcome), then
// prints the cross-validation of the grid and the test split against the baselines; `--out DIR`
// exports it as the app does (calibrator.onnx + calibrator.json, calibratorFile.ts), for `cli apply`.
import { buildAnalysisInput, type AnalysisInput } from '../src/domain/analysisInput.ts';
import { formatInterval, formatMetric } from '../src/domain/metrics/formatMetric.ts';
import { DEFAULT_LOSS_WEIGHTS, type LossWeights } from '../src/calibrator/candidates.ts';
import { CandidateError, prepareTraining, selectCalibrator } from '../src/calibrator/selection.ts';
import { promptTexts } from '../src/calibrator/textInput.ts';
import { DEFAULT_TEXT_SPEC } from '../src/calibrator/textModel.ts';
import { SPLITS } from '../src/domain/types.ts';
import { asTestReport, configLabel, trainOutcome, REPORT_OPTIONS, verdictText, type TrainOutcome } from '../src/calibrator/report.ts';
import {
  AUTO_SORTED_MAX_K,
  DEFAULT_TRAIN_SETTINGS,
  INT_LIMITS,
  LIST_RULES,
  parseList,
  resolveTrainOptions,
  type FeatureSetChoice,
  type TrainSettings,
} from '../src/calibrator/settings.ts';
import { planTraining, train, TrainError, type TrainPlan, type TrainProgress } from '../src/calibrator/trainer.ts';
import { exportKeptCalibrator } from '../src/calibrator/calibratorFile.ts';
import { configsJson, countsJson } from '../src/calibrator/manifest.ts';
import { APP_VERSION } from '../src/domain/appVersion.ts';
import { join } from 'node:path';
import { intOption, UsageError, type OptionSpec, type ParsedArgs } from './args.ts';
import type { CliIo } from './cliIo.ts';
import { allowRejectedOption, dataFileArg, loadDataset } from './dataset.ts';
import { reportTable } from './eval.ts';
import { promptJson } from '../src/domain/reportJson.ts';
import { textTable } from './table.ts';

const D = DEFAULT_TRAIN_SETTINGS;
/** The exported files' names in `--out DIR`, as the app's download names them; `cli apply` looks for the manifest beside the model by this name. */
export const MODEL_FILE = 'calibrator.onnx';
export const MANIFEST_FILE = 'calibrator.json';
const FEATURE_CHOICES: readonly FeatureSetChoice[] = ['auto', 'sorted', 'compact'];

export const TRAIN_OPTIONS: readonly OptionSpec[] = [
  { name: 'prompt', value: 'NAME', help: 'prompt version to calibrate (default: the first of the dataset)' },
  {
    name: 'features',
    value: 'SET',
    choices: FEATURE_CHOICES,
    default: D.featureSet,
    help: `sorted: the K rollout scores sorted + mean, sd, min, max; compact: quantiles + mean, sd, min, max; auto: sorted when K ≤ ${AUTO_SORTED_MAX_K}`,
  },
  { name: 'folds', value: 'N', default: String(D.folds), help: 'cross-validation folds over the labelled train + val examples' },
  { name: 'hidden', value: 'LIST', default: D.hidden.join(','), help: 'grid: hidden units to try, comma-separated' },
  { name: 'weight-decay', value: 'LIST', default: D.weightDecay.join(','), help: 'grid: weight decays to try' },
  { name: 'lr', value: 'LIST', default: D.lr.join(','), help: 'grid: Adam learning rates to try' },
  { name: 'max-epochs', value: 'N', default: String(D.maxEpochs), help: 'most epochs (full-batch Adam steps) per model' },
  { name: 'patience', value: 'N', default: String(D.patience), help: 'epochs without a better validation CCC before a model stops' },
  {
    name: 'seeds',
    value: 'N',
    default: String(D.seeds),
    help: 'independent inits per configuration and fold, all averaged in the ensemble',
  },
  { name: 'seed', value: 'N', default: String(D.seed), help: 'seed of the folds and the weight inits' },
  {
    name: 'text',
    value: 'ON',
    choices: ['on', 'off'],
    default: 'on',
    help: 'also try a ridge on the reasoning (hashed word n-grams) + the score features, where the prompt version has reasoning',
  },
  {
    name: 'multi-version',
    value: 'ON',
    choices: ['on', 'off'],
    default: 'off',
    help: 'also try a ridge on the scores every prompt version gave each example (deploying it means running all of them)',
  },
  {
    name: 'loss-ccc',
    value: 'A',
    default: String(DEFAULT_LOSS_WEIGHTS.ccc),
    help: 'operating point: the candidate with the lowest out-of-fold A·(1 − CCC) + B·NMSE is kept',
  },
  { name: 'loss-nmse', value: 'B', default: String(DEFAULT_LOSS_WEIGHTS.nmse), help: 'operating point: the weight B of NMSE' },
  {
    name: 'keep',
    value: 'ID',
    default: 'auto',
    help: 'keep this candidate instead of the lowest loss: mean, median, linear, isotonic, mlp, text-ridge, stacked-mlp or multi-version (pick knowingly from the frontier)',
  },
  { name: 'json', help: 'print one JSON object instead of tables' },
  {
    name: 'out',
    value: 'DIR',
    help: `write the calibrator as DIR/${MODEL_FILE} and DIR/${MANIFEST_FILE} (its manifest: settings, data, metrics), for cli apply; DIR is created if missing`,
  },
  { name: 'force', help: `with --out: replace an existing ${MODEL_FILE} or ${MANIFEST_FILE}` },
  allowRejectedOption('train on'),
];

const LIST_OPTIONS = { hidden: 'hidden', 'weight-decay': 'weightDecay', lr: 'lr' } as const;
const INT_OPTIONS = { folds: 'folds', 'max-epochs': 'maxEpochs', patience: 'patience', seeds: 'seeds', seed: 'seed' } as const;

/** A comma-separated list of numbers under the Train form's rules (settings.ts), or a usage error naming the option. */
function listOption(args: ParsedArgs, name: keyof typeof LIST_OPTIONS): number[] {
  const raw = args.values[name] ?? '';
  const parsed = parseList(raw, LIST_RULES[LIST_OPTIONS[name]]);
  if (typeof parsed === 'string') throw new UsageError(`--${name}: ${parsed}`);
  return parsed;
}

function boundedInt(args: ParsedArgs, name: keyof typeof INT_OPTIONS): number {
  const [min, max] = INT_LIMITS[INT_OPTIONS[name]];
  const v = intOption(args, name);
  if (v < min || v > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${args.values[name]}")`);
  return v;
}

/** The operating point's weights; a UsageError names a bad one. */
export function lossWeightsOf(args: ParsedArgs): LossWeights {
  const read = (name: 'loss-ccc' | 'loss-nmse'): number => {
    const raw = args.values[name] ?? '';
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v) || v < 0 || v > 1000)
      throw new UsageError(`--${name} must be a number from 0 to 1000 (got "${raw}")`);
    return v;
  };
  const w = { ccc: read('loss-ccc'), nmse: read('loss-nmse') };
  if (w.ccc + w.nmse === 0) throw new UsageError('--loss-ccc and --loss-nmse cannot both be 0');
  return w;
}

/** The settings the arguments ask for; a UsageError names the first bad option. */
export function trainSettingsOf(args: ParsedArgs): TrainSettings {
  return {
    prompt: args.values.prompt ?? null,
    featureSet: args.values.features as FeatureSetChoice,
    folds: boundedInt(args, 'folds'),
    hidden: listOption(args, 'hidden'),
    weightDecay: listOption(args, 'weight-decay'),
    lr: listOption(args, 'lr'),
    maxEpochs: boundedInt(args, 'max-epochs'),
    patience: boundedInt(args, 'patience'),
    seeds: boundedInt(args, 'seeds'),
    seed: boundedInt(args, 'seed'),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Examples of the test split, and those with a target. */
function testCounts(input: AnalysisInput): { examples: number; labelled: number } {
  const test = SPLITS.indexOf('test');
  let examples = 0;
  let labelled = 0;
  for (let e = 0; e < input.n; e++) {
    if (input.splits[e] !== test) continue;
    examples++;
    if (Number.isFinite(input.targets[e]!)) labelled++;
  }
  return { examples, labelled };
}

interface RunFacts {
  file: string;
  name: string;
  rejected: number;
  plan: TrainPlan;
  outcome: TrainOutcome;
  /** Milliseconds the candidates beside the MLP took (baselines, text features and ridge). */
  selectionMs: number;
  testCounts: { examples: number; labelled: number };
}

/** The run as the JSON the CLI prints (snake_case; metric blocks as in `cli eval --json`). */
export function trainJson({ file, name, rejected, plan, outcome, testCounts: counts }: RunFacts) {
  const { result, report } = outcome;
  const { options } = plan;
  return {
    file,
    dataset: name,
    rejected,
    prompt: plan.prompt,
    feature_set: options.featureSet,
    k: options.k,
    folds: plan.folds,
    seeds: options.seeds,
    seed: options.seed,
    examples: countsJson(result),
    models: plan.models.length - stackedModels(plan),
    stacked_models: stackedModels(plan),
    epochs: result.epochs,
    ms: result.ms,
    provider: result.provider,
    configs: configsJson(result.configs),
    selected: result.selected,
    candidates: outcome.selection && {
      loss: { ccc: outcome.selection.weights.ccc, nmse: outcome.selection.weights.nmse },
      chosen: outcome.selection.candidates[outcome.selection.chosen]!.id,
      kept_by: outcome.selection.keptBy,
      frontier: outcome.selection.frontier.map((i) => outcome.selection!.candidates[i]!.id),
      text_skipped: outcome.selection.textSkipped,
      multi_skipped: outcome.selection.multiSkipped ?? null,
      text_gain: outcome.selection.textGain && {
        candidate: outcome.selection.textGain.candidate ?? 'text-ridge',
        against: outcome.selection.textGain.against,
        delta_ccc: outcome.selection.textGain.deltaCcc,
        delta_ci: outcome.selection.textGain.deltaCi,
        verdict: outcome.selection.textGain.verdict,
      },
      list: outcome.selection.candidates.map((c) => ({
        id: c.id,
        kind: c.kind,
        oof_ccc: c.oofCcc,
        oof_nmse: c.oofNmse,
        loss: Number.isFinite(c.loss) ? c.loss : null,
        test_ccc: c.testCcc,
        test_nmse: c.testNmse,
      })),
    },
    test: report.test && {
      ...counts,
      seed: REPORT_OPTIONS.seed,
      resamples: REPORT_OPTIONS.resamples,
      ...promptJson(report.test),
      comparisons: report.comparisons.map((c) => ({ id: c.id, delta_ccc: c.deltaCcc, delta_ci: c.deltaCi, verdict: c.verdict })),
    },
    out_of_fold: report.outOfFold && { examples: result.counts.train, ...promptJson(report.outOfFold) },
  };
}

/** Models of the stacked MLP in the plan's batch (they follow the score-only MLP's). */
function stackedModels(plan: TrainPlan): number {
  return plan.stack ? plan.stack.configs.length * plan.folds * plan.options.seeds : 0;
}

export function trainTable({ file, plan, outcome, testCounts: counts, selectionMs }: RunFacts): string {
  const { result, report } = outcome;
  const { options } = plan;
  const c = result.counts;
  const leftOut = [
    c.tooFewRollouts > 0 ? `${plural(c.tooFewRollouts, 'example')} with fewer than K rollouts` : '',
    c.noRollouts > 0 ? `${plural(c.noRollouts, 'example')} without rollouts of ${plan.prompt}` : '',
  ].filter(Boolean);
  const lines = [
    `${file}: prompt ${plan.prompt}, ${options.featureSet === 'sorted' ? `sorted features (K = ${options.k})` : 'compact features'}, ` +
      `${plan.folds}-fold cross-validation on ${plural(c.train, 'labelled train/val example')}` +
      (leftOut.length > 0 ? ` (left out: ${leftOut.join(', ')})` : ''),
    `${plural(plan.configs.length, 'configuration')} × ${plural(plan.folds, 'fold')} × ${plural(options.seeds, 'seed')} = ` +
      `${plural(plan.models.length - stackedModels(plan), 'model')}` +
      (plan.stack ? ` (and ${plural(stackedModels(plan), 'model')} of the stacked MLP in the same batch)` : '') +
      `; ${result.epochs} epochs in ${seconds(result.ms)} on onnxruntime-node (CPU)`,
    '',
    'Cross-validation: out-of-fold CCC and NMSE over the train/val examples (early stopping used the same folds, so a little optimistic)',
  ];
  const head = ['configuration', 'OOF CCC', 'OOF NMSE', 'best epoch', ''];
  const rows = result.configs.map((r, i) => [
    configLabel(r.config),
    formatMetric(r.oofCcc),
    formatMetric(r.oofNmse),
    String(Math.round(r.bestEpoch)),
    i === result.selected ? 'chosen' : '',
  ]);
  lines.push(...textTable(head, rows));
  lines.push(
    `The MLP averages the ${plural(result.model.members.length, 'model')} of the chosen configuration (${plural(plan.folds, 'fold')} × ${plural(options.seeds, 'seed')}).`,
    '',
  );
  const sel = outcome.selection;
  if (sel) {
    const w = sel.weights;
    lines.push(
      `Candidates, on the same ${plan.folds} folds (kept: the lowest out-of-fold loss ${w.ccc}·(1 − CCC) + ${w.nmse}·NMSE; the test split decides nothing)`,
    );
    const candRows = sel.candidates.map((c, i) => [
      c.label,
      formatMetric(c.oofCcc),
      formatMetric(c.oofNmse),
      Number.isFinite(c.loss) ? formatMetric(c.loss) : '–',
      formatMetric(c.testCcc),
      formatMetric(c.testNmse),
      [i === sel.chosen ? 'chosen' : '', sel.frontier.includes(i) ? 'frontier' : ''].filter(Boolean).join(', '),
    ]);
    lines.push(...textTable(['candidate', 'OOF CCC', 'OOF NMSE', 'loss', 'test CCC', 'test NMSE', ''], candRows));
    const chosen = sel.candidates[sel.chosen]!;
    lines.push(
      `Kept: ${chosen.label}${chosen.detail ? ` (${chosen.detail})` : ''}` +
        (sel.keptBy === 'user'
          ? ', as --keep asks. '
          : chosen.kind === 'baseline'
            ? ' — a baseline: no model beat it out of fold. '
            : '. ') +
        (selectionMs > 0 ? `The candidates beside the MLP took ${seconds(selectionMs)}.` : ''),
    );
    if (sel.textSkipped) lines.push(`No text candidate: ${sel.textSkipped}.`);
    if (sel.multiSkipped) lines.push(`No multi-version candidate: ${sel.multiSkipped}.`);
    if (sel.candidates[sel.chosen]?.kind === 'multi')
      lines.push('The kept calibrator reads the scores of every prompt version: deploying it means running all of them.');
    if (sel.textGain) {
      const g = sel.textGain;
      const against = sel.candidates.find((c) => c.id === g.against)!.label;
      const delta = g.deltaCcc === null ? '–' : `${g.deltaCcc >= 0 ? '+' : ''}${formatMetric(g.deltaCcc)}`;
      const ci = g.deltaCi ? ` ${formatInterval(g.deltaCi)}` : '';
      lines.push(
        g.verdict === 'better'
          ? `What the reasoning adds: test CCC ${delta}${ci} over ${against}, the best score-only candidate (paired 95% CI excludes 0).`
          : g.verdict === 'worse'
            ? `The reasoning does not help here: test CCC ${delta}${ci} against ${against} (paired 95% CI excludes 0).`
            : `What the reasoning adds: no clear difference from ${against} on the test split, ${delta}${ci} (the paired 95% CI includes 0).`,
      );
    }
    lines.push('');
  }
  if (report.test) {
    lines.push('Test split (never seen in training):', reportTable(asTestReport(report.test, counts), file), '');
    const kept = outcome.selection ? outcome.selection.candidates[outcome.selection.chosen]!.label : 'the MLP';
    lines.push(`Calibrator (${kept}) on the test split:`, ...report.comparisons.map((v) => `  ${verdictText(v)}`));
  } else {
    lines.push('No test example has a target, so the calibrator cannot be scored on unseen data.');
  }
  return lines.join('\n');
}

/** The first of `paths` that exists, unless `--force` says to replace them. */
async function firstExisting(io: CliIo, paths: readonly string[], args: ParsedArgs): Promise<string | null> {
  if (args.flags.has('force')) return null;
  for (const p of paths) if (await io.exists(p)) return p;
  return null;
}

const overwriteMessage = (path: string) => `rir train: ${path} exists; pass --force to replace it, or choose another --out directory`;

/** Progress on stderr: at most one line every PROGRESS_MS. */
const PROGRESS_MS = 2000;

export async function runTrain(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = dataFileArg(args, 'train');
  const settings = trainSettingsOf(args);
  const weights = lossWeightsOf(args);
  const out = args.values.out;
  if (out === '') throw new UsageError('--out needs a directory');
  if (args.flags.has('force') && out === undefined) throw new UsageError('--force goes with --out DIR');
  const targets = out === undefined ? [] : [join(out, MODEL_FILE), join(out, MANIFEST_FILE)];
  // Checked before the (long) training, and again before writing.
  const taken = await firstExisting(io, targets, args);
  if (taken !== null) {
    io.stderr(overwriteMessage(taken));
    return 2;
  }
  const loaded = await loadDataset(file, args, io, 'train', 'train on');
  if (typeof loaded === 'number') return loaded;
  const { draft, examples } = loaded;
  const input = buildAnalysisInput(examples, draft.promptOrder, draft.scale);
  try {
    const options = resolveTrainOptions(settings, input, draft.promptOrder);
    const selectionOptions = {
      weights,
      text: args.values.text === 'off' ? null : DEFAULT_TEXT_SPEC,
      multiVersion: args.values['multi-version'] === 'on',
      keep: args.values.keep ?? 'auto',
    };
    const started = performance.now();
    // The text ridge first: the stacked MLP trains on its predictions, in the same batch as the score-only MLP.
    const prepared = prepareTraining(planTraining(input, options), {
      texts: promptTexts(examples, draft.promptOrder[options.prompt]!),
      options: selectionOptions,
    });
    const { plan } = prepared;
    const textMs = performance.now() - started;
    const ort = await import('onnxruntime-node');
    let last = performance.now();
    const onProgress = (p: TrainProgress) => {
      const t = performance.now();
      if (t - last < PROGRESS_MS) return;
      last = t;
      io.stderr(`epoch ${p.epoch}/${p.maxEpochs}, ${p.active} of ${p.models} models improving`);
    };
    const result = await train(ort, 'cpu', plan, { onProgress, signal: io.interrupt });
    if (result.cancelled) io.stderr(`rir train: stopped at epoch ${result.epochs}; the results use the best weights so far`);
    const selectedAt = performance.now();
    const selection = selectCalibrator(input, plan, result, prepared.text, selectionOptions);
    const selectionMs = textMs + performance.now() - selectedAt;
    const outcome = trainOutcome(input, options, result, selection);
    const facts: RunFacts = {
      file,
      name: draft.name,
      rejected: draft.rejectedCount,
      plan,
      outcome,
      selectionMs,
      testCounts: testCounts(input),
    };
    io.stdout(args.flags.has('json') ? JSON.stringify(trainJson(facts)) : trainTable(facts));
    if (out === undefined) return 0;
    // The kept calibrator, whichever it is: a kept baseline is written as a baseline file.
    const exported = exportKeptCalibrator(outcome, {
      dataset: { name: draft.name, contentHash: draft.contentHash, examples: examples.length },
      appVersion: APP_VERSION,
      now: Date.now(),
    });
    const takenNow = await firstExisting(io, targets, args);
    if (takenNow !== null) {
      io.stderr(overwriteMessage(takenNow));
      return 2;
    }
    try {
      await io.mkdir(out);
      await io.writeFile(targets[0]!, exported.onnx);
      await io.writeFile(targets[1]!, exported.json);
    } catch (e) {
      io.stderr(`rir train: cannot write ${out}: ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    }
    io.stderr(`rir train: wrote ${targets[0]} (${(exported.onnx.byteLength / 1000).toFixed(1)} kB) and ${targets[1]}`);
    return 0;
  } catch (e) {
    if (e instanceof CandidateError) {
      io.stderr(`rir train: --keep: ${e.message}`);
      return 2;
    }
    if (!(e instanceof TrainError)) throw e;
    io.stderr(`rir train: ${e.message}`);
    return 2;
  }
}
