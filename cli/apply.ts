// `cli apply MODEL.onnx DATA`: runs an exported calibrator file (calibrator.onnx from `cli train
// --out` or the app's download) over a dataset file and writes one prediction per example, then
// scores the predictions against the targets the file has. The file itself runs on
// onnxruntime-node (calibratorFile.ts), so the numbers are those any pipeline running it gets.
//
// Canonical JSONL is streamed: examples are gathered as the importer validates them, and after
// each chunk of the file read, once enough are waiting, the model runs on them and their rows are
// written before reading on (importBlob's awaited `afterChunk`), so memory stays bounded by one
// run of rows plus one float pair per labelled example (for the metrics). A large canonical file
// is read on read threads (parallelRead.ts: parsing is most of the work, and it splits), its
// chunks merged in file order into the same examples, rejections and rows. Table formats group
// their rows by id, so they arrive whole at the end of the file and are run then.
//
// Never a silent wrong number: an example the calibrator cannot read gets `"prediction": null`
// with the reason; a dataset whose header declares another scale is refused before any row is
// written; scores outside the calibrator's scale, and examples with more rollouts than the
// sorted set's K (the first K are used, as in training), are counted in warnings.
//
// A calibrator that reads the reasoning (manifest model.kind "text-ridge" or "stacked-mlp") also
// reads the reasoning of every rollout of its prompt version: it is kept beside the scores
// (applyColumns.ts, on the read threads too), and each run hashes it into the graph's dense counts
// in chunks of 256 rows (calibratorFile.ts `predictMatrix`). That model runs on the main thread,
// beside the featuriser: the model thread of the score-only file (threadSession.ts) carries scores
// only. The text ridge has no spread (rows say null); the stacked MLP's ensemble has one.
//
// A kept baseline's file (model.kind "baseline": the mean or median of the scores, or a linear or
// isotonic fit on their mean) reads the scores as the compact MLP file does and runs the same way;
// it has no spread either.
//
// A multi-version file (model.kind "multi-version": a ridge on the compact score features of
// several prompt versions of the same example) reads every score of each version it lists: the
// other versions' scores are kept beside its own (applyColumns.ts `others`, on the read threads
// too), and it runs on the main thread (calibratorFile.ts `multiScoresMatrix`, one input per
// version). Examples without a score of its own version (prompts[0]) get null, "no rollout of";
// data lacking one of its versions altogether is refused once the file is read (the rows go to
// the partial output only, which is removed). No spread.
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import {
  CalibratorFileError,
  CalibratorSession,
  type CalibratorOutput,
  multiScoresMatrix,
  openCalibratorFile,
  scoresMatrix,
  type CalibratorFile,
  type ScoresMatrix,
} from '../src/calibrator/calibratorFile.ts';
import { checkFits, hasSpread, isBaselineManifest, isMultiManifest, noReasoning, readsReasoning } from '../src/calibrator/manifest.ts';
import { bootstrapMomentCis, type Interval } from '../src/domain/metrics/bootstrap.ts';
import { formatInterval, formatMetric } from '../src/domain/metrics/formatMetric.ts';
import { MOMENT_METRICS, type MomentMetricName } from '../src/domain/metrics/moments.ts';
import {
  ccc,
  computeMetrics,
  dispersionRatio,
  mae,
  meanBias,
  nmse,
  pearson,
  rmse,
  type MetricReasons,
} from '../src/domain/metrics/pairwise.ts';
import type { DatasetHeader, Example } from '../src/domain/types.ts';
import type { DatasetDraft } from '../src/io/datasetBuilder.ts';
import { importBlob } from '../src/io/importDataset.ts';
import { csvField } from '../src/io/labelExport.ts';
import { intOption, UsageError, type OptionSpec, type ParsedArgs } from './args.ts';
import type { CliIo, TextSink } from './cliIo.ts';
import { allowRejectedOption, openBlob, openDataset, refuseRejected } from './dataset.ts';
import { MANIFEST_FILE } from './train.ts';
import { ThreadSession, type PredictSession } from './threadSession.ts';
import { FloatList, Pending, type ApplyRead } from './applyColumns.ts';
import { readCanonicalParallel } from './parallelRead.ts';
import { textTable } from './table.ts';

