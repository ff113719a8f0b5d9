// Regression reliability diagram: binned mean prediction against mean target with 95% CIs, and y = x (docs/ARCHITECTURE.md §8.6, §11.4).
// Pure SVG from props (bins come from domain/binning.ts); no store, no chart library.
import { memo } from 'react';
import type { ReliabilityBin } from '../../domain/binning.ts';
import { formatRange, formatScore } from '../formatScore.ts';
import { ChartAxes, ChartSvg, linearScale, NoData, plotArea, round2, ticksFor } from './chartFrame.tsx';

export interface ReliabilityDiagramProps {
  /** From `reliabilityBins`, in any order. */
  bins: readonly ReliabilityBin[];
  /** Dataset scale: the domain of both axes. Means and CI ends outside it are drawn on its edge. */
  scale: { min: number; max: number; step?: number };
  /** Default 'Mean prediction'. */
  xLabel?: string;
  /** Default 'Mean target'. */
  yLabel?: string;
  /** Name of the chart; the chart appends what it drew (": 5 bins, 120 examples"). */
  ariaLabel: string;
  /** Size in px (the SVG scales down to its container). Default 400 × 360. */
  width?: number;
  height?: number;
}

// Layout. ReliabilityDiagram.test.tsx computes expected positions from these and chartFrame's MARGIN by hand.
/** Marker radius: area ∝ n, the largest bin at MAX_R, none smaller than MIN_R. */
const MAX_R = 9;
const MIN_R = 2.5;
/** Half-width of the caps at the whisker ends. */
const CAP = 3;

function binTitle(b: ReliabilityBin): string {
  const range = b.lo === b.hi ? formatScore(b.lo) : formatRange(b.lo, b.hi);
  const ci = b.ci ? `95% CI ${formatRange(b.ci[0], b.ci[1])}` : 'no CI (n < 2)';
  return `predictions ${range} (n = ${b.n}): mean prediction ${formatScore(b.meanPred)}, mean target ${formatScore(b.meanTarget)}, ${ci}`;
}

export const ReliabilityDiagram = memo(function ReliabilityDiagram({
  bins,
  scale,
  xLabel = 'Mean prediction',
  yLabel = 'Mean target',
  ariaLabel,
  width = 400,
  height = 360,
}: ReliabilityDiagramProps) {
  const area = plotArea(width, height);
  const sx = linearScale(scale, area.left, area.right);
  const sy = linearScale(scale, area.bottom, area.top);
  const drawn = bins
    .filter((b) => b.n > 0 && Number.isFinite(b.meanPred) && Number.isFinite(b.meanTarget))
    .sort((a, b) => a.meanPred - b.meanPred);
  const nMax = drawn.reduce((m, b) => Math.max(m, b.n), 0);
  const total = drawn.reduce((s, b) => s + b.n, 0);
  const px = (b: ReliabilityBin) => sx(sx.clamp(b.meanPred));
  const py = (v: number) => sy(sy.clamp(v));
  const { min, max } = sx.domain;

  const summary = drawn.length ? `${drawn.length} ${drawn.length === 1 ? 'bin' : 'bins'}, ${total} examples` : 'no data';
  return (
    <ChartSvg kind="reliability" ariaLabel={`${ariaLabel}: ${summary}`} width={width} height={height}>
      <ChartAxes
        area={area}
        x={{ scale: sx, label: xLabel, ticks: ticksFor(sx, scale.step) }}
        y={{ scale: sy, label: yLabel, ticks: ticksFor(sy, scale.step) }}
      />
      <line className="rir-chart-reference" x1={sx(min)} y1={sy(min)} x2={sx(max)} y2={sy(max)} />
      {drawn.length > 1 && (
        <polyline className="rir-chart-reliability-path" points={drawn.map((b) => `${px(b)},${py(b.meanTarget)}`).join(' ')} />
      )}
      {drawn.map((b) => {
        const cx = px(b);
        return (
          <g key={`${b.lo}:${b.hi}:${b.meanPred}`} className="rir-chart-bin">
            <title>{binTitle(b)}</title>
            {b.ci && (
              <g className="rir-chart-whisker">
                <line x1={cx} x2={cx} y1={py(b.ci[0])} y2={py(b.ci[1])} />
                <line x1={round2(cx - CAP)} x2={round2(cx + CAP)} y1={py(b.ci[0])} y2={py(b.ci[0])} />
                <line x1={round2(cx - CAP)} x2={round2(cx + CAP)} y1={py(b.ci[1])} y2={py(b.ci[1])} />
              </g>
            )}
            <circle
              className="rir-chart-bin-marker"
              data-n={b.n}
              cx={cx}
              cy={py(b.meanTarget)}
              r={round2(Math.max(MIN_R, MAX_R * Math.sqrt(b.n / nMax)))}
            />
          </g>
        );
      })}
      {drawn.length === 0 && <NoData area={area} />}
    </ChartSvg>
  );
});
