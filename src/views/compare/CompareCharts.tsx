// The charts of the Compare screen (docs/ARCHITECTURE.md §11.4): version A against version B on the same examples —
// A vs B per example coloured by which is closer to the target, Bland–Altman, the per-example Δ|error| sorted, the
// bootstrap distribution of ΔCCC — and small multiples of every version's rollout diagnostics. Numbers from
// domain/compareCharts.ts and domain/versionDiagnostics.ts; charts from ui/charts. Props only, no store.
import { useCallback, useMemo, type JSX, type ReactNode } from 'react';
import { Later, useMountedCount } from '../../ui/charts/mountLater.tsx';
import {
  blandAltman,
  closerSplit,
  deltaAbsError,
  deltaDistribution,
  sortedDeltas,
  symmetricRange,
  type CloserSplit,
} from '../../domain/compareCharts.ts';
import type { Interval } from '../../domain/metrics/bootstrap.ts';
import { formatInterval, formatMetric } from '../../domain/metrics/formatMetric.ts';
import type { VersionDiagnostics } from '../../domain/versionDiagnostics.ts';
import { BarChart, type BarDatum } from '../../ui/charts/BarChart.tsx';
import type { ChartMarker } from '../../ui/charts/chartFrame.tsx';
import { HistogramChart } from '../../ui/charts/HistogramChart.tsx';
import { ScatterPlot } from '../../ui/charts/ScatterPlot.tsx';
import { formatScore } from '../../ui/formatScore.ts';
import './compareCharts.css';

export interface CompareChartsProps {
  names: { a: string; b: string };
  /** Ids of the compared examples, aligned with target/a/b. */
  ids: readonly string[];
  target: Float64Array;
  /** Version A's predictions. */
  a: Float64Array;
  /** Version B's predictions. */
  b: Float64Array;
  scale: { min: number; max: number; step?: number };
  /** Per-resample ΔCCC = CCC(B) − CCC(A) of the paired bootstrap; null while computing / 0 resamples. */
  deltaCcc: Float64Array | null;
  deltaCccCi: Interval | null;
  /** Rollout diagnostics of every prompt version (small multiples); from versionDiagnostics(). */
  versions: readonly VersionDiagnostics[];
  onOpenExample: (id: string) => void;
}

/** Number of charts, mounted one per animation frame (as Analyze's) so their recharts set-up does not land in one frame. */
const CHART_COUNT = 8;

