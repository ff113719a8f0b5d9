// Train screen (docs/ARCHITECTURE.md §9.7, §11.1): settings, the backend that runs and why, live curves per configuration,
// then the calibrator against the baselines on the test split and out of fold, with CIs, charts
// and a verdict per baseline by the paired CI of ΔCCC (better only when it excludes 0), and the calibrator's
// download as calibrator.onnx + calibrator.json. The numbers come from the training worker through the
// store; this view only shows them.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PromptReport } from '../../domain/analysis.ts';
import { formatMetric } from '../../domain/metrics/formatMetric.ts';
import type { DatasetInfo } from '../../domain/types.ts';
import { ownValue } from '../../domain/ownKeys.ts';
import { asTestReport, configLabel, keptPredictions, verdictText, type TrainOutcome } from '../../calibrator/report.ts';
import { useAppStore, useAppStoreApi } from '../../store/useAppStore.ts';
import { LineChart } from '../../ui/charts/LineChart.tsx';
import { LineLegend } from '../../ui/charts/LineLegend.tsx';
import { AnalyzeCharts } from '../common/AnalyzeCharts.tsx';
import { AnalyzeMetricTable } from '../common/AnalyzeMetricTable.tsx';
import { formatBytes, formatDuration, plural } from '../format.ts';
import { navigate, routeHref } from '../route.ts';
import { TrainSettingsForm } from './TrainSettingsForm.tsx';
import { downloadCalibrator, type DownloadedCalibrator } from './calibratorDownload.ts';
import { CandidatesPanel } from './CandidatesPanel.tsx';
import { isTrainRunBusy, type TrainRun } from '../../store/trainSlice.ts';
import type { ExampleCore } from '../../domain/exampleCore.ts';

/** A comparison table's example counts: those its first predictor (the mean) scored. */
function scoredCounts(p: PromptReport) {
  const n = p.predictors[0]?.n ?? 0;
  return { examples: n, labelled: n };
}

function RunStatus({ run }: { run: TrainRun }) {
  const busy = isTrainRunBusy(run);
  const backend = run.decision ? `${run.decision.provider === 'webgpu' ? 'WebGPU' : 'WASM'} — ${run.decision.reason}` : 'choosing…';
  return (
    <div className="rir-train-status">
      <p>
        Backend: <strong data-testid="train-backend">{backend}</strong>
      </p>
      {run.notice && (
        <p role="alert" className="rir-error">
          {run.notice}
        </p>
      )}
      <p role="status">
        {run.status === 'starting' && (run.stage ?? 'Choosing the backend…')}
        {run.status === 'running' && run.models === 0 && 'Loading onnxruntime and building the training graph…'}
        {(run.status === 'stopping' || (run.status === 'running' && run.models > 0)) && (
          <>
            {run.status === 'stopping' ? 'Stopping… ' : 'Training: '}epoch {run.epoch} of {run.maxEpochs}, {run.active} of{' '}
            {plural(run.models, 'model')} still improving
          </>
        )}
        {run.status === 'done' && run.outcome && (
          <>
            {run.outcome.result.cancelled ? 'Stopped' : 'Done'} after {run.outcome.result.epochs} epochs in{' '}
            {formatDuration(run.outcome.result.ms)} ({modelsText(run.models, run.outcome.result)}).
          </>
        )}
      </p>
      {busy && <progress max={run.maxEpochs} value={run.epoch} aria-label="Training progress" />}
      {run.status === 'failed' && (
        <p role="alert" className="rir-error">
          Training failed: {run.error}
        </p>
      )}
    </div>
  );
}

/** The live curves are redrawn at most this often (progress arrives every 100 ms): enough to follow a trend, and it
 * leaves the main thread to Stop and scrolling when a redraw has to re-lay the axes. */
const CURVES_REDRAW_MS = 500;