export const APPLY_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'out',
    value: 'FILE',
    help: 'write the rows to FILE (.jsonl, or .csv) instead of stdout; written as FILE.partial and renamed once complete',
  },
  { name: 'force', help: 'with --out: replace an existing FILE' },
  { name: 'json', help: 'print the summary as one JSON object on stdout (needs --out)' },
  { name: 'seed', value: 'N', default: '0', help: 'bootstrap seed of the metrics' },
  { name: 'resamples', value: 'N', default: '1000', help: 'bootstrap resamples of the metrics (0: no intervals)' },
  allowRejectedOption('apply the calibrator to'),
];

export const APPLY_NOTES = [
  `MODEL is a calibrator.onnx; the manifest beside it (NAME.json for NAME.onnx, else ${MANIFEST_FILE} in the same`,
  'directory), when there is one, must be its own.',
  'Rows, one per example in file order: {"id", "prediction", "spread", "target" (when the example has one)};',
  '"prediction": null with a "reason" where the calibrator cannot predict (too few rollouts of its prompt version).',
  'A calibrator that reads the reasoning (a text ridge, or the MLP stacked on one): data without any reasoning of its',
  'prompt version is refused, and examples without reasoning are counted in a warning. The text ridge has no spread:',
  '"spread" is null, the CSV cell empty.',
  'A baseline file (a run kept the mean, median, linear or isotonic baseline) has no spread either.',
  'A multi-version file reads the scores of every prompt version it lists (running it means running them all): data',
  'lacking one of them is refused; examples without a score of its own (first) version get null. No spread.',
  'CSV: header id,prediction,spread,target,reason (an empty cell for null). Without --out the rows go to',
  'stdout as JSONL and the summary to stderr.',
  'Canonical JSONL is streamed with bounded memory; table files (CSV, TSV, JSONL rows, Parquet) are grouped',
  'by id in memory first, as the app imports them.',
  'Ctrl-C stops the run and removes the partial output (exit code 130).',
].join('\n');

/**
 * Rows per model run. bench/applyBench.ts (K = 20, compact, 5 members × H 16, one thread): 4,096
 * and 16,384 rows cost the same per row (~2.2 s per million), 65,536 up to 3× more (the graph's
 * [rows, 20] float64 intermediates leave the cache) and ~200 MB more peak RSS; 4,096 keeps the
 * smallest footprint.
 */
export const RUN_ROWS = 4096;

/** Batches posted to the model's thread and not yet written: two keep it busy while the main thread parses. */
const MAX_IN_FLIGHT = 2;

/**
 * The model runs on its own worker thread (threadSession.ts), beside the main thread's parsing; on
 * one intra-op thread the small graph is as fast as on two, and it stays fast when other processes
 * share the cores (with a thread pool it spun: 5× slower on a loaded 2-core machine).
 */
const SESSION_OPTIONS = { intraOpNumThreads: 1 } as const;

type OutFormat = 'jsonl' | 'csv';

function outFormat(path: string): OutFormat {
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(path)) return 'jsonl';
  throw new UsageError(`--out must name a .jsonl or .csv file (got "${path}")`);
}

const CSV_HEADER = 'id,prediction,spread,target,reason\r\n';

/** A JSON number, null when not finite. `String` gives the shortest text that reads back as the same double (the float32 output, exactly). */
const jsonNumber = (v: number) => (Number.isFinite(v) ? String(v) : 'null');
const csvNumber = (v: number) => (Number.isFinite(v) ? String(v) : '');

function jsonRow(id: string, prediction: number, spread: number, target: number, reason: string | null): string {
  return (
    '{"id":' +
    JSON.stringify(id) +
    ',"prediction":' +
    jsonNumber(prediction) +
    ',"spread":' +
    jsonNumber(spread) +
    (Number.isNaN(target) ? '' : ',"target":' + String(target)) +
    (reason === null ? '' : ',"reason":' + JSON.stringify(reason)) +
    '}\n'
  );
}

function csvRow(id: string, prediction: number, spread: number, target: number, reason: string | null): string {
  return `${csvField(id)},${csvNumber(prediction)},${csvNumber(spread)},${csvNumber(target)},${reason === null ? '' : csvField(reason)}\r\n`;
}