function Figure({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  return (
    <figure className={wide ? 'rir-compare-wide' : undefined}>
      <figcaption>{title}</figcaption>
      {children}
    </figure>
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const percent = (v: number) => `${formatScore(Math.round(v * 1000) / 10)}%`;
const count = (v: number) => String(Math.round(v));

/** "B closer on 183, A closer on 97, tied 20", each with the swatch of its colour. */
function CloserKey({ names, split, total }: { names: { a: string; b: string }; split: CloserSplit; total: number }) {
  const without = total - split.n;
  return (
    <p className="rir-compare-key">
      <span className="rir-cat-swatch rir-chart-cat-0" aria-hidden="true" />
      {`${names.b} closer on ${split.bCloser}, `}
      <span className="rir-cat-swatch rir-chart-cat-1" aria-hidden="true" />
      {`${names.a} closer on ${split.aCloser}, `}
      <span className="rir-cat-swatch rir-chart-cat-2" aria-hidden="true" />
      {`tied ${split.tied}`}
      {without > 0 && `; ${plural(without, 'example')} without a target or prediction`}
    </p>
  );
}

/** One small multiple per rollout diagnostic, A and B picked out. */
const DIAGNOSTICS: readonly {
  key: keyof Omit<VersionDiagnostics, 'name'>;
  title: string;
  axis: string;
  domain?: (bars: readonly BarDatum[]) => { min: number; max: number };
  format?: (v: number) => string;
  markers?: readonly ChartMarker[];
}[] = [
  { key: 'spread', title: 'Rollout spread', axis: 'Mean within-example SD' },
  { key: 'identicalShare', title: 'Identical rollouts', axis: 'Share of examples', domain: () => ({ min: 0, max: 1 }), format: percent },
  { key: 'distinctValues', title: 'Distinct score values', axis: 'Values used', format: count },
  {
    key: 'sigmaRatio',
    title: 'σ ratio',
    axis: 'SD of mean predictions / SD of targets',
    domain: (bars) => ({ min: 0, max: Math.max(1.25, ...bars.map((b) => (b.value !== null && Number.isFinite(b.value) ? b.value : 0))) }),
    markers: [{ axis: 'x', value: 1, label: '1' }],
  },
];

export function CompareCharts({
  names,
  ids,
  target,
  a,
  b,
  scale,
  deltaCcc,
  deltaCccCi,
  versions,
  onOpenExample,
}: CompareChartsProps): JSX.Element {
  const A = names.a;
  const B = names.b;
  const { min, max, step } = scale;
  const delta = useMemo(() => deltaAbsError(target, a, b), [target, a, b]);
  const closer = useMemo(() => closerSplit(delta), [delta]);
  const ba = useMemo(() => blandAltman(a, b), [a, b]);
  const sorted = useMemo(() => sortedDeltas(delta), [delta]);
  const dist = useMemo(() => (deltaCcc && deltaCcc.length > 0 ? deltaDistribution(deltaCcc, deltaCccCi) : null), [deltaCcc, deltaCccCi]);

  const closerLabels = useMemo(() => [`${B} closer`, `${A} closer`, 'tied'], [A, B]);
  const helpLabels = useMemo(() => [`${B} helps`, `${B} hurts`, 'tie'], [B]);

  const describe = useCallback(
    (i: number) => `${ids[i] ?? i}: ${A} ${formatScore(a[i])}, ${B} ${formatScore(b[i])}, target ${formatScore(target[i])}`,
    [ids, a, b, target, A, B],
  );
  const open = useCallback((i: number) => ids[i] !== undefined && onOpenExample(ids[i]), [ids, onOpenExample]);
  const openSorted = useCallback((r: number) => open(sorted.order[r]!), [open, sorted]);
  const describeSorted = useCallback(
    (r: number) => `${describe(sorted.order[r]!)}; Δ|error| ${formatScore(sorted.deltas[r])}`,
    [describe, sorted],
  );

  // Bland–Altman: the y axis holds every difference and both limits, with 0 in the middle.
  const baRange = useMemo(() => symmetricRange(ba.diffs, [ba.lower, ba.upper]), [ba]);
  const baMarkers = useMemo<ChartMarker[]>(
    () =>
      ba.bias === null
        ? []
        : [
            { axis: 'y', value: ba.bias, label: `bias ${formatScore(ba.bias)}`, className: 'rir-chart-marker-strong' },
            ...(ba.upper !== null ? [{ axis: 'y' as const, value: ba.upper, label: `+1.96 SD ${formatScore(ba.upper)}` }] : []),
            ...(ba.lower !== null ? [{ axis: 'y' as const, value: ba.lower, label: `−1.96 SD ${formatScore(ba.lower)}` }] : []),
          ],
    [ba],
  );
  const baText =
    ba.bias === null
      ? 'no examples with both predictions'
      : `bias ${formatScore(ba.bias)}` +
        (ba.lower !== null && ba.upper !== null
          ? `, 95% limits of agreement ${formatScore(ba.lower)} to ${formatScore(ba.upper)}`
          : ' (one example: no limits of agreement)');

  const sortedRange = useMemo(() => symmetricRange(sorted.deltas), [sorted]);
  const helpText = `${B} helps on ${plural(sorted.helps, 'example')}, hurts on ${sorted.hurts}, ties on ${sorted.ties}`;

  const histogramSeries = useMemo(
    () => (dist ? [{ label: 'ΔCCC per resample', bins: dist.bins, tone: 'prediction' as const }] : []),
    [dist],
  );
  const histogramMarkers = useMemo<ChartMarker[]>(
    () => [
      { axis: 'x', value: 0, label: '0', className: 'rir-chart-marker-strong' },
      ...(deltaCccCi
        ? [
            { axis: 'x' as const, value: deltaCccCi[0], label: `2.5%: ${formatMetric(deltaCccCi[0])}` },
            { axis: 'x' as const, value: deltaCccCi[1], label: `97.5%: ${formatMetric(deltaCccCi[1])}` },
          ]
        : []),
    ],
    [deltaCccCi],
  );
  const distText = dist
    ? `95% CI ${formatInterval(deltaCccCi)}; ΔCCC ≤ 0 in ${dist.atMostZero} of ${plural(dist.n, 'resample')} (${percent(dist.n ? dist.atMostZero / dist.n : 0)})`
    : '';

  const multiples = useMemo(
    () =>
      DIAGNOSTICS.map((d) => {
        const bars: BarDatum[] = versions.map((v) => ({
          label: v.name,
          value: v[d.key],
          ...(v.name === B ? { category: 0, note: '(B)' } : v.name === A ? { category: 1, note: '(A)' } : {}),
        }));
        return { ...d, bars, domainOf: d.domain?.(bars) };
      }),
    [versions, A, B],
  );

  const mounted = useMountedCount(CHART_COUNT);
  const scatterAxis = (label: string) => ({ min, max, step, label });

  return (
    <div className="rir-compare-charts">
      <Figure title={`${A} vs ${B}: prediction per example`}>
        <ScatterPlot
          xs={a}
          ys={b}
          x={scatterAxis(`${A} prediction`)}
          y={scatterAxis(`${B} prediction`)}
          reference="diagonal"
          categories={closer.category}
          categoryLabels={closerLabels}
          onPointClick={open}
          pointLabel={describe}
          ariaLabel={`${A} vs ${B} prediction per example, coloured by which is closer to the target (${B} closer on ${closer.bCloser}, ${A} closer on ${closer.aCloser}, tied ${closer.tied})`}
        />
        <CloserKey names={names} split={closer} total={delta.length} />
      </Figure>
      <Figure title={`Bland–Altman: ${B} − ${A} against their mean`}>
        <Later shown={mounted > 1}>
          <ScatterPlot
            xs={ba.means}
            ys={ba.diffs}
            x={scatterAxis(`Mean of ${A} and ${B}`)}
            y={{ ...baRange, label: `${B} − ${A}` }}
            reference="zero"
            markers={baMarkers}
            onPointClick={open}
            pointLabel={describe}
            ariaLabel={`Bland–Altman, ${B} − ${A} against the mean of ${A} and ${B}: ${baText}`}
          />
        </Later>
        <p className="rir-compare-key">{baText[0]!.toUpperCase() + baText.slice(1)}.</p>
      </Figure>
      <Figure title={`Per-example Δ|error|, sorted: where ${B} helps (below 0) and hurts (above 0)`}>
        <Later shown={mounted > 2}>
          <ScatterPlot
            xs={sorted.ranks}
            ys={sorted.deltas}
            x={{ min: 1, max: Math.max(1, sorted.deltas.length), label: 'Examples, sorted by Δ|error|' }}
            y={{ ...sortedRange, label: `|${B} − target| − |${A} − target|` }}
            reference="zero"
            categories={sorted.category}
            categoryLabels={helpLabels}
            onPointClick={openSorted}
            pointLabel={describeSorted}
            ariaLabel={`Per-example Δ|error| of ${B} against ${A}, sorted: ${helpText}`}
          />
        </Later>
        <p className="rir-compare-key">
          <span className="rir-cat-swatch rir-chart-cat-0" aria-hidden="true" />
          {`${B} helps on ${plural(sorted.helps, 'example')}, `}
          <span className="rir-cat-swatch rir-chart-cat-1" aria-hidden="true" />
          {`hurts on ${sorted.hurts}, `}
          <span className="rir-cat-swatch rir-chart-cat-2" aria-hidden="true" />
          {`ties on ${sorted.ties}. Click a point to open its example.`}
        </p>
      </Figure>
      <Figure title={`Bootstrap distribution of ΔCCC = CCC(${B}) − CCC(${A})`}>
        {dist ? (
          <>
            <Later shown={mounted > 3}>
              <HistogramChart
                series={histogramSeries}
                xLabel={`ΔCCC (${B} − ${A})`}
                markers={histogramMarkers}
                ariaLabel={`Bootstrap distribution of ΔCCC, ${distText}`}
              />
            </Later>
            <p className="rir-compare-key">{distText}.</p>
          </>
        ) : (
          <p className="rir-compare-note" role="status">
            {deltaCcc ? 'No resamples: the bootstrap is off (0 resamples).' : 'Computing the bootstrap… (none with 0 resamples)'}
          </p>
        )}
      </Figure>
      <Figure title="Rollout diagnostics per version" wide>
        <p className="rir-compare-key">
          <span className="rir-cat-swatch rir-chart-cat-1" aria-hidden="true" />
          {`A = ${A}, `}
          <span className="rir-cat-swatch rir-chart-cat-0" aria-hidden="true" />
          {`B = ${B}`}
        </p>
        <div className="rir-compare-multiples">
          {multiples.map((m, k) => (
            <div key={m.key} className="rir-compare-multiple">
              <h4>{m.title}</h4>
              <Later shown={mounted > 4 + k}>
                <BarChart
                  bars={m.bars}
                  xLabel={m.axis}
                  domain={m.domainOf}
                  format={m.format}
                  markers={m.markers}
                  ariaLabel={`${m.title} per version`}
                />
              </Later>
            </div>
          ))}
        </div>
      </Figure>
    </div>
  );
}