/** `value`, following it at most every `ms`; the latest value always lands, at most `ms` late. */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const timer = setTimeout(
      () => {
        last.current = Date.now();
        setShown(value);
      },
      Math.max(0, last.current + ms - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}

function Curves({ run, selected }: { run: TrainRun; selected: number | undefined }) {
  const curves = useThrottled(run.curves, CURVES_REDRAW_MS);
  const series = useMemo(() => {
    // Per configuration of this run (the throttled curves may still be the previous run's for a moment).
    const configs = run.configs.map((config, i) => {
      const points = curves[i] ?? [];
      return { label: configLabel(config), epochs: points.map((p) => p.epoch), points };
    });
    // Colour = configuration; solid = train, dashed = validation. The loss axis is logarithmic, so the first
    // epochs' loss (an untrained net, several times the rest) and the late differences between configurations both show.
    return {
      loss: configs.map((c, i) => ({ label: `${c.label} train`, xs: c.epochs, ys: c.points.map((p) => p.loss), colour: i })),
      ccc: configs.flatMap((c, i) => [
        { label: `${c.label} train`, xs: c.epochs, ys: c.points.map((p) => p.trainCcc), colour: i },
        { label: `${c.label} validation`, xs: c.epochs, ys: c.points.map((p) => p.valCcc), dashed: true, colour: i },
      ]),
      legend: configs.map((c, i) => ({ label: c.label, colour: i, highlighted: i === selected })),
    };
  }, [curves, run.configs, selected]);
  // While training, the epoch axis spans the whole run and both axes end on ticks, so a redraw only moves the lines.
  const live = isTrainRunBusy(run);
  const epochs = useMemo(() => (live ? { min: 0, max: run.maxEpochs } : undefined), [live, run.maxEpochs]);
  return (
    <section aria-label="Training curves">
      <div className="rir-train-curves">
        <LineChart
          series={series.loss}
          xLabel="Epoch"
          yLabel="Training loss (log scale)"
          ariaLabel="Training loss per configuration"
          highlight={selected}
          yScale="log"
          xDomain={epochs}
          nice
        />
        <LineChart
          series={series.ccc}
          xLabel="Epoch"
          yLabel="CCC"
          ariaLabel="Training (solid) and validation (dashed) CCC per configuration"
          highlight={selected === undefined ? undefined : [selected * 2, selected * 2 + 1]}
          xDomain={epochs}
          nice
        />
      </div>
      <LineLegend
        label="Configurations"
        entries={series.legend}
        styles={[
          { label: 'solid = train', dashed: false },
          { label: 'dashed = validation', dashed: true },
        ]}
      />
    </section>
  );
}

function CalibratorDownload({ outcome, info }: { outcome: TrainOutcome; info: DatasetInfo }) {
  const [saved, setSaved] = useState<DownloadedCalibrator | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    try {
      setSaved(downloadCalibrator(outcome, info));
      setError(null);
    } catch (e) {
      setError(`The calibrator files could not be made: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const kept = outcome.selection?.candidates[outcome.selection.chosen];
  return (
    <div className="rir-calibrator-download">
      <button type="button" onClick={save}>
        Download calibrator
      </button>
      <span className="rir-muted">
        {kept?.kind === 'baseline'
          ? `The kept calibrator is ${kept.label}, a baseline: calibrator.onnx computes exactly that (any onnxruntime runs it: rollout scores in, prediction out; no spread) and calibrator.json, its manifest, states it. Apply it to another dataset on Analyze.`
          : kept?.kind === 'text'
            ? `calibrator.onnx (any onnxruntime runs it: the hashed word n-gram counts of the reasoning and the rollout scores in, ${kept.id === 'stacked-mlp' ? 'prediction and spread' : 'a prediction'} out; the README shows the 20-line featuriser) and calibrator.json, its manifest. Apply it to another dataset on Analyze.`
            : 'calibrator.onnx (any onnxruntime runs it: rollout scores in, prediction and spread out) and calibrator.json, its manifest. The .onnx alone is enough: it carries the manifest inside. Apply it to another dataset on Analyze.'}
      </span>
      {saved && (
        <p role="status">
          Downloaded {saved.onnx} ({formatBytes(saved.size)}) and {saved.json}.
        </p>
      )}
      {error && (
        <p role="alert" className="rir-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The batch's models in words: the score-only MLP's, and the stacked MLP's that trained beside them. */
function modelsText(models: number, result: TrainOutcome['result']): string {
  const stacked = result.stacked ? result.stacked.configs.length * (result.folds ?? 0) * (result.options?.seeds ?? 1) : 0;
  return stacked > 0 && stacked < models
    ? `${plural(models - stacked, 'model')}, and ${stacked} of the MLP stacked on the ridge`
    : plural(models, 'model');
}

function Results({
  prompt,
  outcome,
  info,
  examples,
}: {
  prompt: string;
  outcome: TrainOutcome;
  info: DatasetInfo;
  examples: ExampleCore[];
}) {
  const { result, report } = outcome;
  const store = useAppStoreApi();
  const exampleTexts = useAppStore((s) => s.exampleTexts);
  const predictions = keptPredictions(outcome);
  const sel = outcome.selection;
  const kept = sel?.candidates[sel.chosen];
  const keptName = kept && kept.id !== 'mlp' ? kept.label : 'Calibrator';
  const openExample = useCallback((id: string) => navigate({ screen: 'example', datasetId: info.id, exampleId: id }), [info.id]);
  const table = useMemo(
    () => ({
      n: outcome.targets.length,
      targets: outcome.targets,
      splits: outcome.splits,
      predictions: [[{ id: 'calibrator' as const, values: predictions }]],
    }),
    [outcome, predictions],
  );
  const selected = result.configs[result.selected]!;
  const calTest = report.test?.predictors.find((p) => p.id === 'calibrator') ?? null;
  return (
    <section aria-label="Results" className="rir-train-results">
      <h2>Results</h2>
      {sel && (
        <CandidatesPanel
          selection={sel}
          examples={examples}
          texts={exampleTexts}
          trainExamples={result.devExamples}
          onKeep={(id) => void store.getState().keepCandidate(prompt, id)}
        />
      )}
      <CalibratorDownload outcome={outcome} info={info} />
      <h3>The MLP on the scores</h3>
      <p>
        Chosen by out-of-fold CCC: <strong>{configLabel(selected.config)}</strong>; the MLP is the average of its{' '}
        {plural(result.model.members.length, 'fold model')}. Trained on {plural(result.counts.train, 'labelled train/val example')} with{' '}
        {result.model.featureSet === 'sorted' ? `sorted K = ${result.model.k}` : 'compact'} features
        {result.counts.tooFewRollouts > 0 && `; ${plural(result.counts.tooFewRollouts, 'example')} with fewer than K rollouts left out`}
        {result.counts.noRollouts > 0 && `; ${plural(result.counts.noRollouts, 'example')} without rollouts of this prompt left out`}.
      </p>

      <table className="rir-metric-table" aria-label="Cross-validation">
        <caption className="rir-muted">
          Each configuration of the grid: CCC and NMSE of its out-of-fold predictions over the train + val examples (early stopping used the
          same folds, so these are a little optimistic; the test split below was never seen).
        </caption>
        <thead>
          <tr>
            <th scope="col">Configuration</th>
            <th scope="col" className="rir-num">
              Out-of-fold CCC
            </th>
            <th scope="col" className="rir-num">
              Out-of-fold NMSE
            </th>
            <th scope="col" className="rir-num">
              Mean best epoch
            </th>
          </tr>
        </thead>
        <tbody>
          {result.configs.map((c, i) => (
            <tr key={i} aria-selected={i === result.selected} className={i === result.selected ? 'rir-selected' : undefined}>
              <th scope="row">
                {configLabel(c.config)}
                {i === result.selected && <span className="rir-badge">chosen</span>}
              </th>
              <td className="rir-num">{formatMetric(c.oofCcc)}</td>
              <td className="rir-num">{formatMetric(c.oofNmse)}</td>
              <td className="rir-num">{Math.round(c.bestEpoch)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {report.test && calTest ? (
        <>
          <h3>Test split</h3>
          <ul aria-label="Verdict" className="rir-verdicts">
            {report.comparisons.map((c) => (
              <li key={c.id} data-verdict={c.verdict}>
                {verdictText(c)}
              </li>
            ))}
          </ul>
          <AnalyzeMetricTable
            label="Test metrics"
            caption={`The calibrator and the baselines of ${prompt} against the target on the test split, which training never saw`}
            report={asTestReport(report.test, scoredCounts(report.test))}
            selected={{ prompt: report.test.prompt, predictor: 'calibrator' }}
            onSelect={() => undefined}
          />
          <AnalyzeCharts
            table={table}
            prediction={{ id: 'calibrator', values: predictions }}
            name={`${prompt} · ${keptName}`}
            split="test"
            scale={info.scale}
            examples={examples}
            onOpenExample={openExample}
          />
        </>
      ) : (
        <p className="rir-panel">No test example has a target, so the calibrator cannot be scored on unseen data.</p>
      )}

      {report.outOfFold && (
        <>
          <h3>Out of fold (train + val)</h3>
          <AnalyzeMetricTable
            label="Out-of-fold metrics"
            caption={`The calibrator’s out-of-fold predictions beside the unfitted baselines on the ${result.counts.train} train + val examples (linear and isotonic are left out: they were fitted on these examples)`}
            report={asTestReport(report.outOfFold, scoredCounts(report.outOfFold))}
            selected={{ prompt: report.outOfFold.prompt, predictor: 'calibrator' }}
            onSelect={() => undefined}
          />
        </>
      )}
      <p className="rir-muted">
        The calibrator is now a predictor on <a href={routeHref({ screen: 'analyze', datasetId: info.id })}>Analyze</a> and orders the
        “Largest error” and “Largest calibrator uncertainty” queues on{' '}
        <a href={routeHref({ screen: 'annotate', datasetId: info.id, exampleId: null })}>Annotate</a>.
      </p>
    </section>
  );
}

export function TrainScreen({ info, examples }: { info: DatasetInfo; examples: ExampleCore[] }) {
  const store = useAppStoreApi();
  const settings = useAppStore((s) => s.trainSettings);
  const run = useAppStore((s) => s.trainRun);
  const calibrations = useAppStore((s) => s.calibrations);
  const mine = run && run.datasetId === info.id ? run : null;
  const busy = mine !== null && isTrainRunBusy(mine);
  const selected = mine?.outcome?.result.selected;
  // Without a run in this session, the calibrator saved for the chosen prompt version.
  const settingsPrompt = settings.prompt ?? info.promptOrder[0] ?? '';
  const saved = mine ? null : (ownValue(calibrations, settingsPrompt) ?? null);
  // While the user looks at the settings, the training worker compiles its featuriser.
  useEffect(() => store.getState().warmTrainer(), [store]);

  return (
    <div className="rir-screen rir-train" aria-busy={busy}>
      <header className="rir-analyze-head">
        <div>
          <h1>Train a calibrator</h1>
          <p className="rir-muted">
            {info.name} · a small MLP on the rollout scores and a ridge on the reasoning, cross-validated beside the baselines on the same
            folds, trained in your browser
          </p>
        </div>
        {busy && (
          <button type="button" onClick={() => store.getState().stopTraining()} disabled={mine.status === 'stopping'}>
            Stop (keep the best so far)
          </button>
        )}
      </header>
      <TrainSettingsForm
        settings={settings}
        prompts={info.promptOrder}
        busy={busy}
        onChange={(patch) => store.getState().setTrainSettings(patch)}
        onTrain={() => void store.getState().startTraining()}
      />
      {info.promptOrder.length === 0 && <p className="rir-panel">This dataset has no rollouts: there is nothing to calibrate.</p>}
      {mine && <RunStatus run={mine} />}
      {mine && mine.configs.length > 0 && <Curves run={mine} selected={selected} />}
      {mine?.status === 'done' && mine.outcome && <Results prompt={mine.prompt} outcome={mine.outcome} info={info} examples={examples} />}
      {saved && (
        <>
          <p className="rir-muted">
            Saved calibrator of {settingsPrompt}: {saved.result.epochs} epochs on {saved.result.provider === 'webgpu' ? 'WebGPU' : 'WASM'}.
            Train again to replace it.
          </p>
          <Results prompt={settingsPrompt} outcome={saved} info={info} examples={examples} />
        </>
      )}
    </div>
  );
}