/** The labelled examples of a group (all, test split): how many, and the predicted ones' (prediction, target) pairs for the metrics. */
class Labelled {
  count = 0;
  pred = new FloatList();
  target = new FloatList();

  add(prediction: number, target: number): void {
    this.count++;
    if (!Number.isFinite(prediction)) return;
    this.pred.push(prediction);
    this.target.push(target);
  }

  metrics(options: { seed: number; resamples: number }): MetricsBlock {
    return metricsBlock(this.pred.view(), this.target.view(), this.count, options);
  }
}

/** Why an example gets no prediction: its reason text in the rows, and its key in the summary. */
type NoPrediction = 'no_rollouts' | 'too_few_rollouts' | 'no_output';

interface Tally {
  read: number;
  predicted: number;
  notPredicted: Record<NoPrediction, number>;
  moreThanK: number;
  outsideScores: number;
  outsideExamples: number;
  /** Text calibrator: examples with rollouts of the prompt and some reasoning among them, and with none. */
  reasoned: number;
  withoutReasoning: number;
}

/** The metrics of the summary: those of `cli eval`'s blocks that need no ranks (a million examples sort in seconds; these are one pass each). */
const POINT_METRICS: Record<MomentMetricName, (pred: Float64Array, target: Float64Array) => number | null> = {
  ccc,
  nmse,
  pearson,
  mae,
  rmse,
  bias: meanBias,
  dispersion: dispersionRatio,
};

/** One block of metrics in `cli eval --json`'s keys (the moment metrics only). */
type MetricsJson = { n: number } & { [K in MomentMetricName]: number | null } & {
  [K in MomentMetricName as `${K}_ci`]: Interval | null;
} & {
  why_null?: MetricReasons;
};

interface MetricsBlock {
  /** Examples with a target; those without a prediction are left out of the metrics and counted here. */
  examples_labelled: number;
  labelled_without_prediction: number;
  /** `cli eval --json`'s keys and definitions (CIs: the same seeded percentile bootstrap); null when no example has both. */
  metrics: MetricsJson | null;
}

function metricsBlock(
  pred: Float64Array,
  target: Float64Array,
  labelled: number,
  options: { seed: number; resamples: number },
): MetricsBlock {
  const block: MetricsBlock = { examples_labelled: labelled, labelled_without_prediction: labelled - pred.length, metrics: null };
  if (pred.length === 0) return block;
  const cis = options.resamples > 0 ? bootstrapMomentCis(pred, target, options) : null;
  const v = Object.fromEntries(MOMENT_METRICS.map((name) => [name, POINT_METRICS[name](pred, target)])) as Record<
    MomentMetricName,
    number | null
  >;
  const ci = (name: MomentMetricName) => cis?.[name] ?? null;
  const m: MetricsJson = {
    n: pred.length,
    ccc: v.ccc,
    ccc_ci: ci('ccc'),
    nmse: v.nmse,
    nmse_ci: ci('nmse'),
    pearson: v.pearson,
    pearson_ci: ci('pearson'),
    mae: v.mae,
    mae_ci: ci('mae'),
    rmse: v.rmse,
    rmse_ci: ci('rmse'),
    bias: v.bias,
    bias_ci: ci('bias'),
    dispersion: v.dispersion,
    dispersion_ci: ci('dispersion'),
  };
  // Why a metric is undefined (constant targets, one example): computeMetrics says it in words; only then worth its sorting.
  if (MOMENT_METRICS.some((name) => v[name] === null)) m.why_null = computeMetrics(pred, target).reasons;
  block.metrics = m;
  return block;
}

/** A failed write to the output (disk full, closed pipe). */
class SinkError extends Error {}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The manifest file that goes with MODEL, if one is there: `<name>.json` beside `<name>.onnx` (the
 * app downloads `<dataset>-calibrator.onnx` with `<dataset>-calibrator.json`), else `calibrator.json`
 * in the same directory (what `cli train --out` writes).
 */
async function manifestBeside(model: string, io: CliIo): Promise<string | null> {
  const candidates = [model.replace(/\.onnx$/i, '') + '.json', join(dirname(model), MANIFEST_FILE)];
  for (const c of candidates) if (c !== model && (await io.exists(c))) return c;
  return null;
}

