// The default Train with every candidate against the score-only run (issue 15 point 6, docs/ARCHITECTURE.md §9.4,
// §15.1): on testdata/syn-judge-400.jsonl's first prompt version with the default settings (45
// models = 9 configurations × 5 folds, at most 2,000 epochs, patience 200), in one node process,
// interleaved rounds of
//   (A) the score-only run: planTraining + train with every model kept in the batch to the end
//       (dropStopped off), no other candidate;
//   (B) the default: planTraining + train dropping stopped models, then selectCalibrator with the
//       baselines and the text ridge on the reasoning (promptTexts, DEFAULT_TEXT_SPEC).
// Prints each run, the medians, the ratio B/A (budget ≤ 1) and B's split between the MLP and the
// other candidates, the models still improving over B's first run, and checks that A and B kept
// the same ensemble bit for bit. The machine is shared: only ratios within this run mean anything.
// Writes bench/out/trainCandidates.json. Env: BENCH_TRAIN_CANDIDATES_ROUNDS (default 3).
import { mkdirSync, openAsBlob, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { DEFAULT_LOSS_WEIGHTS } from '../src/calibrator/candidates.ts';
import { prepareTraining, selectCalibrator } from '../src/calibrator/selection.ts';
import { DEFAULT_TRAIN_SETTINGS, resolveTrainOptions } from '../src/calibrator/settings.ts';
import { promptTexts } from '../src/calibrator/textInput.ts';
import { DEFAULT_TEXT_SPEC } from '../src/calibrator/textModel.ts';
import { planTraining, train, type TrainProgress, type TrainResult } from '../src/calibrator/trainer.ts';
import { buildAnalysisInput } from '../src/domain/analysisInput.ts';
import { readDataset } from '../src/io/readDataset.ts';
import { OUT_DIR } from './benchData.ts';

const ROUNDS = Number(process.env.BENCH_TRAIN_CANDIDATES_ROUNDS ?? 3);
const BUDGET_RATIO = 1;
const FILE = path.resolve(import.meta.dirname, '../testdata/syn-judge-400.jsonl');

const { draft, examples } = await readDataset(await openAsBlob(FILE), FILE);
const input = buildAnalysisInput(examples, draft.promptOrder, draft.scale);
const options = resolveTrainOptions(DEFAULT_TRAIN_SETTINGS, input, draft.promptOrder);

interface Timed {
  ms: number;
  mlpMs: number;
  candidatesMs: number;
  result: TrainResult;
  /** Epoch and models still improving at each progress report (about every 100 ms). */
  active: { epoch: number; active: number; models: number; ms: number }[];
  chosen: string | null;
}

async function runA(): Promise<Timed> {
  const t0 = performance.now();
  const plan = planTraining(input, options);
  const result = await train(ort, 'cpu', plan, { dropStopped: false });
  const ms = performance.now() - t0;
  return { ms, mlpMs: ms, candidatesMs: 0, result, active: [], chosen: null };
}

async function runB(): Promise<Timed> {
  const active: Timed['active'] = [];
  const t0 = performance.now();
  const selectionOptions = { weights: DEFAULT_LOSS_WEIGHTS, text: DEFAULT_TEXT_SPEC };
  const base = planTraining(input, options);
  const prepared = prepareTraining(base, { texts: promptTexts(examples, base.prompt), options: selectionOptions });
  const t1 = performance.now();
  const onProgress = (p: TrainProgress) => active.push({ epoch: p.epoch, active: p.active, models: p.models, ms: performance.now() - t0 });
  const result = await train(ort, 'cpu', prepared.plan, { onProgress });
  const t2 = performance.now();
  const selection = selectCalibrator(input, prepared.plan, result, prepared.text, selectionOptions);
  const t3 = performance.now();
  const chosen = selection.candidates[selection.choice.chosen]!.id;
  return { ms: t3 - t0, mlpMs: t2 - t1, candidatesMs: t1 - t0 + (t3 - t2), result, active, chosen };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

console.log(
  `${path.basename(FILE)}, prompt ${draft.promptOrder[options.prompt]}: ${options.grid.hidden.length * options.grid.weightDecay.length * options.grid.lr.length} configurations × ${options.folds} folds × ${options.seeds} seed(s), max ${options.maxEpochs} epochs, patience ${options.patience}, ${options.steps} steps per run`,
);
// Warm-up (onnxruntime's first session, V8's JIT), not counted.
await runA();
await runB();

const as: Timed[] = [];
const bs: Timed[] = [];
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which goes first, so a drift in the machine's load hits both.
  for (const which of r % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
    const t = which === 'A' ? await runA() : await runB();
    (which === 'A' ? as : bs).push(t);
    console.log(
      which === 'A'
        ? `round ${r + 1} A score-only, keep all: ${ms(t.ms)} (${t.result.epochs} epochs)`
        : `round ${r + 1} B default + candidates: ${ms(t.ms)} = MLP ${ms(t.mlpMs)} + candidates ${ms(t.candidatesMs)} (${t.result.epochs} epochs; kept ${t.chosen})`,
    );
  }
}

// The same seed keeps the same ensemble whether stopped models leave the batch or not.
const reference = JSON.stringify(as[0]!.result.model.members);
const identical = [...as, ...bs].every(
  (t) =>
    JSON.stringify(t.result.model.members) === reference &&
    t.result.selected === as[0]!.result.selected &&
    t.result.predictions.every((v, i) => Object.is(v, as[0]!.result.predictions[i])),
);

const medA = median(as.map((t) => t.ms));
const medB = median(bs.map((t) => t.ms));
const medMlp = median(bs.map((t) => t.mlpMs));
const medCandidates = median(bs.map((t) => t.candidatesMs));
const ratio = medB / medA;
const trace = bs[0]!.active;
const sampled = trace.filter((_, i) => i % Math.max(1, Math.round(trace.length / 12)) === 0 || i === trace.length - 1);
console.log(`models still improving in B's first run (epoch: active of ${trace[0]?.models ?? '?'}, about every 100 ms):`);
console.log(`  ${sampled.map((p) => `${p.epoch}: ${p.active} (${ms(p.ms)})`).join(', ')}`);
console.log(`same ensemble, predictions and selection in every run: ${identical ? 'yes' : 'NO'}`);
console.log(`median A ${ms(medA)}, median B ${ms(medB)} (MLP ${ms(medMlp)}, candidates ${ms(medCandidates)})`);
console.log(`B/A = ${ratio.toFixed(2)}; budget ≤ ${BUDGET_RATIO}: ${ratio <= BUDGET_RATIO ? 'OK' : 'OVER'}`);

mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(
  path.join(OUT_DIR, 'trainCandidates.json'),
  JSON.stringify(
    {
      file: path.basename(FILE),
      prompt: draft.promptOrder[options.prompt],
      rounds: ROUNDS,
      a: as.map((t) => ({ ms: t.ms, epochs: t.result.epochs })),
      b: bs.map((t) => ({ ms: t.ms, mlpMs: t.mlpMs, candidatesMs: t.candidatesMs, epochs: t.result.epochs, kept: t.chosen })),
      medians: { a: medA, b: medB, bMlp: medMlp, bCandidates: medCandidates },
      ratio,
      budget: BUDGET_RATIO,
      identical,
      active: trace,
    },
    null,
    2,
  ),
);
if (!identical) process.exitCode = 1;
