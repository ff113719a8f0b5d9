// Regression reliability diagram: binned mean prediction against mean target with 95% CIs, and y = x (docs/ARCHITECTURE.md §8.6, §11.4).
// On recharts: the frame, ReferenceLine y = x, a Scatter of the bins with an ErrorBar per CI, and a Line through the bins.
// Bins come from domain/binning.ts as props; no store.
import { memo } from 'react';
import { ErrorBar, Line, ReferenceLine, Scatter } from 'recharts';
import { widenRange, type Range, type ReliabilityBin } from '../../domain/binning.ts';
import { axisTicks } from '../axisTicks.ts';
import { formatRange, formatScore } from '../formatScore.ts';
import { ChartFrame, NoData, round2 } from './chartFrame.tsx';

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
/** Half-width of the caps at the whisker ends (recharts' ErrorBar `width`). */
const CAP = 3;

/** One bin as recharts data: its position limited to the domain and its CI as distances below and above. */
interface BinPoint {
  x: number;
  y: number;
  /** [below, above] y, for ErrorBar; absent without a CI. */
  ci?: [number, number];
  r: number;
  bin: ReliabilityBin;
}

function binTitle(b: ReliabilityBin): string {
  const range = b.lo === b.hi ? formatScore(b.lo) : formatRange(b.lo, b.hi);
  const ci = b.ci ? `95% CI ${formatRange(b.ci[0], b.ci[1])}` : 'no CI (n < 2)';
  return `predictions ${range} (n = ${b.n}): mean prediction ${formatScore(b.meanPred)}, mean target ${formatScore(b.meanTarget)}, ${ci}`;
}

function points(bins: readonly ReliabilityBin[], d: Range): BinPoint[] {
  const clamp = (v: number) => Math.min(Math.max(v, d.min), d.max);
  const drawn = bins
    .filter((b) => b.n > 0 && Number.isFinite(b.meanPred) && Number.isFinite(b.meanTarget))
    .sort((a, b) => a.meanPred - b.meanPred);
  const nMax = drawn.reduce((m, b) => Math.max(m, b.n), 0);
  return drawn.map((bin) => {
    const y = clamp(bin.meanTarget);
    const ci = bin.ci && ([y - clamp(bin.ci[0]), clamp(bin.ci[1]) - y] as [number, number]);
    return { x: clamp(bin.meanPred), y, ci: ci ?? undefined, r: round2(Math.max(MIN_R, MAX_R * Math.sqrt(bin.n / nMax))), bin };
  });
}

/** Scatter shape of a bin: its marker, named by a tooltip. */
function BinMarker({ cx, cy, payload }: { cx?: number; cy?: number; payload?: BinPoint }) {
  if (cx === undefined || cy === undefined || !payload) return null;
  return (
    <g className="rir-chart-bin">
      <title>{binTitle(payload.bin)}</title>
      <circle className="rir-chart-bin-marker" data-n={payload.bin.n} cx={round2(cx)} cy={round2(cy)} r={payload.r} />
    </g>
  );
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
  const d = widenRange(scale);
  const data = points(bins, d);
  const total = data.reduce((s, p) => s + p.bin.n, 0);
  const ticks = axisTicks({ ...d, step: scale.step });

  const summary = data.length ? `${data.length} ${data.length === 1 ? 'bin' : 'bins'}, ${total} examples` : 'no data';
  return (
    // Not strict while there are bins: every mark is limited to the domain above, so nothing needs clipping and a
    // marker on the edge stays whole. (Without any series a non-strict recharts axis has no domain at all.)
    <ChartFrame
      kind="reliability"
      ariaLabel={`${ariaLabel}: ${summary}`}
      width={width}
      height={height}
      strict={data.length === 0}
      x={{ domain: d, ticks, label: xLabel }}
      y={{ domain: d, ticks, label: yLabel }}
    >
      <ReferenceLine
        className="rir-chart-reference"
        segment={[
          { x: d.min, y: d.min },
          { x: d.max, y: d.max },
        ]}
      />
      {data.length > 1 && (
        <Line
          data={data}
          dataKey="y"
          className="rir-chart-reliability-path"
          dot={false}
          activeDot={false}
          legendType="none"
          isAnimationActive={false}
        />
      )}
      {data.length > 0 && (
        <Scatter data={data} dataKey="y" shape={BinMarker} legendType="none" isAnimationActive={false}>
          <ErrorBar dataKey="ci" direction="y" width={CAP} isAnimationActive={false} />
        </Scatter>
      )}
      {data.length === 0 && <NoData />}
    </ChartFrame>
  );
});