/** The MODEL argument opened and checked (with the manifest beside it), or the exit code after saying why not. */
async function openModel(model: string, io: CliIo): Promise<CalibratorFile | number> {
  const blob = await openBlob(model, io, 'apply');
  if (typeof blob === 'number') return blob;
  const beside = await manifestBeside(model, io);
  let manifestText: string | undefined;
  if (beside !== null) {
    const b = await openBlob(beside, io, 'apply');
    if (typeof b === 'number') return b;
    manifestText = await b.text();
  }
  try {
    return openCalibratorFile(new Uint8Array(await blob.arrayBuffer()), manifestText);
  } catch (e) {
    if (!(e instanceof CalibratorFileError)) throw e;
    // calibratorFile.ts names the manifest "calibrator.json" in its messages; say which file it was.
    const where = beside !== null && e.message.startsWith(MANIFEST_FILE) ? beside : model;
    io.stderr(`rir apply: ${where}: ${e.message}`);
    return 2;
  }
}

/** How apply reads its DATA (APPLY_TUNING; tests set it to run the parallel read on small files). */
export interface ApplyTuning {
  /** Canonical JSONL files of at least this many bytes are read on `readThreads` threads (parallelRead.ts) when there are two or more. */
  parallelMinBytes: number;
  readThreads: number;
  /** Bytes per chunk of the parallel read. */
  chunkBytes: number;
}

/**
 * bench:apply (580 MB, 2 cores): two read threads, chunks of 1 MiB (4 MiB: 10% slower and 60 MB
 * more peak RSS, the threads' heaps holding more parsed text). Below 32 MiB the threads' start
 * (each compiles the importer) costs more than they save.
 */
export const APPLY_TUNING: ApplyTuning = {
  parallelMinBytes: 32 << 20,
  readThreads: Math.min(4, availableParallelism()),
  chunkBytes: 1 << 20,
};

