// The charts of one prompt version × predictor on the chosen split: concordance scatter,
// reliability diagram, residuals vs target, and the distributions of predictions and targets.
// Clicking a point opens its example. Shared: Analyze shows them per row, Train for its calibrator.
import { useCallback, useMemo } from 'react';
import { Later, useMountedCount } from '../../ui/charts/mountLater.tsx';
import { evaluatedPairs, type PredictionTable, type SplitChoice } from '../../domain/analysis.ts';
import { histogramForScale, reliabilityBins } from '../../domain/binning.ts';
import type { Prediction } from '../../domain/baselines.ts';
import type { Scale } from '../../domain/types.ts';
import type { ExampleCore } from '../../domain/exampleCore.ts';
import { HistogramChart } from '../../ui/charts/HistogramChart.tsx';
import { ReliabilityDiagram } from '../../ui/charts/ReliabilityDiagram.tsx';
import { ScatterPlot } from '../../ui/charts/ScatterPlot.tsx';
import { formatScore } from '../../ui/formatScore.ts';

/** At most this many bins: finer ones make a few hundred examples look like noise. */
const HISTOGRAM_BINS = 20;

export interface AnalyzeChartsProps {
  table: PredictionTable;
  prediction: Prediction;
  /** Shown in titles, e.g. "v1 · Mean". */
  name: string;
  split: SplitChoice;
  scale: Scale;
  examples: readonly ExampleCore[];
  onOpenExample: (id: string) => void;
}

export function AnalyzeCharts({ table, prediction, name, split, scale, examples, onOpenExample }: AnalyzeChartsProps) {
  const pairs = useMemo(() => evaluatedPairs(table, prediction.values, split), [table, prediction, split]);
  const residuals = useMemo(() => pairs.pred.map((p, i) => p - pairs.target[i]!), [pairs]);
  const bins = useMemo(() => reliabilityBins(pairs.pred, pairs.target, { bins: 10, strategy: 'quantile' }), [pairs]);
  const histograms = useMemo(
    () => [
      { label: 'Predictions', bins: histogramForScale(pairs.pred, scale, HISTOGRAM_BINS), tone: 'prediction' as const },
      { label: 'Targets', bins: histogramForScale(pairs.target, scale, HISTOGRAM_BINS), tone: 'target' as const },
    ],
    [pairs, scale],
  );
  const range = scale.max - scale.min;
  const open = useCallback((i: number) => onOpenExample(examples[pairs.index[i]!]!.id), [onOpenExample, examples, pairs]);
  const label = useCallback(
    (i: number) => `${examples[pairs.index[i]!]!.id}: prediction ${formatScore(pairs.pred[i])}, target ${formatScore(pairs.target[i])}`,
    [examples, pairs],
  );

  const mounted = useMountedCount(4);

  return (
    <div className="rir-analyze-charts">
      <figure>
        <figcaption>Concordance: prediction vs target</figcaption>
        <ScatterPlot
          xs={pairs.target}
          ys={pairs.pred}
          x={{ ...scale, label: 'Target' }}
          y={{ ...scale, label: `Prediction (${name})` }}
          reference="diagonal"
          onPointClick={open}
          pointLabel={label}
          ariaLabel={`Concordance scatter, ${name} prediction vs target`}
        />
      </figure>
      <figure>
        <figcaption>Reliability: mean target per prediction bin</figcaption>
        <Later shown={mounted > 1}>
          <ReliabilityDiagram bins={bins} scale={scale} ariaLabel={`Reliability diagram of ${name}`} />
        </Later>
      </figure>
      <figure>
        <figcaption>Residuals: prediction − target vs target</figcaption>
        <Later shown={mounted > 2}>
          <ScatterPlot
            xs={pairs.target}
            ys={residuals}
            x={{ ...scale, label: 'Target' }}
            y={{ min: -range, max: range, label: 'Prediction − target' }}
            reference="zero"
            onPointClick={open}
            pointLabel={label}
            ariaLabel={`Residuals, ${name} prediction minus target vs target`}
          />
        </Later>
      </figure>
      <figure>
        <figcaption>Distribution of predictions and targets</figcaption>
        <Later shown={mounted > 3}>
          <HistogramChart series={histograms} scale={scale} xLabel="Score" ariaLabel={`Histograms of ${name} predictions and targets`} />
        </Later>
      </figure>
    </div>
  );
}