export async function runApply(args: ParsedArgs, io: CliIo): Promise<number> {
  const tuning = APPLY_TUNING;
  if (args.positional.length !== 2) throw new UsageError('apply needs a MODEL.onnx and one DATA file');
  const [model, file] = args.positional as [string, string];
  const seed = intOption(args, 'seed');
  const resamples = intOption(args, 'resamples');
  const out = args.values.out;
  if (out === '') throw new UsageError('--out needs a file name');
  const format = out === undefined ? 'jsonl' : outFormat(out);
  const json = args.flags.has('json');
  if (json && out === undefined) {
    throw new UsageError('--json prints the summary on stdout, where the rows go without --out: give --out PREDS.jsonl or PREDS.csv');
  }
  if (args.flags.has('force') && out === undefined) throw new UsageError('--force goes with --out FILE');
  if (out !== undefined && !args.flags.has('force') && (await io.exists(out))) {
    io.stderr(`rir apply: ${out} exists; pass --force to replace it, or choose another --out file`);
    return 2;
  }

  const calibrator = await openModel(model, io);
  if (typeof calibrator === 'number') return calibrator;
  const data = await openDataset(file, io, 'apply');
  if (typeof data === 'number') return data;

  const parallel = data.plan.format === 'canonical' && data.blob.size >= tuning.parallelMinBytes && tuning.readThreads >= 2;
  const { manifest } = calibrator;
  const prompt = manifest.prompts[0]!;
  const { set, k, min_scores: minScores } = manifest.features;
  const { min, max } = manifest.scale;
  const text = readsReasoning(manifest);
  const multi = isMultiManifest(manifest);
  /** What the file reads, in words: its prompt version, or a multi-version file's every one. */
  const readsWhat = multi ? manifest.prompts.join(', ') : prompt;
  let session: PredictSession;
  /** The text calibrator's session (also `session`): it featurises the reasoning. */
  let textSession: CalibratorSession | null = null;
  /** The multi-version calibrator's session (also `session`): it takes one input per version. */
  let multiSession: CalibratorSession | null = null;
  try {
    // Beside read threads the model runs here, in the main thread's waits for them (a thread of
    // its own was 10% slower and 60 MB more in bench:apply); beside the main thread's own reading,
    // on a thread of its own. A text calibrator runs here too, where its featuriser runs, and a
    // multi-version one (the model thread's messages carry one scores matrix).
    if (text) session = textSession = await CalibratorSession.create(ort, calibrator, SESSION_OPTIONS);
    else if (multi) session = multiSession = await CalibratorSession.create(ort, calibrator, SESSION_OPTIONS);
    else
      session = parallel
        ? await CalibratorSession.create(ort, calibrator, SESSION_OPTIONS)
        : await ThreadSession.create(calibrator.bytes, SESSION_OPTIONS);
  } catch (e) {
    if (!(e instanceof CalibratorFileError)) throw e;
    io.stderr(`rir apply: ${model}: ${e.message}`);
    return 2;
  }

  const partial = out === undefined ? null : `${out}.partial`;
  let sink: TextSink;
  try {
    sink = await io.createWriter(partial);
  } catch (e) {
    await session.release();
    io.stderr(`rir apply: cannot write ${partial}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  // Write errors (a full disk, a closed pipe) are the output's fault, not the data's: said as such.
  const write = (text: string) =>
    sink.write(text).catch((e: unknown) => {
      throw new SinkError(e instanceof Error ? e.message : String(e));
    });
  let committed = false;
  try {
    if (format === 'csv') await write(CSV_HEADER);
    const t0 = performance.now();
    const tally: Tally = {
      read: 0,
      predicted: 0,
      notPredicted: { no_rollouts: 0, too_few_rollouts: 0, no_output: 0 },
      moreThanK: 0,
      outsideScores: 0,
      outsideExamples: 0,
      reasoned: 0,
      withoutReasoning: 0,
    };
    const labelled = { all: new Labelled(), test: new Labelled() };
    const others = multi ? manifest.prompts.slice(1) : [];
    let pending = new Pending(others.length);
    const sorted = set === 'sorted';
    const row = format === 'csv' ? csvRow : jsonRow;
    const reasonText: Record<NoPrediction, (count: number) => string> = {
      no_rollouts: () => `no rollout of ${prompt}`,
      too_few_rollouts: (c) => `${plural(c, 'rollout')} of ${prompt}; the calibrator needs ${minScores}`,
      no_output: () => 'the calibrator gave no number for these scores',
    };
    // Set when the run must stop: the header's scale differs (nothing is written), or a line was
    // rejected without --allow-rejected (nothing more is predicted; the file is read on to list them all).
    let refusal: string | null = null;
    let blocked = false;
    const stop = new AbortController();
    const signal = io.interrupt ? AbortSignal.any([io.interrupt, stop.signal]) : stop.signal;

    const onHeader = (h: DatasetHeader) => {
      if (h.scale && (h.scale.min !== min || h.scale.max !== max)) {
        refusal = `${file} declares the scale ${h.scale.min}–${h.scale.max} in its rir_dataset header; the calibrator was trained on ${min}–${max}`;
        stop.abort();
      }
    };

    const read: ApplyRead = { prompt, others, sorted, k, min, max, text };
    const onExamples = (batch: Example[]) => {
      if (blocked || refusal !== null) return;
      pending.take(batch, read);
    };

    // Batches run on the model's thread while the next rows are parsed: each batch's rows are
    // written in file order once its predictions are back, with at most MAX_IN_FLIGHT batches
    // posted and unwritten (what bounds the memory they hold).
    let written: Promise<void> = Promise.resolve();
    const inFlight: Promise<void>[] = [];
    const writeBatch = async (batch: Pending, from: number, to: number, rows: Int32Array, predicted: Promise<CalibratorOutput>) => {
      const result = await predicted;
      // The rows' text (not `text`, whether the calibrator reads the reasoning, which it would hide).
      let lines = '';
      let r = 0;
      for (let e = from; e < to; e++) {
        let p = NaN;
        let s = NaN;
        if (r < rows.length && rows[r] === e) {
          p = result.prediction[r]!;
          if (result.spread) s = result.spread[r]!;
          r++;
        }
        const count = batch.counts[e]!;
        const target = batch.targets.data[e]!;
        tally.read++;
        if (batch.outside[e]! > 0) {
          tally.outsideScores += batch.outside[e]!;
          tally.outsideExamples++;
        }
        if (sorted && count > k) tally.moreThanK++;
        if (text && count > 0) {
          if (batch.hasReasoning(e)) tally.reasoned++;
          else tally.withoutReasoning++;
        }
        let reason: string | null = null;
        if (Number.isFinite(p)) tally.predicted++;
        else {
          const why: NoPrediction = count === 0 ? 'no_rollouts' : count < minScores ? 'too_few_rollouts' : 'no_output';
          tally.notPredicted[why]++;
          reason = reasonText[why](count);
        }
        if (Number.isFinite(target)) {
          labelled.all.add(p, target);
          if (batch.test[e]) labelled.test.add(p, target);
        }
        lines += row(batch.ids[e]!, p, s, target, reason);
      }
      await write(lines);
    };

    /** One run's predictions: a text calibrator featurises the run's reasoning first (in chunks, calibratorFile.ts). */
    const run = (m: ScoresMatrix, batch: Pending): Promise<CalibratorOutput> =>
      textSession ? textSession.predictMatrix(m, batch.promptTexts(prompt)) : session.predict(m.data, m.rows.length, m.width);
    /**
     * Posts the pending examples to the model in runs of RUN_ROWS, their rows following in file
     * order. Until the end of the file only whole runs go, the rest waiting for the next chunk: every
     * run is then examples [i·RUN_ROWS, (i + 1)·RUN_ROWS) of the file however it was read, so the
     * output is the same to the last bit (a float32 MatMul's rounding depends on its batch).
     */
    const flush = async (last: boolean) => {
      const batch = pending;
      const n = last ? batch.size : batch.size - (batch.size % RUN_ROWS);
      pending = batch.rest(n);
      const rollouts = batch.rollouts(prompt);
      const versions = multiSession ? batch.versionRollouts(manifest.prompts) : null;
      for (let from = 0; from < n; from += RUN_ROWS) {
        const to = Math.min(n, from + RUN_ROWS);
        let rows: Int32Array;
        let predicted: Promise<CalibratorOutput>;
        if (multiSession && versions) {
          const mm = multiScoresMatrix(versions, from, to);
          rows = mm.rows;
          predicted = multiSession.predictMultiMatrix(mm);
        } else {
          const m = scoresMatrix(rollouts, set, k, from, to);
          rows = m.rows;
          predicted = run(m, batch);
        }
        // Marked handled here; the failure surfaces where the batch is awaited below.
        predicted.catch(() => {});
        written = written.then(() => writeBatch(batch, from, to, rows, predicted));
        written.catch(() => {});
        inFlight.push(written);
        while (inFlight.length > MAX_IN_FLIGHT) await inFlight.shift();
      }
    };
    const drain = async () => {
      await flush(true);
      while (inFlight.length > 0) await inFlight.shift();
    };

    const afterChunk = async (p: { rejected: number }) => {
      if (refusal !== null) return;
      if (p.rejected > 0 && !args.flags.has('allow-rejected')) {
        blocked = true;
        pending.clear();
        return;
      }
      if (pending.size >= RUN_ROWS) await flush(false);
    };

    let draft: Pick<DatasetDraft, 'rejected' | 'rejectedCount' | 'exampleCount' | 'promptOrder'>;
    try {
      draft = parallel
        ? await readCanonicalParallel(
            data.blob,
            file,
            read,
            { threads: tuning.readThreads, chunkBytes: tuning.chunkBytes, signal, onHeader },
            async (chunk) => {
              if (blocked || refusal !== null) return;
              pending.append(chunk.columns, chunk.repeats);
              await afterChunk(chunk);
            },
          )
        : await importBlob(data.blob, file, data.plan, { onExamples, onHeader, afterChunk, signal, contentHash: false });
    } catch (e) {
      if (refusal !== null) {
        io.stderr(`rir apply: ${refusal}`);
        return 2;
      }
      if (io.interrupt?.aborted) {
        io.stderr(`rir apply: interrupted${partial ? `; ${partial} removed` : ''}`);
        return 130;
      }
      throw e;
    }
    const refused = refuseRejected(file, draft, args, io, 'apply', 'apply the calibrator to');
    if (refused !== null) return refused;
    await drain();
    const seen = tally.read - tally.notPredicted.no_rollouts > 0;
    if (!seen) {
      io.stderr(
        `rir apply: ${file}: ${checkFits(manifest, {
          scale: manifest.scale,
          promptOrder: draft.promptOrder,
          // No example has a rollout of its prompt version; another version (a multi-version file's) may be there.
          typicalRollouts: (p) => (p !== prompt && draft.promptOrder.includes(p) ? 1 : null),
        })}`,
      );
      return 2;
    }
    if (text && tally.reasoned === 0) {
      io.stderr(`rir apply: ${file}: ${noReasoning(prompt)}`);
      return 2;
    }
    if (multi) {
      // Known only once the file is read: every version it lists must be in the data.
      const why = checkFits(manifest, {
        scale: manifest.scale,
        promptOrder: draft.promptOrder,
        typicalRollouts: (p) => (draft.promptOrder.includes(p) ? 1 : null),
      });
      if (why !== null) {
        io.stderr(`rir apply: ${file}: ${why}`);
        return 2;
      }
    }
    await sink.close().catch((e: unknown) => {
      throw new SinkError(e instanceof Error ? e.message : String(e));
    });
    if (partial !== null && out !== undefined) await io.rename(partial, out);
    committed = true;
    const ms = performance.now() - t0;

    const warnings: string[] = [];
    if (tally.outsideScores > 0) {
      warnings.push(
        `${plural(tally.outsideScores, 'score')} of ${readsWhat} in ${plural(tally.outsideExamples, 'example')} lie outside the calibrator's scale ${min}–${max}: ` +
          'their predictions extrapolate (then are clipped to the scale)',
      );
    }
    if (tally.moreThanK > 0) {
      warnings.push(
        `${plural(tally.moreThanK, 'example')} have more than K = ${k} rollouts of ${prompt}: the first ${k} in file order were used, as in training`,
      );
    }
    if (tally.withoutReasoning > 0) {
      warnings.push(
        `${plural(tally.withoutReasoning, 'example')} have rollouts of ${prompt} without any reasoning: predicted from their scores alone (their text part is 0, as for such examples in training)`,
      );
    }
    for (const w of warnings) io.stderr(`rir apply: warning: ${w}`);

    const options = { seed, resamples };
    const tMetrics = performance.now();
    const metrics = {
      all: labelled.all.metrics(options),
      test: labelled.test.metrics(options),
    };
    const metricsMs = performance.now() - tMetrics;
    const summary = {
      file,
      model,
      out: out ?? null,
      calibrator: manifest.name,
      prompt,
      model_kind: manifest.model.kind,
      /** Whether the rows' "spread" can hold a number (the text ridge and a baseline have none). */
      spread: hasSpread(manifest),
      text: text ? { buckets: manifest.model.buckets, ngrams: [...manifest.model.text.ngrams] } : null,
      /** The baseline a baseline file computes (mean, median, linear, isotonic); null for a model. */
      baseline: isBaselineManifest(manifest) ? manifest.model.baseline : null,
      /** The prompt versions a multi-version file reads (prompts[0] = `prompt`); null for a file of one version. */
      versions: multi ? [...manifest.prompts] : null,
      feature_set: set,
      k,
      examples: tally.read,
      predicted: tally.predicted,
      not_predicted: tally.notPredicted,
      more_than_k: tally.moreThanK,
      without_reasoning: text ? tally.withoutReasoning : null,
      scores_outside_scale: tally.outsideScores,
      rejected: draft.rejectedCount,
      ms: Math.round(ms),
      rows_per_s: Math.round(tally.read / (ms / 1000)),
      seed,
      resamples,
      metrics_ms: Math.round(metricsMs),
      metrics,
      warnings,
    };
    if (json) io.stdout(JSON.stringify(summary));
    else for (const line of summaryText(summary)) (out === undefined ? io.stderr : io.stdout)(line);
    return 0;
  } catch (e) {
    if (e instanceof SinkError) {
      io.stderr(`rir apply: cannot write ${partial ?? 'stdout'}: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    await session.release();
    if (!committed && partial !== null) {
      await sink.close().catch(() => {});
      await io.remove(partial);
    }
  }
}

type Summary = {
  file: string;
  calibrator: string;
  prompt: string;
  spread: boolean;
  text: { buckets: number; ngrams: number[] } | null;
  baseline: string | null;
  versions: string[] | null;
  feature_set: string;
  k: number;
  examples: number;
  predicted: number;
  not_predicted: Record<NoPrediction, number>;
  rejected: number;
  ms: number;
  rows_per_s: number;
  seed: number;
  resamples: number;
  metrics: { all: MetricsBlock; test: MetricsBlock };
};

/** The summary in words and one small table. */
function summaryText(s: Summary): string[] {
  const np = s.not_predicted;
  const why = [
    np.too_few_rollouts > 0 ? `${np.too_few_rollouts} with fewer than ${s.feature_set === 'sorted' ? s.k : 1} rollouts of ${s.prompt}` : '',
    np.no_rollouts > 0 ? `${np.no_rollouts} without rollouts of ${s.prompt}` : '',
    np.no_output > 0 ? `${np.no_output} where the calibrator gave no number` : '',
  ].filter(Boolean);
  const notPredicted = np.too_few_rollouts + np.no_rollouts + np.no_output;
  const lines = [
    `${s.file}: ${plural(s.examples, 'example')} read, ${s.predicted} predicted, ${notPredicted} not predicted` +
      (why.length > 0 ? ` (${why.join(', ')})` : '') +
      `, ${s.rejected} rejected; ${s.ms} ms, ${s.rows_per_s} rows/s`,
    `calibrator “${s.calibrator}”: prompt ${s.prompt}, ` +
      (s.text
        ? `${s.spread ? 'an MLP ensemble on the score features and the prediction of ' : ''}a ridge on the reasoning's hashed n-grams (orders ${s.text.ngrams.join(', ')}, ${s.text.buckets} buckets) and the ${s.feature_set === 'sorted' ? `sorted features (K = ${s.k})` : 'compact features'}` +
          (s.spread ? '' : '; it has no spread: the spread column is empty')
        : s.versions !== null
          ? `a ridge on the compact features of the scores of ${s.versions.length} prompt versions (${s.versions.join(', ')}; running it means running every one); it has no spread: the spread column is empty`
          : s.baseline !== null
            ? `the ${s.baseline} baseline (${s.baseline === 'mean' || s.baseline === 'median' ? `the ${s.baseline} of the rollout scores` : `a ${s.baseline} fit on the mean of the rollout scores`}); it has no spread: the spread column is empty`
            : s.feature_set === 'sorted'
              ? `sorted features (K = ${s.k})`
              : 'compact features'),
  ];
  const blocks: [string, MetricsBlock][] = [
    ['all labelled', s.metrics.all],
    ['test split', s.metrics.test],
  ];
  if (blocks.every(([, b]) => b.metrics === null)) {
    lines.push('No predicted example has a target: there is nothing to score the predictions against.');
    return lines;
  }
  // The content is not hashed (a tenth of the run at a million examples), so this cannot be told apart: said always.
  lines.push(
    'If this is the data the calibrator was trained on, "all labelled" includes its training examples: the test split is the unseen part.',
  );
  lines.push(`Predictions against the targets${s.resamples > 0 ? ` (95% bootstrap CIs, ${s.resamples} resamples, seed ${s.seed})` : ''}:`);
  const head = ['examples', 'n', 'CCC', 'CCC 95% CI', 'NMSE', 'NMSE 95% CI', 'r', 'r 95% CI', 'MAE', 'MAE 95% CI', 'RMSE', 'RMSE 95% CI'];
  const rows = blocks.map(([name, { metrics: b }]) =>
    b === null
      ? [name, '0', ...head.slice(2).map(() => '–')]
      : [
          name,
          String(b.n),
          formatMetric(b.ccc),
          formatInterval(b.ccc_ci),
          formatMetric(b.nmse),
          formatInterval(b.nmse_ci),
          formatMetric(b.pearson),
          formatInterval(b.pearson_ci),
          formatMetric(b.mae),
          formatInterval(b.mae_ci),
          formatMetric(b.rmse),
          formatInterval(b.rmse_ci),
        ],
  );
  lines.push(...textTable(head, rows));
  for (const [name, b] of blocks) {
    if (b.labelled_without_prediction > 0)
      lines.push(`  ${name}: ${plural(b.labelled_without_prediction, 'labelled example')} without a prediction left out`);
  }
  return lines;
}
